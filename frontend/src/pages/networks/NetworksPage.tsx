import {
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
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { mayStartNetworks, NETWORKS_PATH } from './networks';

/** Netwerken: the allies networks the signed-in person may see. */
export function NetworksPage() {
  const me = useSignedInMe();
  if (!can(me, 'org', 'read')) return <NoAccess />;
  return <Networks />;
}

function Networks() {
  const { t } = useTranslation();
  useDocumentTitle(t('networks.title'));
  const me = useSignedInMe();
  const captionId = useId();
  const mayStart = mayStartNetworks(me);
  const networks = $api.useQuery('get', NETWORKS_PATH);

  if (isForbidden(networks.error)) return <NoAccess />;
  const items = networks.data?.items ?? [];
  const organisation = me.tenant.name;

  return (
    <>
      <Heading level={1}>{t('networks.title')}</Heading>
      <Paragraph>
        {me.tenant.kind === 'bureau'
          ? t('networks.introBureau', { organisation })
          : t('networks.intro', { organisation })}
      </Paragraph>
      {mayStart && (
        <Paragraph>
          <RouterButtonLink to="/netwerken/nieuw" appearance="primary-action-button">
            {t('networks.start')}
          </RouterButtonLink>
        </Paragraph>
      )}

      {networks.isPending && <Loading />}
      {networks.isError && <QueryError error={networks.error} onRetry={() => void networks.refetch()} />}
      {networks.isSuccess && items.length === 0 && (
        <Paragraph>{mayStart ? t('networks.emptyCoordinator') : t('networks.empty')}</Paragraph>
      )}
      {networks.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('networks.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('networks.columns.name')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('networks.columns.level')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('networks.columns.phase')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('networks.columns.partners')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('networks.columns.coordinators')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((network) => {
                const active = network.partners.filter((p) => p.active);
                const coordinators = new Set(active.flatMap((p) => p.coordinators.map((c) => c.email))).size;
                return (
                  <TableRow key={network.id}>
                    <TableHeaderCell scope="row">
                      <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
                        {network.name}
                      </RouterLink>
                    </TableHeaderCell>
                    <TableCell>{t(`networks.level.${network.level}`)}</TableCell>
                    <TableCell>{t(`networks.phase.${network.phase}`)}</TableCell>
                    <TableCell>{active.map((p) => p.tenant.name).join(', ')}</TableCell>
                    <TableCell>{t('networks.coordinatorCount', { count: coordinators })}</TableCell>
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
