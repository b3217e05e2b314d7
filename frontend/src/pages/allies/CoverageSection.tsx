import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ButtonGroup,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, problemFieldErrors, type Coverage, type Covered, type Network } from '../../api/client';
import { TextAreaField } from '../../components/fields';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { mayManageNetwork } from '../networks/networks';
import { COVERAGE_KEY, COVERAGE_PATH } from './allies';

const LISTS = ['communities', 'neighbourhoods'] as const;
type List = (typeof LISTS)[number];

const FIELD_IDS: Record<List, string> = {
  communities: 'coverage-communities-input',
  neighbourhoods: 'coverage-neighbourhoods-input',
};

/** One entry per line: trimmed, empty lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The list a field error is about ("communities", "communities[3]", …), if any. */
function listOf(field: string): List | undefined {
  return LISTS.find((list) => field === list || field.startsWith(`${list}[`) || field.startsWith(`${list}.`));
}

/** Witte vlekken: the communities and neighbourhoods the network wants to reach, with their active allies. */
export function CoverageSection({ network }: { network: Network }) {
  const { t } = useTranslation();
  const statusRef = useRef<HTMLParagraphElement>(null);
  const networkId = network.id;
  const params = { params: { path: { networkId } } };
  const coverage = $api.useQuery('get', COVERAGE_PATH, params);
  const mayEdit = mayManageNetwork(network);

  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);

  return (
    <>
      <Heading level={2}>{t('coverage.heading')}</Heading>
      <Paragraph>{t('coverage.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>
      {coverage.isPending && <Loading />}
      {coverage.isError && <QueryError error={coverage.error} onRetry={() => void coverage.refetch()} />}
      {coverage.data && (
        <>
          <CoverageTables data={coverage.data} />
          {mayEdit && (
            <CoverageForm
              networkId={networkId}
              data={coverage.data}
              onSaved={() => setAnnouncement(({ count }) => ({ message: t('coverage.saved'), count: count + 1 }))}
            />
          )}
        </>
      )}
    </>
  );
}

function CoverageTables({ data }: { data: Coverage }) {
  const { t } = useTranslation();
  if (data.communities.length === 0 && data.neighbourhoods.length === 0) {
    return <Paragraph>{t('coverage.empty')}</Paragraph>;
  }
  return (
    <>
      <Paragraph>{t('coverage.whiteSpots', { count: data.whiteSpots })}</Paragraph>
      {LISTS.map((list) => (
        <CoverageTable key={list} list={list} rows={data[list]} />
      ))}
    </>
  );
}

function CoverageTable({ list, rows }: { list: List; rows: Covered[] }) {
  const { t } = useTranslation();
  const captionId = `coverage-${list}`;
  if (rows.length === 0) return <Paragraph>{t(`coverage.none.${list}`)}</Paragraph>;
  return (
    <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table className="bg-table">
        <TableCaption id={captionId}>{t(`coverage.caption.${list}`)}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t(`coverage.nameColumn.${list}`)}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('coverage.alliesColumn')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ name, allies, fewerThanThree }) => (
            <TableRow key={name}>
              <TableHeaderCell scope="row">{name}</TableHeaderCell>
              <TableCell>
                {/* 1 or 2 is given as "fewer than 3" to those who do not see the allies themselves. */}
                {fewerThanThree || allies === null ? t('coverage.fewerThanThree') : allies}
                {allies === 0 && !fewerThanThree && (
                  <>
                    {' '}
                    <span className="bg-white-spot">({t('coverage.whiteSpot')})</span>
                  </>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function textOf(data: Coverage): Record<List, string> {
  return {
    communities: data.communities.map((c) => c.name).join('\n'),
    neighbourhoods: data.neighbourhoods.map((c) => c.name).join('\n'),
  };
}

function CoverageForm({ networkId, data, onSaved }: { networkId: string; data: Coverage; onSaved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const [values, setValues] = useState<Record<List, string>>(() => textOf(data));
  const [showErrors, setShowErrors] = useState(0);
  const params = { params: { path: { networkId } } };
  const save = $api.useMutation('put', COVERAGE_PATH, {
    onSettled: () => queryClient.invalidateQueries({ queryKey: COVERAGE_KEY }),
  });

  const errors: Partial<Record<List, string>> = {};
  const others: FieldProblem[] = [];
  for (const [field, message] of Object.entries(problemFieldErrors(save.error))) {
    const list = listOf(field);
    if (list) errors[list] ??= message;
    else others.push({ label: field, message });
  }
  const label = (list: List) => t(`coverage.field.${list}`);
  const summary: FieldProblem[] = [
    ...LISTS.flatMap((list) => {
      const message = errors[list];
      return message ? [{ id: FIELD_IDS[list], label: label(list), message }] : [];
    }),
    ...others,
  ];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate(
      { ...params, body: { communities: linesOf(values.communities), neighbourhoods: linesOf(values.neighbourhoods) } },
      {
        onSuccess: (updated) => {
          queryClient.setQueryData($api.queryOptions('get', COVERAGE_PATH, params).queryKey, updated);
          setValues(textOf(updated));
          onSaved();
        },
        onError: () => setShowErrors((n) => n + 1),
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
      <Heading level={3} id={headingId}>
        {t('coverage.formHeading')}
      </Heading>
      {save.isError && <ProblemAlert key={showErrors} error={save.error} fields={summary} focusOnShow />}
      {LISTS.map((list) => (
        <TextAreaField
          key={list}
          id={FIELD_IDS[list]}
          label={label(list)}
          description={t('coverage.onePerLine')}
          rows={5}
          value={values[list]}
          onChange={(v) => setValues((current) => ({ ...current, [list]: v }))}
          error={errors[list]}
        />
      ))}
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
          {t('coverage.submit')}
        </Button>
      </ButtonGroup>
    </form>
  );
}
