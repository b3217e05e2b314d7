import { useParams } from '@tanstack/react-router';
import { Button, ButtonGroup, Heading, Link, Paragraph } from '@utrecht/component-library-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemStatus, type Network } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate, formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { NotFoundPage } from '../NotFoundPage';
import { fieldProblems, NoSignalsAccess, useAnnouncer } from './parts';
import {
  apiRequest,
  mayCoordinateSignals,
  mayOpenSignals,
  moodPictureHref,
  signalKeys,
  signalPaths,
  useApiMutation,
  useApiQuery,
  type MoodPicture,
} from './signals';

/** Een sfeerbeeld: /netwerken/$networkId/sfeerbeelden/$moodPictureId — printable, PDF, text. */
export function MoodPicturePage() {
  const { networkId, moodPictureId } = useParams({ from: '/signedIn/netwerken/$networkId/sfeerbeelden/$moodPictureId' });
  return (
    <WithNetwork networkId={networkId}>{(network) => <MoodPictureLoader network={network} id={moodPictureId} />}</WithNetwork>
  );
}

function MoodPictureLoader({ network, id }: { network: Network; id: string }) {
  const mayOpen = mayOpenSignals(network);
  const picture = useApiQuery<MoodPicture>(signalKeys.moodPicture(network.id, id), signalPaths.moodPicture(network.id, id), {
    enabled: mayOpen,
  });
  const status = problemStatus(picture.error);
  if (!mayOpen || status === 403) return <NoSignalsAccess network={network} />;
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (picture.isPending) return <Loading />;
  if (picture.isError) return <QueryError error={picture.error} onRetry={() => void picture.refetch()} />;
  return <MoodPictureView network={network} picture={picture.data} />;
}

/** Paragraphs of a plain text with blank lines between them. */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function MoodPictureView({ network, picture }: { network: Network; picture: MoodPicture }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const networkId = network.id;
  const mayEdit = mayCoordinateSignals(network);
  useDocumentTitle(picture.title);
  const { announce, status } = useAnnouncer();
  const [sharing, setSharing] = useState(false);
  const [fallback, setFallback] = useState<string>();
  const [copyError, setCopyError] = useState<unknown>();
  const fallbackRef = useRef<HTMLTextAreaElement>(null);
  const share = useApiMutation<{ id: string }, MoodPicture>('POST', () => `${signalPaths.moodPicture(networkId, picture.id)}/share`);

  useEffect(() => {
    if (fallback !== undefined) {
      fallbackRef.current?.focus();
      fallbackRef.current?.select();
    }
  }, [fallback]);

  const copy = async () => {
    setCopyError(undefined);
    setFallback(undefined);
    let text: string;
    try {
      text = await apiRequest<string>(`${signalPaths.moodPicture(networkId, picture.id)}/text`, { asText: true });
    } catch (error) {
      setCopyError(error);
      return;
    }
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      announce(t('moodPictures.copied'));
    } catch {
      setFallback(text);
    }
  };

  const period = t('moodPictures.period', {
    from: formatDate(picture.periodFrom, language),
    to: formatDate(picture.periodTo, language),
  });

  return (
    <>
      <Paragraph className="bg-no-print">
        <RouterLink to="/netwerken/$networkId/sfeerbeelden" params={{ networkId }}>
          {t('moodPictures.backToList')}
        </RouterLink>
      </Paragraph>
      <article className="bg-mood-print" aria-labelledby="mood-title">
        <Heading level={1} id="mood-title">
          {picture.title}
        </Heading>
        <Paragraph>
          {network.name} · {period}
        </Paragraph>
        <Paragraph appearance="small" className="bg-muted">
          {picture.shared
            ? t('moodPictures.sharedOn', { when: formatDateTime(picture.shared.at, language), by: picture.shared.by })
            : t('moodPictures.notShared')}
        </Paragraph>
        <div className="bg-mood-body">
          {paragraphs(picture.body).map((p, i) => (
            <Paragraph key={i}>{p}</Paragraph>
          ))}
        </div>
      </article>
      {status}
      <div className="bg-no-print">
        <ButtonGroup>
          <Button appearance="secondary-action-button" onClick={() => window.print()}>
            {t('moodPictures.print')}
          </Button>
          <Link href={moodPictureHref(networkId, picture.id, 'pdf')} download className="utrecht-button utrecht-button--secondary-action">
            {t('moodPictures.pdf')}
          </Link>
          <Button appearance="secondary-action-button" onClick={() => void copy()}>
            {t('moodPictures.copy')}
          </Button>
          {mayEdit && !picture.shared && (
            <Button
              appearance="secondary-action-button"
              onClick={() => {
                share.reset();
                setSharing(true);
              }}
            >
              {t('moodPictures.share')}
            </Button>
          )}
        </ButtonGroup>
        {copyError !== undefined && <ProblemAlert error={copyError} focusOnShow />}
        {fallback !== undefined && (
          <>
            <Paragraph id="mood-copy-fallback-hint">{t('moodPictures.copyFallback')}</Paragraph>
            <label className="bg-visually-hidden" htmlFor="mood-copy-fallback">
              {t('moodPictures.copyFallbackLabel')}
            </label>
            <textarea
              id="mood-copy-fallback"
              ref={fallbackRef}
              className="utrecht-textarea bg-copy-fallback"
              readOnly
              rows={10}
              value={fallback}
              aria-describedby="mood-copy-fallback-hint"
            />
          </>
        )}
        {mayEdit && <Editor key={picture.updatedAt} network={network} picture={picture} onSaved={() => announce(t('moodPictures.saved'))} />}
      </div>
      {sharing && (
        <ConfirmDialog
          title={t('moodPictures.shareTitle')}
          confirmLabel={t('moodPictures.shareConfirm')}
          cancelLabel={t('common.cancel')}
          busy={share.isPending}
          onConfirm={() =>
            share.mutate(
              { id: picture.id },
              {
                onSuccess: () => {
                  setSharing(false);
                  announce(t('moodPictures.sharedDone'));
                },
              },
            )
          }
          onCancel={() => setSharing(false)}
          footer={share.isError && <ProblemAlert error={share.error} />}
        >
          {t('moodPictures.shareText')}
        </ConfirmDialog>
      )}
    </>
  );
}

