import { useParams } from '@tanstack/react-router';
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
import type { Network } from '../../api/client';
import { TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { WithNetwork } from '../allies/NetworkLoader';
import { fieldProblems, NoSignalsAccess, useAnnouncer } from './parts';
import { mayCoordinateSignals, signalPaths, useApiMutation, useThemes, type SignalTheme } from './signals';

/** Thema's: /netwerken/$networkId/signalen/themas — coordinators add and archive own themes. */
export function ThemesPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/signalen/themas' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) => (mayCoordinateSignals(network) ? <ThemesView network={network} /> : <NoSignalsAccess network={network} />)}
    </WithNetwork>
  );
}

function ThemesView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const networkId = network.id;
  const captionId = useId();
  const formHeadingId = useId();
  useDocumentTitle(t('signals.themes.titleOf', { name: network.name }));
  const { announce, status } = useAnnouncer();
  const themes = useThemes(networkId);

  const [label, setLabel] = useState('');
  const [localError, setLocalError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const add = useApiMutation<{ body: { label: string } }, SignalTheme>('POST', () => signalPaths.themes(networkId));
  const change = useApiMutation<{ key: string; action: 'archive' | 'restore' }, SignalTheme>('POST', ({ key, action }) =>
    signalPaths.theme(networkId, key, action),
  );
  const { errors, summary } = fieldProblems(add.error, { label: 'theme-label' }, () => t('signals.themes.newLabel'), {
    ...(localError ? { label: localError } : {}),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (add.isPending) return;
    const name = label.trim();
    if (!name) {
      add.reset();
      setLocalError(t('signals.themes.labelRequired'));
      setAttempt((n) => n + 1);
      return;
    }
    setLocalError(undefined);
    add.mutate(
      { body: { label: name } },
      {
        onSuccess: (theme) => {
          setLabel('');
          announce(t('signals.themes.added', { label: theme.label }));
        },
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  const items = themes.data?.items ?? [];
  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }}>
          {t('signals.backToList')}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('signals.themes.title')}</Heading>
      <Paragraph>{t('signals.themes.intro')}</Paragraph>
      {status}
      {change.isError && <ProblemAlert error={change.error} focusOnShow />}
      {themes.isPending && <Loading />}
      {themes.isError && <QueryError error={themes.error} onRetry={() => void themes.refetch()} />}
      {items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('signals.themes.caption', { name: network.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('signals.themes.columns.label')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('signals.themes.columns.kind')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('signals.themes.columns.status')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('signals.themes.columns.change')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((theme) => (
                <TableRow key={theme.key}>
                  <TableHeaderCell scope="row">{theme.label}</TableHeaderCell>
                  <TableCell>{theme.national ? t('signals.themes.national') : t('signals.themes.own')}</TableCell>
                  <TableCell>{theme.archived ? t('signals.themes.archived') : t('signals.themes.active')}</TableCell>
                  <TableCell>
                    {!theme.national && (
                      <Button
                        appearance="secondary-action-button"
                        busy={change.isPending && change.variables?.key === theme.key}
                        onClick={() => {
                          if (change.isPending) return;
                          const action = theme.archived ? 'restore' : 'archive';
                          change.mutate(
                            { key: theme.key, action },
                            {
                              onSuccess: () =>
                                announce(
                                  t(action === 'archive' ? 'signals.themes.archivedDone' : 'signals.themes.restoredDone', {
                                    label: theme.label,
                                  }),
                                ),
                            },
                          );
                        }}
                      >
                        {theme.archived ? t('signals.themes.restore') : t('signals.themes.archive')}{' '}
                        <span className="bg-visually-hidden">{theme.label}</span>
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      <Heading level={2} id={formHeadingId}>
        {t('signals.themes.add')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={formHeadingId}>
        {(add.isError || localError) && (
          <ProblemAlert
            key={attempt}
            error={add.isError ? add.error : { title: t('signals.form.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <TextField id="theme-label" label={t('signals.themes.newLabel')} required value={label} onChange={setLabel} error={errors.label} />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={add.isPending}>
            {t('signals.themes.add')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}
