import { useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  DataList,
  DataListItem,
  DataListKey,
  DataListValue,
  Fieldset,
  FieldsetLegend,
  Heading,
  Paragraph,
  SelectOption,
  UnorderedList,
  UnorderedListItem,
} from '@utrecht/component-library-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, problemStatus, type Network } from '../../api/client';
import { useSignedInMe } from '../../api/me';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterButtonLink, RouterLink } from '../../components/links';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { formatDate, formatDateTime, today } from '../../format';
import { currentLanguage } from '../../i18n';
import { WithNetwork } from '../allies/NetworkLoader';
import { ACTIONS_PATH, mayReadMinutes } from '../meetings/meetings';
import { NotFoundPage } from '../NotFoundPage';
import { fieldProblems, NoSignalsAccess, SignalFlags, useAnnouncer, useLevelText } from './parts';
import {
  mayOpenSignals,
  SIGNAL_STATUSES,
  signalKeys,
  signalPaths,
  useApiMutation,
  useApiQuery,
  type AssessmentInput,
  type FeedbackInput,
  type Signal,
  type SignalStatus,
} from './signals';

/** One signal: /netwerken/$networkId/signalen/$signalId. */
export function SignalPage() {
  const { networkId, signalId } = useParams({ from: '/signedIn/netwerken/$networkId/signalen/$signalId' });
  return <WithNetwork networkId={networkId}>{(network) => <SignalLoader network={network} signalId={signalId} />}</WithNetwork>;
}

function SignalLoader({ network, signalId }: { network: Network; signalId: string }) {
  const mayOpen = mayOpenSignals(network);
  const signal = useApiQuery<Signal>(signalKeys.signal(network.id, signalId), signalPaths.signal(network.id, signalId), {
    enabled: mayOpen,
  });
  const status = problemStatus(signal.error);
  if (!mayOpen || status === 403) return <NoSignalsAccess network={network} />;
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (signal.isPending) return <Loading />;
  if (signal.isError) return <QueryError error={signal.error} onRetry={() => void signal.refetch()} />;
  return <SignalView network={network} signal={{ ...signal.data, actionIds: signal.data.actionIds ?? [] }} />;
}

