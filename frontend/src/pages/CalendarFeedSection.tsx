import { useQueryClient } from '@tanstack/react-query';
import { Button, ButtonGroup, Heading, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $api } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TextField } from '../components/fields';
import { ProblemAlert } from '../components/ProblemAlert';
import { Loading, QueryError } from '../components/QueryError';
import { formatDateTime } from '../format';
import { currentLanguage } from '../i18n';

export const CALENDAR_FEED_PATH = '/api/v1/me/calendar-feed';
const CALENDAR_FEED_KEY = ['get', CALENDAR_FEED_PATH] as const;
const URL_FIELD_ID = 'calendar-feed-url';

/**
 * Agenda-abonnement: a secret iCalendar address for the person's meetings. The address is
 * in the answer that makes it only, so it is shown once, until the page is left.
 */
export function CalendarFeedSection() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  const feed = $api.useQuery('get', CALENDAR_FEED_PATH);
  const [url, setUrl] = useState<string>();
  const [confirming, setConfirming] = useState<'renew' | 'stop'>();
  const [status, setStatus] = useState({ message: '', focus: 0 });
  const [urlShown, setUrlShown] = useState(0);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const urlHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (urlShown > 0) urlHeadingRef.current?.focus();
  }, [urlShown]);
  useEffect(() => {
    if (status.focus > 0) statusRef.current?.focus();
  }, [status.focus]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: CALENDAR_FEED_KEY });
  const renew = $api.useMutation('post', CALENDAR_FEED_PATH, { onSettled: refresh });
  const stop = $api.useMutation('delete', CALENDAR_FEED_PATH, { onSettled: refresh });

  const create = () =>
    renew.mutate(
      {},
      {
        onSuccess: (data) => {
          setConfirming(undefined);
          setStatus(({ focus }) => ({ message: '', focus }));
          setUrl(data.url);
          setUrlShown((n) => n + 1);
        },
      },
    );

  const revoke = () =>
    stop.mutate(
      {},
      {
        onSuccess: () => {
          setConfirming(undefined);
          setUrl(undefined);
          // The buttons that had focus may be gone: continue from the message.
          setStatus(({ focus }) => ({ message: t('calendarFeed.stopped'), focus: focus + 1 }));
        },
      },
    );

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(({ focus }) => ({ message: t('calendarFeed.copied'), focus }));
    } catch {
      setStatus(({ focus }) => ({ message: t('calendarFeed.copyFailed'), focus }));
    }
  };

  const active = feed.data?.active ?? false;
  const createdAt = feed.data?.createdAt;

  return (
    <>
      <Heading level={2}>{t('calendarFeed.heading')}</Heading>
      <Paragraph>{t('calendarFeed.intro')}</Paragraph>
      <Paragraph role="status" className="bg-status" ref={statusRef} tabIndex={-1}>
        {status.message}
      </Paragraph>
      {feed.isPending && <Loading />}
      {feed.isError && <QueryError error={feed.error} onRetry={() => void feed.refetch()} />}
      {feed.isSuccess && (
        <>
          <Paragraph>
            {active
              ? createdAt
                ? t('calendarFeed.active', { date: formatDateTime(createdAt, language) })
                : t('calendarFeed.activeNoDate')
              : t('calendarFeed.inactive')}
          </Paragraph>
          {url && (
            <>
              <Heading level={3} ref={urlHeadingRef} tabIndex={-1}>
                {t('calendarFeed.newHeading')}
              </Heading>
              <TextField
                id={URL_FIELD_ID}
                label={t('calendarFeed.urlLabel')}
                description={t('calendarFeed.urlDescription')}
                value={url}
                onChange={() => {}}
                readOnly
                spellCheck={false}
                autoComplete="off"
              />
              <ButtonGroup>
                <Button appearance="secondary-action-button" onClick={() => void copy()}>
                  {t('calendarFeed.copy')}
                </Button>
              </ButtonGroup>
            </>
          )}
          {renew.isError && !confirming && <ProblemAlert error={renew.error} focusOnShow />}
          <ButtonGroup>
            <Button
              appearance={active ? 'secondary-action-button' : 'primary-action-button'}
              busy={renew.isPending && !confirming}
              onClick={() => {
                if (renew.isPending) return;
                renew.reset();
                if (active) setConfirming('renew');
                else create();
              }}
            >
              {t('calendarFeed.create')}
            </Button>
            {active && (
              <Button
                appearance="secondary-action-button"
                hint="danger"
                onClick={() => {
                  stop.reset();
                  setConfirming('stop');
                }}
              >
                {t('calendarFeed.stop')}
              </Button>
            )}
          </ButtonGroup>
        </>
      )}
      {confirming === 'renew' && (
        <ConfirmDialog
          title={t('calendarFeed.renewTitle')}
          confirmLabel={t('calendarFeed.renewConfirm')}
          cancelLabel={t('common.cancel')}
          busy={renew.isPending}
          onConfirm={create}
          onCancel={() => setConfirming(undefined)}
          footer={renew.isError && <ProblemAlert error={renew.error} />}
        >
          {t('calendarFeed.renewText')}
        </ConfirmDialog>
      )}
      {confirming === 'stop' && (
        <ConfirmDialog
          title={t('calendarFeed.stopTitle')}
          confirmLabel={t('calendarFeed.stopConfirm')}
          cancelLabel={t('common.cancel')}
          busy={stop.isPending}
          onConfirm={revoke}
          onCancel={() => setConfirming(undefined)}
          footer={stop.isError && <ProblemAlert error={stop.error} />}
        >
          {t('calendarFeed.stopText')}
        </ConfirmDialog>
      )}
    </>
  );
}
