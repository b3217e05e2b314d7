import { useParams } from '@tanstack/react-router';
import {
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
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
import { isForbidden, type Network } from '../../api/client';
import { can, useSignedInMe } from '../../api/me';
import { RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate } from '../../format';
import { currentLanguage, type Language } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { BackToNetwork, NoSignalsAccess, TrendText, useLevelText } from './parts';
import {
  mayReadSignals,
  mayReadTension,
  signalKeys,
  signalPaths,
  useApiQuery,
  type TenantTension,
  type TensionPicture,
  type TensionTheme,
  type TensionWeek,
  type Trend,
} from './signals';

/** Spanningsbeeld: /netwerken/$networkId/spanning — per theme the level, trend and 52 weeks. */
export function TensionPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/spanning' });
  return <WithNetwork networkId={networkId}>{(network) => <TensionView network={network} />}</WithNetwork>;
}

function TensionView({ network }: { network: Network }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const levelText = useLevelText();
  const mayRead = mayReadTension(network);
  useDocumentTitle(t('tension.titleOf', { name: network.name }));
  const picture = useApiQuery<TensionPicture>(signalKeys.tension(network.id), signalPaths.tension(network.id), {
    query: { weeks: 52 },
    enabled: mayRead,
  });
  if (!mayRead || isForbidden(picture.error)) return <NoSignalsAccess network={network} />;
  // Only those who read every signal get exact counts; everyone else gets bands.
  const aggregateOnly = !mayReadSignals(network);
  const municipalityWide = me.tenant.kind === 'municipality' && can(me, 'tension', 'read');

  return (
    <>
      <BackToNetwork network={network} />
      <Heading level={1}>{t('tension.title')}</Heading>
      <Paragraph>{t('tension.intro')}</Paragraph>
      {aggregateOnly && <Paragraph>{t('tension.aggregateNote')}</Paragraph>}
      {municipalityWide && (
        <Paragraph>
          <RouterLink to="/spanningsbeeld">{t('tension.tenantLink', { name: me.tenant.name })}</RouterLink>
        </Paragraph>
      )}
      {picture.isPending && <Loading />}
      {picture.isError && <QueryError error={picture.error} onRetry={() => void picture.refetch()} />}
      {picture.data && (
        <>
          <DataList className="bg-data-list">
            <DataListItem>
              <DataListKey>{t('tension.overall')}</DataListKey>
              <DataListValue>{levelText(picture.data.level)}</DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('tension.trendLabel')}</DataListKey>
              <DataListValue>
                <TrendText trend={picture.data.trend} />
              </DataListValue>
            </DataListItem>
          </DataList>
          {(picture.data.weeks ?? []).length > 0 && (
            <section className="bg-tension-theme" aria-labelledby="tension-all-heading">
              <Heading level={2} id="tension-all-heading">
                {t('tension.allThemes')}
              </Heading>
              <WeeklyChart name={t('tension.allThemes')} weeks={picture.data.weeks} />
            </section>
          )}
          <Heading level={2}>{t('tension.themesHeading')}</Heading>
          {(picture.data.themes ?? []).length === 0 ? (
            <Paragraph>{t('tension.noThemes')}</Paragraph>
          ) : (
            <ul className="bg-tension-themes">
              {picture.data.themes.map((theme) => (
                <ThemeItem key={theme.theme} theme={theme} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

/** Spanningsbeeld of the signed-in person's municipality: /spanningsbeeld — across all its networks. */
export function TenantTensionPage() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const levelText = useLevelText();
  const captionId = useId();
  const mayRead = can(me, 'tension', 'read') || can(me, 'tension', 'read-aggregate');
  useDocumentTitle(t('tension.tenantTitle', { name: me.tenant.name }));
  const picture = useApiQuery<TenantTension>([...signalKeys.tension(me.tenant.slug), 'tenant'], signalPaths.tenantTension(me.tenant.slug), {
    query: { weeks: 52 },
    enabled: mayRead,
  });
  if (!mayRead || isForbidden(picture.error)) return <NoAccess />;
  return (
    <>
      <Heading level={1}>{t('tension.tenantTitle', { name: me.tenant.name })}</Heading>
      <Paragraph>{t('tension.tenantIntro')}</Paragraph>
      {picture.isPending && <Loading />}
      {picture.isError && <QueryError error={picture.error} onRetry={() => void picture.refetch()} />}
      {picture.data && (
        <>
          <DataList className="bg-data-list">
            <DataListItem>
              <DataListKey>{t('tension.overall')}</DataListKey>
              <DataListValue>{levelText(picture.data.level)}</DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('tension.trendLabel')}</DataListKey>
              <DataListValue>
                <TrendText trend={picture.data.trend} />
              </DataListValue>
            </DataListItem>
          </DataList>
          {(picture.data.networks ?? []).length > 0 && (
            <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table className="bg-table">
                <TableCaption id={captionId}>{t('tension.networksCaption')}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('tension.columns.network')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('signals.field.level')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('tension.trendLabel')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {picture.data.networks.map((n) => (
                    <TableRow key={n.id}>
                      <TableHeaderCell scope="row">
                        <RouterLink to="/netwerken/$networkId/spanning" params={{ networkId: n.id }}>
                          {n.name}
                        </RouterLink>
                      </TableHeaderCell>
                      <TableCell>{levelText(n.level)}</TableCell>
                      <TableCell>
                        <TrendText trend={n.trend as Trend | null} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          {(picture.data.weeks ?? []).length > 0 && (
            <section className="bg-tension-theme" aria-labelledby="tenant-tension-all-heading">
              <Heading level={2} id="tenant-tension-all-heading">
                {t('tension.allThemes')}
              </Heading>
              <WeeklyChart name={t('tension.allThemes')} weeks={picture.data.weeks} />
            </section>
          )}
          <Heading level={2}>{t('tension.themesHeading')}</Heading>
          {(picture.data.themes ?? []).length === 0 ? (
            <Paragraph>{t('tension.noThemes')}</Paragraph>
          ) : (
            <ul className="bg-tension-themes">
              {picture.data.themes.map((theme) => (
                <ThemeItem key={theme.theme} theme={theme} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function ThemeItem({ theme }: { theme: TensionTheme }) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  return (
    <li className="bg-tension-theme">
      <Heading level={3}>
        {theme.label}
      </Heading>
      <DataList className="bg-data-list">
        <DataListItem>
          <DataListKey>{t('signals.field.level')}</DataListKey>
          <DataListValue>{levelText(theme.level)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('tension.trendLabel')}</DataListKey>
          <DataListValue>
            <TrendText trend={theme.trend as Trend | null} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('tension.openSignals')}</DataListKey>
          <DataListValue>
            <Count
              value={theme.openSignals}
              belowThree={theme.openSignalsBelowThree}
              band={(theme as TensionTheme & { openSignalsBand?: Band }).openSignalsBand}
            />
          </DataListValue>
        </DataListItem>
      </DataList>
      <WeeklyChart name={theme.label} weeks={theme.weeks ?? []} />
    </li>
  );
}

/** Counts as bands, for those who do not read every signal (decision 0007, 17a): "0", "1-2", "3-9", "10-24", "25+". */
type Band = string | null | undefined;

/**
 * A count: the number for those who read the signals; otherwise its band, with "< 3" for the
 * smallest (and the words for screen readers).
 */
export function Count({ value, belowThree, band }: { value: number | null; belowThree: boolean; band?: Band }) {
  const { t } = useTranslation();
  if (typeof value === 'number') return <>{value}</>;
  if (belowThree || band === '1-2') {
    return (
      <>
        <span aria-hidden="true">{t('tension.belowThree')}</span>
        <span className="bg-visually-hidden">{t('tension.belowThreeLong')}</span>
      </>
    );
  }
  if (band) return <>{band.replace('-', '–')}</>;
  return <>0</>;
}

const W = 720;
const H = 220;
const PAD = { left: 36, right: 12, top: 12, bottom: 32 };

function shortDay(day: string, language: Language): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(date);
}

/**
 * The highest level per week as a hand-written SVG step chart (role="img", with a title and a
 * description), and the same figures in a table behind "Toon als tabel".
 */
export function WeeklyChart({ name, weeks }: { name: string; weeks: TensionWeek[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const levelText = useLevelText();
  const titleId = useId();
  const descId = useId();
  const captionId = useId();

  const n = Math.max(weeks.length, 1);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (plotW * i) / n;
  const y = (level: number) => PAD.top + plotH - ((level - 0) / 5) * plotH;

  // One horizontal step per week with signals; a week without signals breaks the line.
  let d = '';
  let previous: number | null = null;
  weeks.forEach((week, i) => {
    const level = week.maxLevel;
    if (level === null || level === undefined) {
      previous = null;
      return;
    }
    if (previous === null) d += `M${x(i).toFixed(1)},${y(level).toFixed(1)}`;
    else d += `V${y(level).toFixed(1)}`;
    d += `H${x(i + 1).toFixed(1)}`;
    previous = level;
  });

  const levels = weeks.map((w) => w.maxLevel).filter((l): l is number => typeof l === 'number');
  const max = levels.length > 0 ? Math.max(...levels) : null;
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const description =
    max === null || !first || !last
      ? t('tension.chartDescEmpty', { weeks: weeks.length })
      : t('tension.chartDesc', {
          weeks: weeks.length,
          from: formatDate(first.startsOn, language),
          to: formatDate(last.startsOn, language),
          max: levelText(max),
          withSignals: levels.length,
        });
  const labelEvery = Math.max(1, Math.ceil(weeks.length / 6));

  return (
    <>
      <svg
        className="bg-chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={titleId}>{t('tension.chartTitle', { theme: name })}</title>
        <desc id={descId}>{description}</desc>
        {[1, 2, 3, 4, 5].map((level) => (
          <g key={level}>
            <line className="bg-chart__grid" x1={PAD.left} x2={W - PAD.right} y1={y(level)} y2={y(level)} strokeDasharray="2 4" />
            <text className="bg-chart__label" x={PAD.left - 8} y={y(level) + 4} textAnchor="end">
              {level}
            </text>
          </g>
        ))}
        <line className="bg-chart__axis" x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} />
        {weeks.map((week, i) =>
          i % labelEvery === 0 ? (
            <text key={week.week} className="bg-chart__label" x={x(i)} y={H - 10} textAnchor="start">
              {shortDay(week.startsOn, language)}
            </text>
          ) : null,
        )}
        {d && <path className="bg-chart__line" d={d} />}
        {weeks.map((week, i) =>
          typeof week.maxLevel === 'number' && (i === 0 || weeks[i - 1]?.maxLevel == null) && (i === weeks.length - 1 || weeks[i + 1]?.maxLevel == null) ? (
            <circle key={week.week} className="bg-chart__point" cx={(x(i) + x(i + 1)) / 2} cy={y(week.maxLevel)} r={3} />
          ) : null,
        )}
      </svg>
      <details className="bg-details">
        <summary>{t('tension.showTable')}</summary>
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('tension.tableCaption', { theme: name })}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('tension.columns.week')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tension.columns.startsOn')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tension.columns.maxLevel')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('tension.columns.count')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {weeks.map((week) => (
                <TableRow key={week.week}>
                  <TableHeaderCell scope="row">{week.week}</TableHeaderCell>
                  <TableCell>{formatDate(week.startsOn, language)}</TableCell>
                  <TableCell>{typeof week.maxLevel === 'number' ? levelText(week.maxLevel) : '–'}</TableCell>
                  <TableCell>
                    <Count
                      value={week.count}
                      belowThree={week.countBelowThree}
                      band={(week as TensionWeek & { countBand?: Band }).countBand}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </details>
    </>
  );
}
