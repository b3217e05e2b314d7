import {
  Code,
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
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useRoleName } from '../../api/roles';
import { $api, isForbidden } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { NoAccess } from '../../components/NoAccess';
import { Loading, QueryError } from '../../components/QueryError';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { AdminHeading } from './AdminHeading';

/** How many of the newest events to show. */
export const AUDIT_LIMIT = 200;

export function AuditPage() {
  const me = useSignedInMe();
  if (!can(me, 'audit', 'read')) return <NoAccess />;
  return <AuditTable />;
}

function AuditTable() {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const captionId = useId();
  const roleNameOf = useRoleName();
  const events = $api.useQuery('get', '/api/v1/tenants/{tenant}/audit', {
    params: { path: { tenant: me.tenant.slug }, query: { limit: AUDIT_LIMIT } },
  });

  if (isForbidden(events.error)) return <NoAccess />;

  const label = (group: 'category' | 'action', value: string) => {
    const key = `audit.${group}.${value}`;
    return i18n.exists(key) ? t(key as 'audit.category.admin') : value;
  };
  const items = events.data?.items ?? [];
  const roleName = (role: string) => roleNameOf(role);
  /** What an administrative event changed, from its detail (roles, SSO settings, oversight steps). */
  const describe = (event: { objectType: string; objectId: string; detail?: string }): string => {
    let detail: Record<string, unknown> = {};
    try {
      detail = event.detail ? (JSON.parse(event.detail) as Record<string, unknown>) : {};
    } catch {
      return event.objectId || '—';
    }
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    const by = typeof detail.by === 'string' && detail.by !== '' ? detail.by : t('audit.what.provider');
    switch (event.objectType) {
      case 'user_roles':
        if (detail.refused) return t('audit.what.ownRolesRefused', { to: list(detail.to).map(roleName).join(', ') || '—' });
        return t('audit.what.roles', {
          from: list(detail.from).map(roleName).join(', ') || '—',
          to: list(detail.to).map(roleName).join(', ') || '—',
          by: detail.source === 'group' ? t('audit.what.provider') : by,
        });
      case 'sso_settings':
        return t('audit.what.sso', { changed: list(detail.changed).join(', ') || '—', by });
      case 'sso_proposal':
        return t('audit.what.ssoProposal', { changed: list(detail.changed).join(', ') || '—', by });
      case 'sso_proposal_rejected':
        return t('audit.what.ssoRejected', { by });
      case 'oversight': {
        const step = String(detail.step ?? '');
        const stepLabel = i18n.exists(`audit.what.step.${step}`) ? t(`audit.what.step.${step}` as 'audit.what.step.accepted') : step;
        return t('audit.what.oversight', { step: stepLabel, by });
      }
    }
    return event.objectId || '—'; // an access decision: the object asked for
  };

  return (
    <>
      <AdminHeading title={t('audit.title')} />
      <Paragraph>{t('audit.intro')}</Paragraph>
      {events.isPending && <Loading />}
      {events.isError && <QueryError error={events.error} onRetry={() => void events.refetch()} />}
      {events.isSuccess && items.length === 0 && <Paragraph>{t('audit.empty')}</Paragraph>}
      {events.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('audit.caption', { count: items.length })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('audit.columns.at')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.columns.category')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.columns.action')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.columns.what')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.columns.allowed')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('audit.columns.requestId')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((event) => (
                <TableRow key={event.id}>
                  <TableHeaderCell scope="row">
                    <time dateTime={event.at}>{formatDateTime(event.at, language, true)}</time>
                  </TableHeaderCell>
                  <TableCell>{label('category', event.category)}</TableCell>
                  <TableCell>{label('action', event.action)}</TableCell>
                  <TableCell>{describe(event)}</TableCell>
                  <TableCell>{event.allowed ? t('audit.yes') : t('audit.no')}</TableCell>
                  <TableCell>
                    <Code>{event.requestId}</Code>
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