type EditorField = 'title' | 'body';
const EDITOR_IDS: Record<EditorField, string> = { title: 'mood-title-input', body: 'mood-body' };

function Editor({ network, picture, onSaved }: { network: Network; picture: MoodPicture; onSaved: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(picture.title);
  const [body, setBody] = useState(picture.body);
  const [local, setLocal] = useState<Partial<Record<EditorField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const save = useApiMutation<{ body: { title: string; body: string } }, MoodPicture>('PUT', () =>
    signalPaths.moodPicture(network.id, picture.id),
  );
  const { errors, summary } = fieldProblems(
    save.error,
    EDITOR_IDS,
    (f) => (f === 'title' ? t('moodPictures.titleLabel') : t('moodPictures.body')),
    local,
  );
  const dirty = title !== picture.title || body !== picture.body;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const problems: Partial<Record<EditorField, string>> = {};
    if (!title.trim()) problems.title = t('moodPictures.titleRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate({ body: { title: title.trim(), body } }, { onSuccess: onSaved, onError: () => setAttempt((n) => n + 1) });
  };

  return (
    <section aria-labelledby="mood-editor-heading" className="bg-section">
      <Heading level={2} id="mood-editor-heading">
        {t('moodPictures.editHeading')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby="mood-editor-heading">
        {(save.isError || Object.keys(local).length > 0) && (
          <ProblemAlert
            key={attempt}
            error={save.isError ? save.error : { title: t('moodPictures.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <TextField id={EDITOR_IDS.title} label={t('moodPictures.titleLabel')} required value={title} onChange={setTitle} error={errors.title} />
        <TextAreaField
          id={EDITOR_IDS.body}
          label={t('moodPictures.body')}
          description={t('moodPictures.bodyDescription')}
          rows={16}
          value={body}
          onChange={setBody}
          error={errors.body}
        />
        {dirty && <Paragraph>{t('moodPictures.unsaved')}</Paragraph>}
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
            {t('moodPictures.save')}
          </Button>
        </ButtonGroup>
      </form>
    </section>
  );
}
