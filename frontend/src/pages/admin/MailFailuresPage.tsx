import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
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
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { AdminHeading } from './AdminHeading';

const PATH = '/api/v1/tenants/{tenant}/mail-failures';

/** Beheer › E-mail: the organisation's emails that could not be delivered after every attempt. */
export function MailFailuresPage() {
  const me = useSignedInMe();
  if (!can(me, 'admin', 'read')) return <NoAccess />;
  return <MailFailures />;
}

function MailFailures() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const captionId = useId();
  const queryClient = useQueryClient();
  const failures = $api.useQuery('get', PATH, { params: { path: { tenant: me.tenant.slug } } });
  const retry = $api.useMutation('post', '/api/v1/tenants/{tenant}/mail-failures/{mailId}/retry', {
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['get', PATH] }),
  });
  const [status, setStatus] = useState('');

  if (isForbidden(failures.error)) return <NoAccess />;
  const items = failures.data?.items ?? [];
  const kindLabel = (kind: string) => {
    const key = `mailFailures.kinds.${kind}`;
    return i18n.exists(key) ? t(key as 'mailFailures.kinds.digest') : kind;
  };

  return (
    <>
      <AdminHeading title={t('mailFailures.title')} />
      <Paragraph>{t('mailFailures.intro')}</Paragraph>
      <Paragraph role="status">{status}</Paragraph>
      {retry.isError && <ProblemAlert error={retry.error} focusOnShow />}
      {failures.isPending && <Loading />}
      {failures.isError && <QueryError error={failures.error} onRetry={() => void failures.refetch()} />}
      {failures.isSuccess && items.length === 0 && <Paragraph>{t('mailFailures.empty')}</Paragraph>}
      {failures.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('mailFailures.caption', { count: items.length })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('mailFailures.columns.failedAt')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('mailFailures.columns.recipient')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('mailFailures.columns.kind')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('mailFailures.columns.attempts')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('mailFailures.columns.error')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('mailFailures.columns.action')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item) => {
                const who = item.recipient === 'ally' ? t('mailFailures.ally') : item.userName || t('mailFailures.user');
                const whoLabel = item.recipient === 'ally' ? t('mailFailures.allyLabel') : who;
                return (
                  <TableRow key={item.id}>
                    <TableHeaderCell scope="row">
                      {item.failedAt ? <time dateTime={item.failedAt}>{formatDateTime(item.failedAt, language)}</time> : '—'}
                    </TableHeaderCell>
                    <TableCell>{whoLabel}</TableCell>
                    <TableCell>{kindLabel(item.kind)}</TableCell>
                    <TableCell>{item.attempts}</TableCell>
                    <TableCell className="bg-break">{item.lastError}</TableCell>
                    <TableCell>
                      <Button
                        appearance="secondary-action-button"
                        busy={retry.isPending && retry.variables?.params.path.mailId === item.id}
                        aria-label={t('mailFailures.retryLabel', { who })}
                        onClick={() => {
                          if (retry.isPending) return;
                          setStatus('');
                          retry.mutate(
                            { params: { path: { tenant: me.tenant.slug, mailId: item.id } } },
                            { onSuccess: () => setStatus(t('mailFailures.retried', { who })) },
                          );
                        }}
                      >
                        {t('mailFailures.retry')}
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </>
  );
}
