import {
  Code,
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
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, type Tenant } from '../api/client';
import { can, useSignedInMe } from '../api/me';
import { NoAccess } from '../components/NoAccess';
import { Loading, QueryError } from '../components/QueryError';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { currentLanguage } from '../i18n';

/** The API's largest page; a platform with more tenants shows a note. */
const PAGE_SIZE = 1000;

export function PlatformPage() {
  const me = useSignedInMe();
  if (!can(me, 'tenants', 'read')) return <NoAccess />;
  return <TenantList />;
}

function TenantList() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('platform.title'));
  const language = currentLanguage();
  const captionId = useId();
  const tenants = $api.useQuery('get', '/api/v1/operator/tenants', { params: { query: { limit: PAGE_SIZE } } });

  const rows = useMemo(() => {
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    return [...(tenants.data?.items ?? [])].sort((a: Tenant, b: Tenant) => collator.compare(a.name, b.name));
  }, [tenants.data, language]);

  if (isForbidden(tenants.error)) return <NoAccess />;

  const text = (key: string, fallback: string) => (i18n.exists(key) ? t(key as 'kind.bureau') : fallback);

  return (
    <>
      <Heading level={1}>{t('platform.title')}</Heading>
      <Paragraph>{t('platform.intro')}</Paragraph>
      {tenants.isPending && <Loading />}
      {tenants.isError && <QueryError error={tenants.error} onRetry={() => void tenants.refetch()} />}
      {tenants.isSuccess && (
        <>
          <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
            <Table className="bg-table">
              <TableCaption id={captionId}>{t('platform.caption', { count: rows.length })}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('platform.columns.name')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('platform.columns.kind')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('platform.columns.slug')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('platform.columns.region')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('platform.columns.status')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((tenant) => (
                  <TableRow key={tenant.id}>
                    <TableHeaderCell scope="row">{tenant.name}</TableHeaderCell>
                    <TableCell>{text(`kind.${tenant.kind}`, tenant.kind)}</TableCell>
                    <TableCell>
                      <Code>{tenant.slug}</Code>
                    </TableCell>
                    <TableCell>{tenant.region || '–'}</TableCell>
                    <TableCell>{text(`platform.status.${tenant.status}`, tenant.status)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {tenants.data.next && <Paragraph>{t('platform.more', { count: PAGE_SIZE })}</Paragraph>}
        </>
      )}
    </>
  );
}
