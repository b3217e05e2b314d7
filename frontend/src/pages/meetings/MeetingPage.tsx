import { useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Heading,
  Link,
  Paragraph,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, problemFieldErrors, problemStatus, type Network } from '../../api/client';
import { TextAreaField } from '../../components/fields';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { ModalDialog } from '../../components/ModalDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { currentLanguage } from '../../i18n';
import { ALLIES_PAGE, ALLIES_PATH, mayReadAllies } from '../allies/allies';
import { WithNetwork } from '../allies/NetworkLoader';
import { NotFoundPage } from '../NotFoundPage';
import { AgendaSection, ReportSection } from './MeetingRecord';
import {
  calendarHref,
  formatMeetingDay,
  hasStarted,
  MEETING_CANCEL_PATH,
  MEETING_CLOSE_PATH,
  MEETING_PATH,
  mayReadMinutes,
  mayWriteMinutes,
  useMeetingWhen,
  type Action,
  type MeetingDetail,
} from './meetings';
import { ActionDialog, ActionTable, MeetingStatusBadge, NoMeetingsAccess, useRefreshMeetings } from './parts';

/** One meeting: /netwerken/$networkId/bijeenkomsten/$meetingId (partners' coordinators and staff). */
export function MeetingPage() {
  const { networkId, meetingId } = useParams({ from: '/signedIn/netwerken/$networkId/bijeenkomsten/$meetingId' });
  return (
    <WithNetwork networkId={networkId}>{(network) => <MeetingLoader network={network} meetingId={meetingId} />}</WithNetwork>
  );
}

