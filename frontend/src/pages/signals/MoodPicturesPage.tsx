import { useNavigate, useParams } from '@tanstack/react-router';
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
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isForbidden, type Network } from '../../api/client';
import { TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate, formatDateTime, today } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { BackToNetwork, fieldProblems, NoSignalsAccess } from './parts';
import {
  addDays,
  mayCoordinateSignals,
  mayOpenSignals,
  mayReadSignals,
  signalKeys,
  signalPaths,
  useApiMutation,
  useApiQuery,
  type MoodPicture,
  type MoodPictureSummary,
} from './signals';

/** Sfeerbeelden: /netwerken/$networkId/sfeerbeelden. */
export function MoodPicturesPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/sfeerbeelden' });
  return <WithNetwork networkId={networkId}>{(network) => <MoodPicturesView network={network} />}</WithNetwork>;
}

function MoodPicturesView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const captionId = useId();
  const networkId = network.id;
  const mayOpen = mayOpenSignals(network);
  useDocumentTitle(t('moodPictures.titleOf', { name: network.name }));
  const list = useApiQuery<{ items: MoodPictureSummary[] }>(signalKeys.moodPictures(networkId), signalPaths.moodPictures(networkId), {
    enabled: mayOpen,
  });
  if (!mayOpen || isForbidden(list.error)) return <NoSignalsAccess network={network} />;
  const items = list.data?.items ?? [];

  return (
    <>
      <BackToNetwork network={network} />
      <Heading level={1}>{t('moodPictures.title')}</Heading>
      <Paragraph>{t('moodPictures.intro')}</Paragraph>
      {mayCoordinateSignals(network) && <NewMoodPicture network={network} />}
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && items.length === 0 && (
        <Paragraph>{mayReadSignals(network) ? t('moodPictures.none') : t('moodPictures.noneShared')}</Paragraph>
      )}
      {items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('moodPictures.caption', { name: network.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('moodPictures.columns.title')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('moodPictures.columns.period')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('moodPictures.columns.shared')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.id}>
                  <TableHeaderCell scope="row">
                    <RouterLink
                      to="/netwerken/$networkId/sfeerbeelden/$moodPictureId"
                      params={{ networkId, moodPictureId: item.id }}
                    >
                      {item.title}
                    </RouterLink>
                  </TableHeaderCell>
                  <TableCell>
                    {t('moodPictures.period', {
                      from: formatDate(item.periodFrom, language),
                      to: formatDate(item.periodTo, language),
                    })}
                  </TableCell>
                  <TableCell>
                    {item.shared
                      ? t('moodPictures.sharedOn', { when: formatDateTime(item.shared.at, language), by: item.shared.by })
                      : t('moodPictures.notShared')}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}

type PeriodField = 'periodFrom' | 'periodTo';
const PERIOD_IDS: Record<PeriodField, string> = { periodFrom: 'mood-period-from', periodTo: 'mood-period-to' };
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "Nieuw sfeerbeeld": a draft generated for a period (default the last four weeks). */
function NewMoodPicture({ network }: { network: Network }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const headingId = useId();
  const end = today();
  const [periodFrom, setFrom] = useState(addDays(end, -27));
  const [periodTo, setTo] = useState(end);
  const [local, setLocal] = useState<Partial<Record<PeriodField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const create = useApiMutation<{ body: { periodFrom: string; periodTo: string } }, MoodPicture>('POST', () =>
    signalPaths.moodPictures(network.id),
  );
  const { errors, summary } = fieldProblems(create.error, PERIOD_IDS, (f) => t(`moodPictures.${f}`), local);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const problems: Partial<Record<PeriodField, string>> = {};
    if (!DAY.test(periodFrom)) problems.periodFrom = t('moodPictures.periodRequired');
    if (!DAY.test(periodTo)) problems.periodTo = t('moodPictures.periodRequired');
    else if (DAY.test(periodFrom) && periodTo < periodFrom) problems.periodTo = t('moodPictures.periodOrder');
    else if (DAY.test(periodFrom) && addDays(periodFrom, 91) < periodTo) problems.periodTo = t('moodPictures.periodMax');
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      create.reset();
      setAttempt((n) => n + 1);
      return;
    }
    create.mutate(
      { body: { periodFrom, periodTo } },
      {
        onSuccess: (picture) =>
          void navigate({
            to: '/netwerken/$networkId/sfeerbeelden/$moodPictureId',
            params: { networkId: network.id, moodPictureId: picture.id },
          }),
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className="bg-section">
      <Heading level={2} id={headingId}>
        {t('moodPictures.new')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
        {(create.isError || Object.keys(local).length > 0) && (
          <ProblemAlert
            key={attempt}
            error={create.isError ? create.error : { title: t('moodPictures.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <div className="bg-when">
          <TextField
            id={PERIOD_IDS.periodFrom}
            type="date"
            label={t('moodPictures.periodFrom')}
            required
            value={periodFrom}
            onChange={setFrom}
            error={errors.periodFrom}
          />
          <TextField
            id={PERIOD_IDS.periodTo}
            type="date"
            label={t('moodPictures.periodTo')}
            required
            value={periodTo}
            onChange={setTo}
            error={errors.periodTo}
          />
        </div>
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={create.isPending}>
            {t('moodPictures.generate')}
          </Button>
        </ButtonGroup>
      </form>
    </section>
  );
}
