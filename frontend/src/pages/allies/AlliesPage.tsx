import { useParams } from '@tanstack/react-router';
import {
  ButtonGroup,
  ButtonLink,
  Heading,
  Link,
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
import { $api, isForbidden, type Network } from '../../api/client';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { ALLIES_PAGE, ALLIES_PATH, mayReadAllies, mayWriteAllies, vettingComplete } from './allies';
import { exportHref } from './importFile';
import { NoAlliesAccess, WithNetwork } from './NetworkLoader';

/** Bondgenoten: /netwerken/$networkId/bondgenoten. */
export function AlliesPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bondgenoten' });
  return <WithNetwork networkId={networkId}>{(network) => <AlliesList network={network} />}</WithNetwork>;
}

function AlliesList({ network }: { network: Network }) {
  const { t } = useTranslation();
  const captionId = useId();
  const networkId = network.id;
  const mayRead = mayReadAllies(network);
  const mayWrite = mayWriteAllies(network);
  useDocumentTitle(t('allies.titleOf', { name: network.name }));
  const allies = $api.useQuery(
    'get',
    ALLIES_PATH,
    { params: { path: { networkId }, query: { limit: ALLIES_PAGE } } },
    { enabled: mayRead },
  );

  if (!mayRead || isForbidden(allies.error)) return <NoAlliesAccess networkId={networkId} />;

  const active = allies.data?.items.filter((a) => a.status === 'active').length ?? 0;
  const yesNo = (value: boolean | undefined) => (value ? t('allies.yes') : t('allies.no'));

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId }}>
          {t('networks.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('allies.title')}</Heading>
      <Paragraph>{t('allies.intro', { name: network.name })}</Paragraph>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/samenstelling" params={{ networkId }}>
          {t('allies.representationLink')}
        </RouterLink>
      </Paragraph>
      {allies.isPending && <Loading />}
      {allies.isError && <QueryError error={allies.error} onRetry={() => void allies.refetch()} />}
      {allies.data && (
        <>
          <Paragraph className="bg-ally-count">
            {t('allies.activeCount', { count: active, max: network.maxActiveAllies })}
          </Paragraph>
          {mayWrite && (
            <ButtonGroup>
              <RouterButtonLink
                to="/netwerken/$networkId/bondgenoten/nieuw"
                params={{ networkId }}
                appearance="primary-action-button"
              >
                {t('allies.add')}
              </RouterButtonLink>
              <RouterButtonLink
                to="/netwerken/$networkId/bondgenoten/importeren"
                params={{ networkId }}
                appearance="secondary-action-button"
              >
                {t('allyImport.link')}
              </RouterButtonLink>
            </ButtonGroup>
          )}
          {allies.data.next && <Paragraph>{t('allies.moreThanShown', { count: allies.data.items.length })}</Paragraph>}
          {allies.data.items.length === 0 ? (
            <Paragraph>{t('allies.empty')}</Paragraph>
          ) : (
            <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table className="bg-table">
                <TableCaption id={captionId}>{t('allies.caption', { name: network.name })}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('allies.columns.name')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.organisation')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.neighbourhood')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.status')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.contactPermitted')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.vetting')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allies.columns.mobile')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('allyOwners.column')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {allies.data.items.map((ally) => {
                    const org = [ally.organisation, ally.constituency].map((v) => v?.trim()).filter(Boolean).join(' / ');
                    const owners = (ally.relationshipOwners ?? [])
                      .map((owner) => owner.name?.trim() || t('allyOwners.unknown'))
                      .join(', ');
                    return (
                      <TableRow key={ally.id}>
                        <TableHeaderCell scope="row">
                          <RouterLink
                            to="/netwerken/$networkId/bondgenoten/$allyId"
                            params={{ networkId, allyId: ally.id }}
                          >
                            {ally.name}
                          </RouterLink>
                        </TableHeaderCell>
                        <TableCell>{org || '–'}</TableCell>
                        <TableCell>{ally.neighbourhood?.trim() || '–'}</TableCell>
                        <TableCell>{t(`allies.status.${ally.status}`)}</TableCell>
                        <TableCell>{yesNo(ally.contactPermitted)}</TableCell>
                        <TableCell>{yesNo(vettingComplete(ally))}</TableCell>
                        <TableCell>
                          {ally.mobile?.trim() ? (
                            <Link href={`tel:${ally.mobile.replace(/[^\d+]/g, '')}`}>{ally.mobile}</Link>
                          ) : (
                            '–'
                          )}
                        </TableCell>
                        <TableCell>{owners || '–'}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          {mayWrite && <ExportSection network={network} />}
        </>
      )}
    </>
  );
}

/** Download links for coordinators (the server refuses others and logs every export). */
function ExportSection({ network }: { network: Network }) {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={2}>{t('allyExport.heading')}</Heading>
      <Paragraph>{t('allyExport.intro', { name: network.name })}</Paragraph>
      <Paragraph>{t('allyExport.careful')}</Paragraph>
      <ButtonGroup>
        <ButtonLink href={exportHref(network.id, 'xlsx')} download appearance="secondary-action-button">
          {t('allyExport.xlsx')}
        </ButtonLink>
        <ButtonLink href={exportHref(network.id, 'csv')} download appearance="secondary-action-button">
          {t('allyExport.csv')}
        </ButtonLink>
      </ButtonGroup>
    </>
  );
}
