import { useParams } from '@tanstack/react-router';
import {
  ButtonGroup,
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
import { $api, type Network } from '../../api/client';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { WithNetwork } from '../allies/NetworkLoader';
import { MeetingStatusBadge } from './parts';
import {
  calendarHref,
  mayReadMinutes,
  mayWriteMinutes,
  MEETINGS_PATH,
  useMeetingWhen,
  type Meeting,
} from './meetings';

/** Bijeenkomsten: /netwerken/$networkId/bijeenkomsten — for everyone who sees the network. */
export function MeetingsPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bijeenkomsten' });
  return <WithNetwork networkId={networkId}>{(network) => <MeetingsList network={network} />}</WithNetwork>;
}

function MeetingsList({ network }: { network: Network }) {
  const { t } = useTranslation();
  const networkId = network.id;
  const mayWrite = mayWriteMinutes(network);
  useDocumentTitle(t('meetings.titleOf', { name: network.name }));

  const planned = $api.useQuery('get', MEETINGS_PATH, {
    params: { path: { networkId }, query: { status: 'planned', order: 'asc', limit: 100 } },
  });
  const all = $api.useQuery('get', MEETINGS_PATH, {
    params: { path: { networkId }, query: { order: 'desc', limit: 100 } },
  });
  const past = all.data?.items.filter((m) => m.status !== 'planned');

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId" params={{ networkId }}>
          {t('networks.backToNetwork', { name: network.name })}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{t('meetings.title')}</Heading>
      <Paragraph>{t('meetings.intro', { name: network.name })}</Paragraph>
      {!mayReadMinutes(network) && <Paragraph>{t('meetings.datesOnly')}</Paragraph>}
      {mayWrite && (
        <ButtonGroup>
          <RouterButtonLink
            to="/netwerken/$networkId/bijeenkomsten/nieuw"
            params={{ networkId }}
            appearance="primary-action-button"
          >
            {t('meetings.plan')}
          </RouterButtonLink>
          <RouterButtonLink
            to="/netwerken/$networkId/bijeenkomsten/reeks"
            params={{ networkId }}
            appearance="secondary-action-button"
          >
            {t('meetings.planSeries')}
          </RouterButtonLink>
          <RouterButtonLink
            to="/netwerken/$networkId/bijeenkomsten/nieuw"
            params={{ networkId }}
            search={{ soort: 'spoed' }}
            appearance="secondary-action-button"
          >
            {t('meetings.planEmergency')}
          </RouterButtonLink>
        </ButtonGroup>
      )}

      <Heading level={2}>{t('meetings.upcomingHeading')}</Heading>
      {planned.isPending && <Loading />}
      {planned.isError && <QueryError error={planned.error} onRetry={() => void planned.refetch()} />}
      {planned.data &&
        (planned.data.items.length === 0 ? (
          <Paragraph>{t('meetings.noUpcoming')}</Paragraph>
        ) : (
          <MeetingTable network={network} meetings={planned.data.items} caption={t('meetings.upcomingCaption')} />
        ))}

      <Heading level={2}>{t('meetings.pastHeading')}</Heading>
      {all.isPending && <Loading />}
      {all.isError && <QueryError error={all.error} onRetry={() => void all.refetch()} />}
      {past &&
        (past.length === 0 ? (
          <Paragraph>{t('meetings.noPast')}</Paragraph>
        ) : (
          <MeetingTable network={network} meetings={past} caption={t('meetings.pastCaption')} />
        ))}
    </>
  );
}

function MeetingTable({ network, meetings, caption }: { network: Network; meetings: Meeting[]; caption: string }) {
  const { t } = useTranslation();
  const captionId = useId();
  const when = useMeetingWhen();
  const networkId = network.id;
  const mayOpen = mayReadMinutes(network);
  return (
    <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table className="bg-table">
        <TableCaption id={captionId}>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('meetings.columns.when')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('meetings.columns.kind')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('meetings.columns.place')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('meetings.columns.status')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('meetings.columns.agenda')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('meetings.columns.calendar')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {meetings.map((meeting) => {
            const label = when(meeting);
            return (
              <TableRow key={meeting.id}>
                <TableHeaderCell scope="row">
                  {mayOpen ? (
                    <RouterLink
                      to="/netwerken/$networkId/bijeenkomsten/$meetingId"
                      params={{ networkId, meetingId: meeting.id }}
                    >
                      {label}
                    </RouterLink>
                  ) : (
                    label
                  )}
                </TableHeaderCell>
                <TableCell>{t(`meetings.kind.${meeting.kind}`)}</TableCell>
                <TableCell>{meeting.place.trim() || '–'}</TableCell>
                <TableCell>
                  <MeetingStatusBadge meeting={meeting} />
                </TableCell>
                <TableCell>{meeting.agendaItems}</TableCell>
                <TableCell>
                  {meeting.status === 'cancelled' ? (
                    '–'
                  ) : (
                    <Link href={calendarHref(networkId, meeting.id)} download>
                      {t('meetings.calendarShort')} <span className="bg-visually-hidden">{label}</span>
                    </Link>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
