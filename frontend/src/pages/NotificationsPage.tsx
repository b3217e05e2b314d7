import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ButtonGroup,
  Heading,
  Link,
  Paragraph,
  StatusBadge,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, type Me, type Notification } from '../api/client';
import { ME_QUERY_KEY } from '../api/me';
import { useRoleName } from '../api/roles';
import { RouterLink } from '../components/links';
import { ProblemAlert } from '../components/ProblemAlert';
import { Loading, QueryError } from '../components/QueryError';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { formatDate, formatDateTime } from '../format';
import { currentLanguage, type Language } from '../i18n';
import { safeReturnTo } from '../navigation';
import { isSsoField } from './admin/ssoForm';
import { MailPreferences } from './mail/MailPreferences';

const NOTIFICATIONS_PATH = '/api/v1/me/notifications';
const NOTIFICATIONS_KEY = ['get', NOTIFICATIONS_PATH] as const;


/** A comma-separated parameter as a list ("a,b" → ["a", "b"]). */
function listParam(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** "A, B en C" / "A, B and C". */
export function joinList(items: string[], language: Language): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

/** The notification in words, in the UI language: each kind has its own text. */
export function useNotificationText(): (notification: Notification) => string {
  const { t } = useTranslation();
  const roleName = useRoleName();
  const language = currentLanguage();
  return ({ kind, params }) => {
    const by = params.by?.trim() || t('notifications.someone');
    const source = params.source === 'group' ? 'group' : 'admin';
    const roles = listParam(params.roles);
    const rolesText = joinList(roles.map(roleName), language);
    const count = Math.max(roles.length, 1);
    // Signals (issue 10): the text names only the network, never the signal's content or source.
    const signalKind: string = kind;
    if (signalKind === 'signal_urgent') return t('notifications.text.signal_urgent', { network: params.network ?? '' });
    if (signalKind === 'signal_shared') return t('notifications.text.signal_shared', { network: params.network ?? '' });
    switch (kind) {
      case 'signal_urgent':
      case 'signal_shared':
        return t(`notifications.text.${kind}`, { network: params.network ?? '' });
      case 'crisis_activated': // crisis mode: the network's name only
        return t('notifications.text.crisis_activated', { network: params.network ?? '' });
      // Meetings and cadence (issue 11): the network, a time and the kind of meeting — never an ally.
      case 'meeting_emergency_planned':
        return t('notifications.text.meeting_emergency_planned', {
          network: params.network ?? '',
          when: formatDateTime(params.when ?? '', language),
        });
      case 'meeting_reminder':
      case 'meeting_changed':
      case 'meeting_cancelled':
        return t(`notifications.text.${kind}.${params.meetingKind === 'emergency' ? 'emergency' : 'regular'}`, {
          network: params.network ?? '',
          when: formatDateTime(params.when ?? '', language),
        });
      // Half-yearly evaluation (issue 11): the network's name and the due day only.
      case 'evaluation_due':
      case 'evaluation_overdue':
        return t(`notifications.text.${kind}`, { network: params.network ?? '', due: formatDate(params.dueOn ?? '', language) });
      case 'evaluation_reminder':
        return t(`notifications.text.evaluation_reminder.${params.when === 'today' ? 'today' : 'week'}`, {
          network: params.network ?? '',
          due: formatDate(params.dueOn ?? '', language),
        });
      // A new colleague's introduction (issue 12): the network's name, and for coordinators the colleague's.
      case 'introduction_started':
      case 'introduction_reminder':
      case 'introduction_waived':
        return t(`notifications.text.${kind}`, { network: params.network ?? '' });
      case 'introduction_overdue':
        return t('notifications.text.introduction_overdue', { network: params.network ?? '', person: params.person || t('notifications.someone') });
      case 'cadence_no_next_meeting':
        return t('notifications.text.cadence_no_next_meeting', { network: params.network ?? '' });
      case 'cadence_below_minimum':
        return t('notifications.text.cadence_below_minimum', {
          network: params.network ?? '',
          held: params.held ?? '',
          minimum: params.minimum ?? '',
        });
      case 'role_granted':
        return source === 'group'
          ? t('notifications.text.role_granted.group', { count, roles: rolesText })
          : t('notifications.text.role_granted.admin', { count, roles: rolesText, by });
      case 'roles_changed': {
        const user = params.user ?? '';
        return source === 'group'
          ? t('notifications.text.roles_changed.group', { count, user, roles: rolesText })
          : t('notifications.text.roles_changed.admin', { count, user, roles: rolesText, by });
      }
      case 'sso_change_proposed':
        return t('notifications.text.sso_change_proposed', { by });
      case 'sso_changed': {
        const changed = listParam(params.changed);
        if (changed.includes('created')) return t('notifications.text.sso_created', { by });
        const names = changed.map((name) => (isSsoField(name) ? t(`sso.${name}`) : name));
        return t('notifications.text.sso_changed', { by, changed: joinList(names, language) });
      }
      case 'sso_change_withdrawn':
        return params.proposedBy && params.proposedBy !== params.by
          ? t('notifications.text.sso_change_withdrawn', { by, proposedBy: params.proposedBy })
          : t('notifications.text.sso_change_withdrawn_self', { by });
      case 'oversight_requested':
        return t('notifications.text.oversight_requested', { bureau: params.bureau ?? '', by });
      case 'oversight_accepted':
        return t('notifications.text.oversight_accepted', { tenant: params.tenant ?? '', by });
      case 'oversight_declined':
        return t('notifications.text.oversight_declined', { tenant: params.tenant ?? '', by });
      case 'oversight_ended':
        if (params.tenant) return t('notifications.text.oversight_ended_byTenant', { tenant: params.tenant, by });
        if (params.bureau && params.endsOn) {
          return t('notifications.text.oversight_ended_byBureau', {
            bureau: params.bureau,
            date: formatDate(params.endsOn, language),
          });
        }
        if (params.bureau) return t('notifications.text.oversight_ended_byBureauNow', { bureau: params.bureau });
        return t('notifications.text.oversight_ended');
    }
  };
}

/** The app's pages a notification links to, with the words for the link. */
const KNOWN_LINKS = {
  '/': 'home',
  '/toezicht': 'oversight',
  '/beheer/sso': 'sso',
  '/beheer/gebruikers': 'users',
} as const;
type KnownLink = keyof typeof KNOWN_LINKS;

function isKnownLink(link: string): link is KnownLink {
  return Object.hasOwn(KNOWN_LINKS, link);
}

/** Meldingen: /meldingen — the signed-in person's notifications, newest first. */
export function NotificationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notifications.title'));
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const text = useNotificationText();
  const statusRef = useRef<HTMLParagraphElement>(null);

  const inbox = $api.useQuery('get', NOTIFICATIONS_PATH);
  const [announcement, setAnnouncement] = useState({ message: '', count: 0 });
  const [actionError, setActionError] = useState<unknown>();
  const announce = (message: string) => setAnnouncement(({ count }) => ({ message, count: count + 1 }));

  // The button that was pressed is gone now: continue from the message.
  useEffect(() => {
    if (announcement.count > 0) statusRef.current?.focus();
  }, [announcement.count]);

  // The header's badge counts from GET /api/v1/me; keep it in step with what this page shows.
  const unread = inbox.data?.unread;
  useEffect(() => {
    if (unread === undefined) return;
    queryClient.setQueryData<Me | null>(ME_QUERY_KEY, (me) =>
      me && me.unreadNotifications !== unread ? { ...me, unreadNotifications: unread } : me,
    );
  }, [unread, queryClient]);

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
      queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
    ]);
  const markRead = $api.useMutation('post', '/api/v1/me/notifications/{notificationId}/read', { onSettled: refresh });
  const markAll = $api.useMutation('post', '/api/v1/me/notifications/read-all', { onSettled: refresh });

  const doMarkRead = (notification: Notification, quiet = false) => {
    setActionError(undefined);
    markRead.mutate(
      { params: { path: { notificationId: notification.id } } },
      {
        onSuccess: () => {
          if (!quiet) announce(t('notifications.markedRead'));
        },
        onError: (error) => {
          if (!quiet) setActionError(error);
        },
      },
    );
  };

  const doMarkAll = () => {
    if (markAll.isPending) return;
    setActionError(undefined);
    markAll.mutate({}, { onSuccess: () => announce(t('notifications.markedAllRead')), onError: setActionError });
  };

  const items = inbox.data?.items ?? [];

  return (
    <>
      <Heading level={1}>{t('notifications.title')}</Heading>
      <Paragraph>{t('notifications.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {announcement.message}
      </Paragraph>
      {actionError !== undefined && <ProblemAlert error={actionError} focusOnShow />}

      {inbox.isPending && <Loading />}
      {inbox.isError && <QueryError error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {inbox.isSuccess && items.length === 0 && <Paragraph>{t('notifications.empty')}</Paragraph>}
      {inbox.isSuccess && items.length > 0 && (
        <>
          <div className="bg-notifications__summary">
            <Paragraph>
              {inbox.data.unread > 0
                ? t('notifications.unreadCount', { count: inbox.data.unread })
                : t('notifications.noneUnread')}
            </Paragraph>
            {inbox.data.unread > 0 && (
              <ButtonGroup className="bg-row-actions">
                <Button appearance="secondary-action-button" busy={markAll.isPending} onClick={doMarkAll}>
                  {t('notifications.markAllRead')}
                </Button>
              </ButtonGroup>
            )}
          </div>
          <UnorderedList className="bg-notifications" aria-label={t('notifications.listLabel')}>
            {items.map((notification) => (
              <NotificationItem
                key={notification.id}
                notification={notification}
                text={text(notification)}
                language={language}
                busy={markRead.isPending && markRead.variables?.params.path.notificationId === notification.id}
                onMarkRead={() => doMarkRead(notification)}
                onFollow={() => notification.readAt === null && doMarkRead(notification, true)}
              />
            ))}
          </UnorderedList>
        </>
      )}
      <MailPreferences />
    </>
  );
}

interface NotificationItemProps {
  notification: Notification;
  text: string;
  language: Language;
  busy: boolean;
  onMarkRead: () => void;
  /** The person follows the link: the notification has done its work. */
  onFollow: () => void;
}

function NotificationItem({ notification, text, language, busy, onMarkRead, onFollow }: NotificationItemProps) {
  const { t } = useTranslation();
  const textId = useId();
  const unread = notification.readAt === null;
  const link = notification.link;
  const known = isKnownLink(link) ? link : undefined;
  const other = known ? undefined : safeReturnTo(link);

  return (
    <UnorderedListItem className={unread ? 'bg-notification bg-notification--unread' : 'bg-notification'}>
      <Paragraph id={textId} className="bg-notification__text">
        {unread && (
          <>
            <StatusBadge status="warning" className="bg-notification__flag">
              {t('notifications.unread')}
            </StatusBadge>{' '}
          </>
        )}
        {text}
      </Paragraph>
      <Paragraph appearance="small" className="bg-muted">
        <time dateTime={notification.createdAt}>{formatDateTime(notification.createdAt, language)}</time>
      </Paragraph>
      {(known || other || unread) && (
        <div className="bg-notification__actions">
          {known && (
            <RouterLink to={known} onClick={onFollow} aria-describedby={textId}>
              {t(`notifications.links.${KNOWN_LINKS[known]}`)}
            </RouterLink>
          )}
          {other && (
            <Link href={other} onClick={onFollow} aria-describedby={textId}>
              {t('notifications.links.other')}
            </Link>
          )}
          {unread && (
            <Button appearance="subtle-button" busy={busy} onClick={() => !busy && onMarkRead()} aria-describedby={textId}>
              {t('notifications.markRead')}
            </Button>
          )}
        </div>
      )}
    </UnorderedListItem>
  );
}
