import { useParams } from '@tanstack/react-router';
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
import { useTranslation } from 'react-i18next';
import { $api, type Breakdown, type Network, type Representation } from '../../api/client';
import { RouterLink } from '../../components/links';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { CoverageSection } from './CoverageSection';
import { mayReadAllies, REPRESENTATION_PATH, useValueLabel } from './allies';
import { WithNetwork } from './NetworkLoader';

const ATTRIBUTES = ['ageBands', 'genders', 'neighbourhoods', 'constituencies', 'backgrounds', 'religions'] as const;
type Attribute = (typeof ATTRIBUTES)[number];
/** Special categories of personal data (GDPR art. 9). */
const SPECIAL: readonly Attribute[] = ['backgrounds', 'religions'];

/** Samenstelling: /netwerken/$networkId/samenstelling — counts only, for everyone who sees the network. */
export function RepresentationPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/samenstelling' });
  return <WithNetwork networkId={networkId}>{(network) => <RepresentationView network={network} />}</WithNetwork>;
}

function RepresentationView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const networkId = network.id;
  useDocumentTitle(t('representation.titleOf', { name: network.name }));
  const representation = $api.useQuery('get', REPRESENTATION_PATH, { params: { path: { networkId } } });

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId }}>
          {t('networks.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('representation.title')}</Heading>
      <Paragraph>{t('representation.intro', { name: network.name })}</Paragraph>
      {mayReadAllies(network) && (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bondgenoten" params={{ networkId }}>
            {t('allies.listLink')}
          </RouterLink>
        </Paragraph>
      )}
      {representation.isPending && <Loading />}
      {representation.isError && (
        <QueryError error={representation.error} onRetry={() => void representation.refetch()} />
      )}
      {representation.data && <Breakdowns data={representation.data} max={network.maxActiveAllies} />}
      <CoverageSection network={network} />
    </>
  );
}

function Breakdowns({ data, max }: { data: Representation; max: number }) {
  const { t } = useTranslation();
  // Special-category make-up (background, religion) only for those who may read the values per
  // ally (coordinators): comparing two moments would otherwise reveal one person's value.
  const restricted = data.specialCategories === 'restricted';
  const shown = ATTRIBUTES.flatMap((attribute) => {
    const breakdown = data[attribute];
    return breakdown && !(restricted && SPECIAL.includes(attribute)) ? [{ attribute, breakdown }] : [];
  });
  const suppressed = shown.some(({ breakdown }) => breakdown.suppressed);
  return (
    <>
      <Paragraph>{t('allies.activeCount', { count: data.activeAllies, max })}</Paragraph>
      {data.withoutSpecialConsent !== null && !restricted && (
        <Paragraph>{t('representation.withoutSpecialConsent', { count: data.withoutSpecialConsent })}</Paragraph>
      )}
      {suppressed && <Paragraph className="bg-muted">{t('representation.suppressed')}</Paragraph>}
      {shown.map(({ attribute, breakdown }) => (
        <BreakdownTable key={attribute} attribute={attribute} breakdown={breakdown} />
      ))}
      {restricted && (
        <>
          <Heading level={2}>{t('representation.specialHeading')}</Heading>
          <Paragraph>{t('representation.specialRestricted')}</Paragraph>
        </>
      )}
    </>
  );
}

function BreakdownTable({ attribute, breakdown }: { attribute: Attribute; breakdown: Breakdown }) {
  const { t } = useTranslation();
  const valueLabel = useValueLabel();
  const captionId = `representation-${attribute}`;
  return (
    <>
      <Heading level={2}>{t(`representation.attribute.${attribute}`)}</Heading>
      {breakdown.values.length === 0 ? (
        <Paragraph>{breakdown.suppressed ? t('representation.allSuppressed') : t('representation.none')}</Paragraph>
      ) : (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t(`representation.attribute.${attribute}`)}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('representation.value')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('representation.count')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {breakdown.values.map(({ value, count }) => (
                <TableRow key={value}>
                  <TableHeaderCell scope="row">{valueLabel(attribute, value)}</TableHeaderCell>
                  <TableCell>{count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {breakdown.suppressed && breakdown.values.length > 0 && (
        <Paragraph appearance="small" className="bg-muted">
          {t('representation.someSuppressed')}
        </Paragraph>
      )}
    </>
  );
}