function SignalView({ network, signal }: { network: Network; signal: Signal }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const levelText = useLevelText();
  const networkId = network.id;
  const title = t('signals.page.title', { theme: signal.themeLabel });
  useDocumentTitle(title);
  const { announce, status } = useAnnouncer();
  const [sharing, setSharing] = useState(false);
  const police = me.tenant.kind === 'police_unit' && signal.hasPoliceNote !== null;

  const actions = $api.useQuery(
    'get',
    ACTIONS_PATH,
    { params: { path: { networkId }, query: { limit: 100 } } },
    { enabled: mayReadMinutes(network) },
  );
  const actionTitle = new Map(actions.data?.items.map((a) => [a.id, a.title]));

  const share = useApiMutation<{ signalId: string }, Signal>('POST', ({ signalId }) => `${signalPaths.signal(networkId, signalId)}/share`);

  const source =
    signal.source.kind === 'ally'
      ? signal.source.allyName
        ? t('signals.page.sourceAllyNamed', { name: signal.source.allyName })
        : t('signals.page.sourceAllyHidden')
      : signal.source.kind === 'other'
        ? signal.source.other.trim()
          ? t('signals.page.sourceOther', { other: signal.source.other.trim() })
          : t('signals.source.other')
        : t('signals.source.own');
  const orDash = (value: string) => value.trim() || t('signals.page.notFilled');

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }}>
          {t('signals.backToList')}
        </RouterLink>
      </Paragraph>
      <Heading level={1}>{title}</Heading>
      <SignalFlags signal={signal} />
      {status}

      <Heading level={2}>{t('signals.page.detailsHeading')}</Heading>
      <Paragraph className="bg-prewrap">{signal.description}</Paragraph>
      <DataList className="bg-data-list">
        <Item label={t('signals.field.observedAt')}>
          <time dateTime={signal.observedAt}>{formatDateTime(signal.observedAt, language)}</time>
        </Item>
        <Item label={t('signals.field.level')}>{levelText(signal.level)}</Item>
        <Item label={t('signals.field.theme')}>{signal.themeLabel}</Item>
        <Item label={t('signals.field.urgent')}>{signal.urgent ? t('signals.urgent') : '–'}</Item>
        <Item label={t('signals.field.evidence')}>{t(`signals.evidence.${signal.evidence}`)}</Item>
        <Item label={t('signals.field.phase')}>{t(`signals.phase.${signal.phase}`)}</Item>
        <Item label={t('signals.field.sourceKind')}>{source}</Item>
        <Item label={t('signals.field.area')}>{orDash(signal.area)}</Item>
        <Item label={t('signals.field.community')}>{orDash(signal.community)}</Item>
        <Item label={t('signals.field.status')}>{t(`signals.status.${signal.status}`)}</Item>
        <Item label={t('signals.page.createdBy')}>{signal.createdBy?.name ?? t('signals.page.unknown')}</Item>
        <Item label={t('signals.page.createdAt')}>
          <time dateTime={signal.createdAt}>{formatDateTime(signal.createdAt, language)}</time>
        </Item>
        {signal.meetingId && mayReadMinutes(network) && (
          <Item label={t('signals.page.meeting')}>
            <RouterLink to="/netwerken/$networkId/bijeenkomsten/$meetingId" params={{ networkId, meetingId: signal.meetingId }}>
              {t('signals.page.meetingLink')}
            </RouterLink>
          </Item>
        )}
      </DataList>
      {signal.mayEdit && (
        <ButtonGroup>
          <RouterButtonLink
            to="/netwerken/$networkId/signalen/$signalId/bewerken"
            params={{ networkId, signalId: signal.id }}
            appearance="secondary-action-button"
          >
            {t('signals.page.edit')}
          </RouterButtonLink>
        </ButtonGroup>
      )}

      {police && <PoliceNote network={network} signal={signal} onSaved={() => announce(t('signals.policeNote.saved'))} />}

      <section aria-labelledby="signal-share-heading" className="bg-section">
        <Heading level={2} id="signal-share-heading">
          {t('signals.share.heading')}
        </Heading>
        {signal.shared ? (
          <Paragraph>
            {t('signals.share.sharedBy', { by: signal.shared.by, when: formatDateTime(signal.shared.at, language) })}
          </Paragraph>
        ) : (
          <>
            <Paragraph>{t('signals.share.notShared')}</Paragraph>
            {signal.mayAssess && (
              <ButtonGroup>
                <Button
                  appearance="secondary-action-button"
                  onClick={() => {
                    share.reset();
                    setSharing(true);
                  }}
                >
                  {t('signals.share.open')}
                </Button>
              </ButtonGroup>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="signal-assessment-heading" className="bg-section">
        <Heading level={2} id="signal-assessment-heading">
          {t('signals.assessment.heading')}
        </Heading>
        {signal.mayAssess ? (
          <AssessmentForm
            network={network}
            signal={signal}
            actions={actions.data?.items.map((a) => ({ id: a.id, title: a.title })) ?? []}
            onSaved={() => announce(t('signals.assessment.saved'))}
          />
        ) : (
          <>
            {signal.assessment.assessedAt ? (
              <>
                {(['picture', 'judgement', 'decision'] as const).map((part) => (
                  <div key={part}>
                    <Heading level={3}>{t(`signals.assessment.${part}`)}</Heading>
                    <Paragraph className="bg-prewrap">{orDash(signal.assessment[part])}</Paragraph>
                  </div>
                ))}
              </>
            ) : (
              <Paragraph>{t('signals.assessment.notAssessed')}</Paragraph>
            )}
            <Heading level={3}>{t('signals.assessment.actions')}</Heading>
            {signal.actionIds.length === 0 ? (
              <Paragraph>{t('signals.assessment.noLinkedActions')}</Paragraph>
            ) : (
              <UnorderedList>
                {signal.actionIds.map((id) => (
                  <UnorderedListItem key={id}>{actionTitle.get(id) ?? id}</UnorderedListItem>
                ))}
              </UnorderedList>
            )}
          </>
        )}
        {signal.assessment.assessedAt && signal.assessment.assessedBy && (
          <Paragraph className="bg-muted">
            {t('signals.assessment.assessedBy', {
              name: signal.assessment.assessedBy,
              when: formatDateTime(signal.assessment.assessedAt, language),
            })}
          </Paragraph>
        )}
      </section>

      <section aria-labelledby="signal-feedback-heading" className="bg-section">
        <Heading level={2} id="signal-feedback-heading">
          {t('signals.feedback.heading')}
        </Heading>
        <Paragraph>
          {signal.feedback.fedBackOn
            ? t('signals.feedback.fedBack', { date: formatDate(signal.feedback.fedBackOn, language) })
            : t('signals.feedback.dueOn', { date: formatDate(signal.feedback.dueOn, language) })}
          {signal.feedback.overdue && (
            <>
              {' '}
              <strong className="bg-flag bg-flag--overdue">{t('signals.feedbackOverdue')}</strong>
            </>
          )}
        </Paragraph>
        {signal.mayAssess ? (
          <FeedbackForm network={network} signal={signal} onSaved={() => announce(t('signals.feedback.saved'))} />
        ) : signal.feedback.text.trim() ? (
          <Paragraph className="bg-prewrap">{signal.feedback.text}</Paragraph>
        ) : (
          <Paragraph>{t('signals.feedback.notYet')}</Paragraph>
        )}
      </section>

      {sharing && (
        <ConfirmDialog
          title={t('signals.share.confirmTitle')}
          confirmLabel={t('signals.share.confirm')}
          cancelLabel={t('common.cancel')}
          busy={share.isPending}
          onConfirm={() =>
            share.mutate(
              { signalId: signal.id },
              {
                onSuccess: () => {
                  setSharing(false);
                  announce(t('signals.share.done'));
                },
              },
            )
          }
          onCancel={() => setSharing(false)}
          footer={share.isError && <ProblemAlert error={share.error} />}
        >
          {t('signals.share.confirmText')}
        </ConfirmDialog>
      )}
    </>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <DataListItem>
      <DataListKey>{label}</DataListKey>
      <DataListValue>{children}</DataListValue>
    </DataListItem>
  );
}

type AssessmentField = 'picture' | 'judgement' | 'decision' | 'status' | 'actionIds';
const ASSESSMENT_IDS: Record<AssessmentField, string> = {
  picture: 'assessment-picture',
  judgement: 'assessment-judgement',
  decision: 'assessment-decision',
  status: 'assessment-status',
  actionIds: 'assessment-actions',
};

function AssessmentForm({
  network,
  signal,
  actions,
  onSaved,
}: {
  network: Network;
  signal: Signal;
  actions: Array<{ id: string; title: string }>;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Required<AssessmentInput>>({
    picture: signal.assessment.picture,
    judgement: signal.assessment.judgement,
    decision: signal.assessment.decision,
    status: signal.status,
    actionIds: signal.actionIds,
  });
  const [attempt, setAttempt] = useState(0);
  const save = useApiMutation<{ body: AssessmentInput }, Signal>('PUT', () => `${signalPaths.signal(network.id, signal.id)}/assessment`);
  const label = (field: AssessmentField) =>
    field === 'status' ? t('signals.field.status') : field === 'actionIds' ? t('signals.assessment.actions') : t(`signals.assessment.${field}`);
  const { errors, summary } = fieldProblems(save.error, ASSESSMENT_IDS, label);
  const toggle = (id: string, on: boolean) =>
    setValues((v) => ({ ...v, actionIds: on ? [...v.actionIds.filter((a) => a !== id), id] : v.actionIds.filter((a) => a !== id) }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate(
      {
        body: {
          ...values,
          picture: values.picture.trim(),
          judgement: values.judgement.trim(),
          decision: values.decision.trim(),
        },
      },
      { onSuccess: onSaved, onError: () => setAttempt((n) => n + 1) },
    );
  };
  const known = new Set(actions.map((a) => a.id));
  const unknownLinked = values.actionIds.filter((id) => !known.has(id));

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-labelledby="signal-assessment-heading">
      {save.isError && <ProblemAlert key={attempt} error={save.error} fields={summary} focusOnShow />}
      {(['picture', 'judgement', 'decision'] as const).map((part) => (
        <TextAreaField
          key={part}
          id={ASSESSMENT_IDS[part]}
          label={t(`signals.assessment.${part}`)}
          description={t(`signals.assessment.${part}Description`)}
          rows={3}
          value={values[part]}
          onChange={(v) => setValues((old) => ({ ...old, [part]: v }))}
          error={errors[part]}
        />
      ))}
      <SelectField
        id={ASSESSMENT_IDS.status}
        label={t('signals.field.status')}
        value={values.status}
        onChange={(v) => setValues((old) => ({ ...old, status: v as SignalStatus }))}
        error={errors.status}
      >
        {SIGNAL_STATUSES.map((s) => (
          <SelectOption key={s} value={s}>
            {t(`signals.status.${s}`)}
          </SelectOption>
        ))}
      </SelectField>
      <Fieldset id={ASSESSMENT_IDS.actionIds} invalid={Boolean(errors.actionIds)}>
        <FieldsetLegend>{t('signals.assessment.actions')}</FieldsetLegend>
        {actions.length === 0 && unknownLinked.length === 0 && <Paragraph>{t('signals.assessment.noActions')}</Paragraph>}
        {actions.map((action) => (
          <CheckboxField
            key={action.id}
            id={`assessment-action-${action.id}`}
            name="actionIds"
            value={action.id}
            checked={values.actionIds.includes(action.id)}
            onChange={(on) => toggle(action.id, on)}
            label={action.title}
          />
        ))}
      </Fieldset>
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
          {t('signals.assessment.save')}
        </Button>
      </ButtonGroup>
    </form>
  );
}

type FeedbackField = 'text' | 'fedBackOn';
const FEEDBACK_IDS: Record<FeedbackField, string> = { text: 'feedback-text', fedBackOn: 'feedback-fed-back-on' };

function FeedbackForm({ network, signal, onSaved }: { network: Network; signal: Signal; onSaved: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(signal.feedback.text);
  const [fedBackOn, setFedBackOn] = useState(signal.feedback.fedBackOn ?? today());
  const [local, setLocal] = useState<Partial<Record<FeedbackField, string>>>({});
  const [attempt, setAttempt] = useState(0);
  const save = useApiMutation<{ body: FeedbackInput }, Signal>('PUT', () => `${signalPaths.signal(network.id, signal.id)}/feedback`);
  const label = (field: FeedbackField) => t(`signals.feedback.${field}`);
  const { errors, summary } = fieldProblems(save.error, FEEDBACK_IDS, label, local);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const problems: Partial<Record<FeedbackField, string>> = {};
    if (!text.trim()) problems.text = t('signals.feedback.textRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fedBackOn)) problems.fedBackOn = t('moodPictures.periodRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate(
      { body: { text: text.trim(), fedBackOn } },
      { onSuccess: onSaved, onError: () => setAttempt((n) => n + 1) },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-labelledby="signal-feedback-heading">
      <Paragraph>{t('signals.feedback.intro')}</Paragraph>
      {(save.isError || Object.keys(local).length > 0) && (
        <ProblemAlert
          key={attempt}
          error={save.isError ? save.error : { title: t('signals.form.errorTitle') }}
          fields={summary}
          focusOnShow
        />
      )}
      <TextAreaField id={FEEDBACK_IDS.text} label={label('text')} rows={3} value={text} onChange={setText} error={errors.text} />
      <TextField
        id={FEEDBACK_IDS.fedBackOn}
        type="date"
        label={label('fedBackOn')}
        value={fedBackOn}
        onChange={setFedBackOn}
        error={errors.fedBackOn}
      />
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
          {t('signals.feedback.save')}
        </Button>
      </ButtonGroup>
    </form>
  );
}

/** The police note: loaded only when asked for (every read is audited), and changed in place. */
function PoliceNote({ network, signal, onSaved }: { network: Network; signal: Signal; onSaved: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const headingId = useId();
  const path = `${signalPaths.signal(network.id, signal.id)}/police-note`;
  const [open, setOpen] = useState(false);
  const [text, setText] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const note = useApiQuery<{ text: string }>([...signalKeys.signal(network.id, signal.id), 'police-note'], path, {
    enabled: open,
  });
  const save = useApiMutation<{ body: { text: string } }, { text: string }>('PUT', () => path);
  const value = text ?? note.data?.text ?? '';

  return (
    <section aria-labelledby={headingId} className="bg-section">
      <Heading level={2} id={headingId}>
        {t('signals.policeNote.heading')}
      </Heading>
      <Paragraph>{t('signals.policeNote.intro')}</Paragraph>
      <Paragraph>{signal.hasPoliceNote ? t('signals.policeNote.has') : t('signals.policeNote.hasNone')}</Paragraph>
      <ButtonGroup>
        <Button
          appearance="secondary-action-button"
          aria-expanded={open}
          onClick={() => {
            if (open) {
              setOpen(false);
              setText(undefined);
              queryClient.removeQueries({ queryKey: [...signalKeys.signal(network.id, signal.id), 'police-note'] });
            } else setOpen(true);
          }}
        >
          {open ? t('signals.policeNote.hide') : t('signals.policeNote.show')}
        </Button>
      </ButtonGroup>
      {open && note.isPending && <Loading />}
      {open && note.isError && <QueryError error={note.error} onRetry={() => void note.refetch()} />}
      {open && note.data && (
        <form
          noValidate
          className="bg-form"
          aria-labelledby={headingId}
          onSubmit={(event) => {
            event.preventDefault();
            if (save.isPending) return;
            save.mutate(
              { body: { text: value.trim() } },
              { onSuccess: onSaved, onError: () => setAttempt((n) => n + 1) },
            );
          }}
        >
          {save.isError && <ProblemAlert key={attempt} error={save.error} focusOnShow />}
          <TextAreaField id="signal-police-note-text" label={t('signals.policeNote.label')} rows={4} value={value} onChange={setText} />
          <ButtonGroup>
            <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
              {t('signals.policeNote.save')}
            </Button>
          </ButtonGroup>
        </form>
      )}
    </section>
  );
}

