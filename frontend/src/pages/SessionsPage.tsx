import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Heading,
  Paragraph,
  StatusBadge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, type Session } from '../api/client';
import { CalendarFeedSection } from './CalendarFeedSection';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProblemAlert } from '../components/ProblemAlert';
import { Loading, QueryError } from '../components/QueryError';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { formatDateTime } from '../format';
import { currentLanguage } from '../i18n';

const SESSIONS_KEY = ['get', '/api/v1/me/sessions'] as const;

/** "Firefox, Windows" from a User-Agent header; undefined when it says too little. */
export function describeUserAgent(ua: string): string | undefined {
  let browserName: string | undefined;
  if (/Edg\//.test(ua)) browserName = 'Edge';
  else if (/Firefox\//.test(ua)) browserName = 'Firefox';
  else if (/Chrom(e|ium)\//.test(ua)) browserName = 'Chrome';
  else if (/Safari\//.test(ua) && /Version\//.test(ua)) browserName = 'Safari';
  let os: string | undefined;
  if (/iPhone|iPad|iPod/.test(ua)) os = 'iOS';
  else if (/Android/.test(ua)) os = 'Android';
  else if (/Windows/.test(ua)) os = 'Windows';
  else if (/Mac OS X|Macintosh/.test(ua)) os = 'macOS';
  else if (/CrOS/.test(ua)) os = 'ChromeOS';
  else if (/Linux/.test(ua)) os = 'Linux';
  if (browserName && os) return `${browserName}, ${os}`;
  return browserName ?? os;
}

export function SessionsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('sessions.title'));
  const language = currentLanguage();
  const captionId = useId();
  const queryClient = useQueryClient();
  const sessions = $api.useQuery('get', '/api/v1/me/sessions');
  const [confirming, setConfirming] = useState<Session>();
  const [message, setMessage] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  const endSession = $api.useMutation('delete', '/api/v1/me/sessions/{sessionId}', {
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });

  const device = (session: Session) => describeUserAgent(session.userAgent) ?? t('sessions.unknownDevice');

  const confirmEnd = () => {
    if (!confirming) return;
    endSession.mutate(
      { params: { path: { sessionId: confirming.id } } },
      {
        onSuccess: () => {
          setConfirming(undefined);
          setMessage(t('sessions.ended', { device: device(confirming) }));
          // The row (and the button that had focus) is gone: continue from the message.
          requestAnimationFrame(() => statusRef.current?.focus());
        },
      },
    );
  };

  const items = sessions.data?.items ?? [];

  return (
    <>
      <Heading level={1}>{t('sessions.title')}</Heading>
      <Paragraph>{t('sessions.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {message}
      </Paragraph>

      {sessions.isPending && <Loading />}
      {sessions.isError && <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />}

      {sessions.isSuccess && items.length === 0 && <Paragraph>{t('sessions.empty')}</Paragraph>}
      {sessions.isSuccess && items.length > 0 && (
        <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
          <Table className="bg-table">
            <TableCaption id={captionId}>{t('sessions.caption')}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('sessions.columns.device')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('sessions.columns.started')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('sessions.columns.lastSeen')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('sessions.columns.expires')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('sessions.columns.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((session) => (
                <TableRow key={session.id}>
                  <TableHeaderCell scope="row">
                    <span className="bg-cell-title">{device(session)}</span>
                    {session.current && (
                      <>
                        {' '}
                        <StatusBadge status="active">{t('sessions.current')}</StatusBadge>
                      </>
                    )}
                    {session.userAgent && <span className="bg-muted bg-user-agent">{session.userAgent}</span>}
                  </TableHeaderCell>
                  <TableCell>{formatDateTime(session.createdAt, language)}</TableCell>
                  <TableCell>{formatDateTime(session.lastSeenAt, language)}</TableCell>
                  <TableCell>{formatDateTime(session.expiresAt, language)}</TableCell>
                  <TableCell>
                    {session.current ? (
                      <span className="bg-muted">{t('sessions.currentHint')}</span>
                    ) : (
                      <Button
                        appearance="secondary-action-button"
                        onClick={() => {
                          endSession.reset();
                          setConfirming(session);
                        }}
                      >
                        {t('sessions.end')}{' '}
                        <span className="bg-visually-hidden">
                          {t('sessions.endContext', {
                            device: device(session),
                            started: formatDateTime(session.createdAt, language),
                          })}
                        </span>
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}

      {confirming && (
        <ConfirmDialog
          title={t('sessions.confirmTitle')}
          confirmLabel={t('sessions.confirm')}
          cancelLabel={t('common.cancel')}
          busy={endSession.isPending}
          onConfirm={confirmEnd}
          onCancel={() => setConfirming(undefined)}
          footer={endSession.isError && <ProblemAlert error={endSession.error} />}
        >
          {t('sessions.confirmText', {
            device: device(confirming),
            started: formatDateTime(confirming.createdAt, language),
          })}
        </ConfirmDialog>
      )}

      <CalendarFeedSection />
    </>
  );
}
