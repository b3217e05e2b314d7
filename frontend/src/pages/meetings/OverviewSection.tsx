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
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, type Network } from '../../api/client';
import { RouterLink } from '../../components/links';
import { Loading } from '../../components/QueryError';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import { COVERAGE_PATH } from '../allies/allies';
import { SignalsCounts } from '../signals/NetworkSignals';
import {
  BALANCE_PATH,
  mayReadMinutes,
  mayWriteMinutes,
  OVERVIEW_PATH,
  PARTIES,
  useMeetingWhen,
  type Balance,
  type Meeting,
  type NetworkOverview,
} from './meetings';
import { Warning } from './parts';

/**
 * Overzicht at the top of a network's page: meetings held against the target, the next
 * meeting, allies against the cap, white spots and (for those who read minutes) reciprocity.
 */
export function OverviewSection({ network }: { network: Network }) {
  const { t } = useTranslation();
  const headingId = useId();
  const networkId = network.id;
  const params = { params: { path: { networkId } } };
  const readMinutes = mayReadMinutes(network);
  const overview = $api.useQuery('get', OVERVIEW_PATH, params);
  const coverage = $api.useQuery('get', COVERAGE_PATH, params);
  const balance = $api.useQuery('get', BALANCE_PATH, params, { enabled: readMinutes });

  return (
    <section aria-labelledby={headingId} className="bg-overview">
      <Heading level={2} id={headingId}>
        {t('overview.heading')}
      </Heading>
      {overview.isPending && <Loading />}
      {overview.isError && <Paragraph>{t('overview.loadFailed')}</Paragraph>}
      {overview.data && <Cadence network={network} overview={overview.data} />}

      {(overview.data || coverage.data) && <Heading level={3}>{t('overview.alliesHeading')}</Heading>}
      {overview.data && (
        <Paragraph>
          {t('overview.activeAllies', { count: overview.data.activeAllies, max: overview.data.maxActiveAllies })}
        </Paragraph>
      )}
      {coverage.data && (
        <Paragraph>
          {coverage.data.communities.length + coverage.data.neighbourhoods.length === 0
            ? t('overview.noFocusList')
            : coverage.data.whiteSpots > 0
              ? t('overview.whiteSpots', { count: coverage.data.whiteSpots })
              : t('overview.noWhiteSpots')}{' '}
          <RouterLink to="/netwerken/$networkId/samenstelling" params={{ networkId }}>
            {t('overview.whiteSpotsLink')}
          </RouterLink>
        </Paragraph>
      )}

      {readMinutes && balance.data && <Reciprocity balance={balance.data} />}

      {overview.data && <SignalsCounts network={network} overview={overview.data} />}

      <Heading level={3}>{t('overview.linksHeading')}</Heading>
      <UnorderedList>
        <UnorderedListItem>
          <RouterLink to="/netwerken/$networkId/bijeenkomsten" params={{ networkId }}>
            {t('meetings.title')}
          </RouterLink>
        </UnorderedListItem>
        {readMinutes && (
          <UnorderedListItem>
            <RouterLink to="/netwerken/$networkId/acties" params={{ networkId }}>
              {t('actions.title')}
            </RouterLink>
          </UnorderedListItem>
        )}
      </UnorderedList>
    </section>
  );
}

function Cadence({ network, overview }: { network: Network; overview: NetworkOverview }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { cadence } = overview;
  const networkId = network.id;
  const mayPlan = mayWriteMinutes(network);

  return (
    <>
      <Heading level={3}>{t('overview.meetingsHeading')}</Heading>
      <Paragraph>
        {t('overview.held', { count: cadence.heldLast12Months, target: cadence.targetPerYear })}
      </Paragraph>
      {cadence.onTarget ? (
        <Paragraph>{t('overview.onTarget', { minimum: cadence.minimumPerYear })}</Paragraph>
      ) : (
        <Warning>
          <Paragraph>{t('overview.belowMinimum', { minimum: cadence.minimumPerYear })}</Paragraph>
        </Warning>
      )}
      {cadence.nextMeeting ? (
        <NextMeeting network={network} meeting={cadence.nextMeeting} />
      ) : cadence.overdue && cadence.planNextBy ? (
        <Warning>
          <Paragraph>{t('overview.nextOverdue', { date: formatDate(cadence.planNextBy, language) })}</Paragraph>
        </Warning>
      ) : cadence.planNextBy ? (
        <Paragraph>{t('overview.planNextBy', { date: formatDate(cadence.planNextBy, language) })}</Paragraph>
      ) : (
        <Paragraph>{t('overview.nonePlanned')}</Paragraph>
      )}
      {!cadence.nextMeeting && mayPlan && (
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/bijeenkomsten/nieuw" params={{ networkId }}>
            {t('meetings.plan')}
          </RouterLink>
        </Paragraph>
      )}
    </>
  );
}

function NextMeeting({ network, meeting }: { network: Network; meeting: Meeting }) {
  const { t } = useTranslation();
  const when = useMeetingWhen()(meeting);
  const networkId = network.id;
  return (
    <Paragraph>
      {meeting.kind === 'emergency' ? t('overview.nextEmergency') : t('overview.next')}{' '}
      {mayReadMinutes(network) ? (
        <RouterLink to="/netwerken/$networkId/bijeenkomsten/$meetingId" params={{ networkId, meetingId: meeting.id }}>
          {when}
        </RouterLink>
      ) : (
        when
      )}
      {meeting.place.trim() ? `, ${meeting.place.trim()}` : ''}
    </Paragraph>
  );
}

function Reciprocity({ balance }: { balance: Balance }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const captionId = useId();
  return (
    <>
      <Heading level={3}>{t('overview.reciprocityHeading')}</Heading>
      <Paragraph>{t('overview.reciprocityIntro')}</Paragraph>
      <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table className="bg-table">
          <TableCaption id={captionId}>{t('overview.reciprocityCaption', { date: formatDate(balance.since, language) })}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('overview.columns.party')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.agenda')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.open')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.inProgress')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.done')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.dropped')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('overview.columns.overdue')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {PARTIES.map((party) => {
              const actions = balance.actions[party];
              return (
                <TableRow key={party}>
                  <TableHeaderCell scope="row">{t(`meetings.party.${party}`)}</TableHeaderCell>
                  <TableCell>{balance.agenda[party]}</TableCell>
                  <TableCell>{actions.open}</TableCell>
                  <TableCell>{actions.inProgress}</TableCell>
                  <TableCell>{actions.done}</TableCell>
                  <TableCell>{actions.dropped}</TableCell>
                  <TableCell className={actions.overdue > 0 ? 'bg-overdue' : undefined}>{actions.overdue}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