function MeetingLoader({ network, meetingId }: { network: Network; meetingId: string }) {
  const mayRead = mayReadMinutes(network);
  const meeting = $api.useQuery(
    'get',
    MEETING_PATH,
    { params: { path: { networkId: network.id, meetingId } } },
    { enabled: mayRead },
  );
  if (!mayRead || isForbidden(meeting.error)) return <NoMeetingsAccess networkId={network.id} />;
  const status = problemStatus(meeting.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (meeting.isPending) return <Loading />;
  if (meeting.isError) return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  return <MeetingView network={network} meeting={normalized(meeting.data)} />;
}

/** Lists the API leaves empty may come as null; the page works with empty lists. */
function normalized(meeting: MeetingDetail): MeetingDetail {
  return {
    ...meeting,
    invitedAllyIds: meeting.invitedAllyIds ?? [],
    agenda: meeting.agenda ?? [],
    attendance: meeting.attendance ?? [],
    decisions: meeting.decisions ?? [],
    actions: meeting.actions ?? [],
  };
}

type Dialog = { kind: 'close' } | { kind: 'cancel' } | { kind: 'action'; action?: Action };

function MeetingView({ network, meeting }: { network: Network; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const when = useMeetingWhen();
  const networkId = network.id;
  const mayWrite = mayWriteMinutes(network);
  const planned = meeting.status === 'planned';
  const recordable = meeting.status !== 'cancelled';
  const emergency = meeting.kind === 'emergency';
  const day = formatMeetingDay(meeting.startsAt, language);
  const title = emergency ? t('meetings.page.emergencyTitle', { day }) : t('meetings.page.title', { day });
  useDocumentTitle(title);

  const statusRef = useRef<HTMLParagraphElement>(null);
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  const announce = (message: string) => setAnnouncement(({ count }) => ({ message, count: count + 1 }));
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);
  const [dialog, setDialog] = useState<Dialog>();

  // Names of invited allies: only loaded for an emergency meeting that invites some.
  const invited = meeting.invitedAllyIds;
  const allies = $api.useQuery(
    'get',
    ALLIES_PATH,
    { params: { path: { networkId }, query: { limit: ALLIES_PAGE } } },
    { enabled: emergency && invited.length > 0 && mayReadAllies(network) },
  );
  const allyName = new Map(allies.data?.items.map((ally) => [ally.id, ally.name]));

  const text = (value: string) =>
    value.trim() ? (
      <Paragraph className="bg-prewrap">{value}</Paragraph>
    ) : (
      <Paragraph className="bg-muted">{t('networks.notFilled')}</Paragraph>
    );

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/bijeenkomsten" params={{ networkId }}>
          {t('meetings.backToList')}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>

      <section className="bg-meeting-card" aria-labelledby="meeting-goals-heading">
        <Heading level={2} id="meeting-goals-heading">
          {t('meetings.page.goalsHeading', { name: network.name })}
        </Heading>
        <Paragraph appearance="small" className="bg-muted">
          {t('networks.meetingNote')}
        </Paragraph>
        <Heading level={3}>{t('networks.goals')}</Heading>
        {text(network.goals)}
        <Heading level={3}>{t('networks.expectations')}</Heading>
        {text(network.expectations)}
      </section>

      <Heading level={2}>{t('meetings.page.detailsHeading')}</Heading>
      <DataList className="bg-data-list">
        <DataListItem>
          <DataListKey>{t('meetings.columns.status')}</DataListKey>
          <DataListValue>
            <MeetingStatusBadge meeting={meeting} />
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.columns.kind')}</DataListKey>
          <DataListValue>{t(`meetings.kind.${meeting.kind}`)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.columns.when')}</DataListKey>
          <DataListValue>{when(meeting)}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.columns.place')}</DataListKey>
          <DataListValue>{meeting.place.trim() || t('meetings.page.noPlace')}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.field.chairAllyId')}</DataListKey>
          <DataListValue>{meeting.chair?.name ?? t('meetings.page.noChair')}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('meetings.page.meal')}</DataListKey>
          <DataListValue>
            {meeting.mealPlanned
              ? meeting.mealNotes.trim()
                ? t('meetings.page.mealWithNotes', { notes: meeting.mealNotes.trim() })
                : t('meetings.page.mealYes')
              : t('meetings.page.mealNo')}
          </DataListValue>
        </DataListItem>
        {emergency && (
          <DataListItem>
            <DataListKey>{t('meetings.field.invitedAllyIds')}</DataListKey>
            <DataListValue>
              {invited.length === 0 ? (
                t('meetings.page.noneInvited')
              ) : allies.data ? (
                <UnorderedList className="bg-plain-list">
                  {invited.map((id) => (
                    <UnorderedListItem key={id}>{allyName.get(id) ?? t('meetings.page.unknownAlly')}</UnorderedListItem>
                  ))}
                </UnorderedList>
              ) : (
                t('meetings.page.invitedCount', { count: invited.length })
              )}
            </DataListValue>
          </DataListItem>
        )}
        {meeting.status === 'cancelled' && (
          <DataListItem>
            <DataListKey>{t('meetings.page.cancelReason')}</DataListKey>
            <DataListValue className="bg-prewrap">{meeting.cancelReason}</DataListValue>
          </DataListItem>
        )}
        {meeting.status === 'held' && meeting.noNextReason.trim() && (
          <DataListItem>
            <DataListKey>{t('meetings.page.noNextReason')}</DataListKey>
            <DataListValue className="bg-prewrap">{meeting.noNextReason}</DataListValue>
          </DataListItem>
        )}
      </DataList>
      {meeting.status !== 'cancelled' && (
        <Paragraph>
          <Link href={calendarHref(networkId, meeting.id)} download>
            {t('meetings.calendar')}
          </Link>
        </Paragraph>
      )}
      <Paragraph>
        {meeting.nextMeeting ? (
          <>
            {t('meetings.page.next')}{' '}
            <RouterLink
              to="/netwerken/$networkId/bijeenkomsten/$meetingId"
              params={{ networkId, meetingId: meeting.nextMeeting.id }}
            >
              {when(meeting.nextMeeting)}
            </RouterLink>
            {meeting.nextMeeting.place.trim() ? `, ${meeting.nextMeeting.place.trim()}` : ''}
          </>
        ) : (
          t('meetings.page.noNext')
        )}
      </Paragraph>

      {mayWrite && planned && (
        <>
          <ButtonGroup>
            <RouterButtonLink
              to="/netwerken/$networkId/bijeenkomsten/$meetingId/bewerken"
              params={{ networkId, meetingId: meeting.id }}
              appearance="secondary-action-button"
            >
              {t('meetings.page.edit')}
            </RouterButtonLink>
            {hasStarted(meeting) && (
              <Button appearance="primary-action-button" onClick={() => setDialog({ kind: 'close' })}>
                {t('meetings.close.open')}
              </Button>
            )}
            <Button appearance="secondary-action-button" hint="danger" onClick={() => setDialog({ kind: 'cancel' })}>
              {t('meetings.cancel.open')}
            </Button>
          </ButtonGroup>
          {!hasStarted(meeting) && <Paragraph className="bg-muted">{t('meetings.close.notYet')}</Paragraph>}
        </>
      )}

      <AgendaSection network={network} meeting={meeting} mayEdit={mayWrite && recordable} onSaved={announce} />
      <ReportSection network={network} meeting={meeting} mayEdit={mayWrite && recordable} onSaved={announce} />

      <section aria-labelledby="meeting-actions-heading" className="bg-section">
        <Heading level={2} id="meeting-actions-heading">
          {t('actions.title')}
        </Heading>
        <Paragraph>{t('actions.meetingIntro')}</Paragraph>
        {meeting.actions.length === 0 ? (
          <Paragraph>{t('actions.noneForMeeting')}</Paragraph>
        ) : (
          <ActionTable
            networkId={networkId}
            actions={meeting.actions}
            caption={t('actions.meetingCaption')}
            onEdit={mayWrite ? (action) => setDialog({ kind: 'action', action }) : undefined}
          />
        )}
        {mayWrite && recordable && (
          <ButtonGroup>
            <Button appearance="secondary-action-button" onClick={() => setDialog({ kind: 'action' })}>
              {t('actions.add')}
            </Button>
          </ButtonGroup>
        )}
        <Paragraph>
          <RouterLink to="/netwerken/$networkId/acties" params={{ networkId }}>
            {t('actions.allLink')}
          </RouterLink>
        </Paragraph>
      </section>

      {dialog?.kind === 'close' && (
        <CloseDialog
          network={network}
          meeting={meeting}
          onClosed={() => {
            setDialog(undefined);
            announce(t('meetings.close.done'));
          }}
          onCancel={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <CancelDialog
          network={network}
          meeting={meeting}
          onCancelled={() => {
            setDialog(undefined);
            announce(t('meetings.cancel.done'));
          }}
          onCancel={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'action' && (
        <ActionDialog
          networkId={networkId}
          meetingId={meeting.id}
          {...(dialog.action ? { action: dialog.action } : {})}
          onSaved={(saved) => {
            setDialog(undefined);
            announce(t('actions.saved', { title: saved.title }));
          }}
          onCancel={() => setDialog(undefined)}
        />
      )}
    </>
  );
}

interface MeetingDialogProps {
  network: Network;
  meeting: MeetingDetail;
  onCancel: () => void;
}

/**
 * Afsluiten: records that the meeting was held. The server refuses unless a later meeting is
 * planned or a reason is given why none will be; the dialog offers both ways.
 */
function CloseDialog({ network, meeting, onClosed, onCancel }: MeetingDialogProps & { onClosed: () => void }) {
  const { t } = useTranslation();
  const when = useMeetingWhen();
  const titleId = useId();
  const textId = useId();
  const refresh = useRefreshMeetings();
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const close = $api.useMutation('post', MEETING_CLOSE_PATH, {
    onSuccess: async () => {
      await refresh();
      onClosed();
    },
  });
  const errors = problemFieldErrors(close.error);
  const showReason = !meeting.nextMeeting || errors.noNextReason !== undefined;
  const fields = Object.entries(errors).map(([field, message]) =>
    field === 'noNextReason'
      ? { id: 'meeting-close-reason', label: t('meetings.close.reason'), message }
      : { label: field === 'startsAt' ? t('meetings.columns.when') : field, message },
  );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (close.isPending) return;
    const noNextReason = reason.trim();
    close.mutate(
      {
        params: { path: { networkId: network.id, meetingId: meeting.id } },
        body: noNextReason ? { noNextReason } : {},
      },
      { onError: () => setAttempt((n) => n + 1) },
    );
  };

  return (
    <ModalDialog labelledBy={titleId} describedBy={textId} onCancel={onCancel}>
      <Heading level={2} id={titleId}>
        {t('meetings.close.title')}
      </Heading>
      <Paragraph id={textId}>{t('meetings.close.text')}</Paragraph>
      {meeting.nextMeeting ? (
        <Paragraph>{t('meetings.close.nextPlanned', { when: when(meeting.nextMeeting) })}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('meetings.close.noNext')}</Paragraph>
          <Paragraph>
            <RouterLink to="/netwerken/$networkId/bijeenkomsten/nieuw" params={{ networkId: network.id }}>
              {t('meetings.close.planNext')}
            </RouterLink>
          </Paragraph>
        </>
      )}
      {close.isError && <ProblemAlert key={attempt} error={close.error} fields={fields} focusOnShow />}
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={titleId}>
        {showReason && (
          <TextAreaField
            id="meeting-close-reason"
            label={t('meetings.close.reason')}
            description={t('meetings.close.reasonDescription')}
            rows={3}
            value={reason}
            onChange={setReason}
            error={errors.noNextReason}
          />
        )}
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={close.isPending}>
            {t('meetings.close.submit')}
          </Button>
          <Button appearance="secondary-action-button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </ModalDialog>
  );
}

/** Afzeggen: calls the meeting off, with a reason. */
function CancelDialog({ network, meeting, onCancelled, onCancel }: MeetingDialogProps & { onCancelled: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const textId = useId();
  const refresh = useRefreshMeetings();
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const cancel = $api.useMutation('post', MEETING_CANCEL_PATH, {
    onSuccess: async () => {
      await refresh();
      onCancelled();
    },
  });
  const errors = problemFieldErrors(cancel.error);
  const reasonError = localError ?? errors.reason;
  const others = Object.entries(errors)
    .filter(([field]) => field !== 'reason')
    .map(([field, message]) => ({ label: field, message }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (cancel.isPending) return;
    if (!reason.trim()) {
      cancel.reset();
      setLocalError(t('meetings.cancel.reasonRequired'));
      setAttempt((n) => n + 1);
      return;
    }
    setLocalError(undefined);
    cancel.mutate(
      { params: { path: { networkId: network.id, meetingId: meeting.id } }, body: { reason: reason.trim() } },
      { onError: () => setAttempt((n) => n + 1) },
    );
  };

  return (
    <ModalDialog role="alertdialog" labelledBy={titleId} describedBy={textId} onCancel={onCancel}>
      <Heading level={2} id={titleId}>
        {t('meetings.cancel.title')}
      </Heading>
      <Paragraph id={textId}>{t('meetings.cancel.text')}</Paragraph>
      {(cancel.isError || localError) && (
        <ProblemAlert
          key={attempt}
          error={cancel.isError ? cancel.error : { title: t('meetings.form.errorTitle') }}
          fields={[
            ...(reasonError ? [{ id: 'meeting-cancel-reason', label: t('meetings.cancel.reason'), message: reasonError }] : []),
            ...others,
          ]}
          focusOnShow
        />
      )}
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={titleId}>
        <TextAreaField
          id="meeting-cancel-reason"
          label={t('meetings.cancel.reason')}
          required
          rows={3}
          value={reason}
          onChange={setReason}
          error={reasonError}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" hint="danger" busy={cancel.isPending}>
            {t('meetings.cancel.submit')}
          </Button>
          <Button appearance="secondary-action-button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </ModalDialog>
  );
}
