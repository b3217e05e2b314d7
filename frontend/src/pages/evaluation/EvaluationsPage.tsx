import { useNavigate, useParams } from '@tanstack/react-router';
import {
  Button,
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
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Network } from '../../api/client';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { RouterLink } from '../../components/links';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import {
  evaluationPaths,
  mayReadEvaluations,
  mayWriteEvaluations,
  useEvaluationMutation,
  useEvaluations,
  type EvaluationSummary,
} from './evaluation';
import './evaluation.css';

/** The way to the evaluations from the network page. */
export function EvaluationNav({ network }: { network: Network }) {
  const { t } = useTranslation();
  if (!mayReadEvaluations(network)) return null;
  return (
    <section aria-labelledby="network-evaluations-heading">
      <Heading level={2} id="network-evaluations-heading">
        {t('evaluation.nav')}
      </Heading>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/evaluaties" params={{ networkId: network.id }}>
          {t('evaluation.navLink')}
        </RouterLink>
      </Paragraph>
    </section>
  );
}

/** The evaluations of a network: /netwerken/$networkId/evaluaties. */
export function EvaluationsPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/evaluaties' });
  return <WithNetwork networkId={networkId}>{(network) => <EvaluationsView network={network} />}</WithNetwork>;
}

/** The status of an evaluation in words: completed, overdue, or due on its day. */
export function statusText(t: TFunction, e: EvaluationSummary, language: 'nl' | 'en') {
  if (e.status === 'completed') return t('evaluation.status.completed', { on: formatDate((e.periodTo ?? e.dueOn) as string, language) });
  if (e.overdue) return t('evaluation.status.overdue', { due: formatDate(e.dueOn, language) });
  return t('evaluation.status.open', { due: formatDate(e.dueOn, language) });
}

function EvaluationsView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const navigate = useNavigate();
  useDocumentTitle(t('evaluation.title'));
  const list = useEvaluations(network);
  const start = useEvaluationMutation<Record<string, never>>('POST', () => evaluationPaths.list(network.id));
  if (!mayReadEvaluations(network)) return <NoAccess />;
  if (list.isPending) return <Loading />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.items;
  const open = items.find((e) => e.status === 'open');
  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
          {t('evaluation.backToNetwork', { network: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('evaluation.title')}</Heading>
      <Paragraph>{t('evaluation.intro', { months: network.evaluationIntervalMonths ?? 6 })}</Paragraph>
      {open ? (
        <section aria-labelledby="evaluation-open-heading" className={open.overdue ? 'bg-evaluation-overdue' : 'bg-evaluation-open'}>
          <Heading level={2} id="evaluation-open-heading">
            {t('evaluation.openHeading')}
          </Heading>
          <Paragraph>{statusText(t, open, language)}</Paragraph>
          <Paragraph>
            <RouterLink to="/netwerken/$networkId/evaluaties/$evaluationId" params={{ networkId: network.id, evaluationId: open.id }}>
              {mayWriteEvaluations(network) ? t('evaluation.openForm') : t('evaluation.openReport')}
            </RouterLink>
          </Paragraph>
        </section>
      ) : (
        <>
          <Paragraph>{t('evaluation.noneOpen')}</Paragraph>
          {mayWriteEvaluations(network) && (
            <>
              {start.isError && <ProblemAlert error={start.error} />}
              <Button
                appearance="secondary-action-button"
                disabled={start.isPending}
                onClick={() =>
                  start.mutate(
                    {},
                    {
                      onSuccess: (e) =>
                        void navigate({ to: '/netwerken/$networkId/evaluaties/$evaluationId', params: { networkId: network.id, evaluationId: e.id } }),
                    },
                  )
                }
              >
                {t('evaluation.start')}
              </Button>
            </>
          )}
        </>
      )}
      <Heading level={2}>{t('evaluation.history')}</Heading>
      {items.length === 0 ? (
        <Paragraph>{t('evaluation.noHistory')}</Paragraph>
      ) : (
        <TableContainer>
          <Table>
            <TableCaption>{t('evaluation.historyCaption', { network: network.name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('evaluation.column.period')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('evaluation.column.status')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>
                    <RouterLink to="/netwerken/$networkId/evaluaties/$evaluationId" params={{ networkId: network.id, evaluationId: e.id }}>
                      {t('evaluation.period', {
                        from: formatDate(e.periodFrom, language),
                        to: e.periodTo ? formatDate(e.periodTo, language) : t('evaluation.today'),
                      })}
                    </RouterLink>
                  </TableCell>
                  <TableCell>{statusText(t, e, language)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
