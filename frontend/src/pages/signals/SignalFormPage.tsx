import { useNavigate, useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  FormField,
  FormFieldDescription,
  FormFieldErrorMessage,
  FormLabel,
  Heading,
  Paragraph,
  SelectOption,
  Textbox,
} from '@utrecht/component-library-react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, problemStatus, type Network } from '../../api/client';
import { useSignedInMe } from '../../api/me';
import { CheckboxField, RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { ALLIES_PAGE, ALLIES_PATH, COVERAGE_PATH, mayReadAllies } from '../allies/allies';
import { WithNetwork } from '../allies/NetworkLoader';
import { amsterdamParts, amsterdamToIso } from '../meetings/meetings';
import { NotFoundPage } from '../NotFoundPage';
import { fieldProblems, NoSignalsAccess, useLevelLabel } from './parts';
import {
  EVIDENCE_KINDS,
  LEVELS,
  mayLogSignals,
  PHASES,
  signalKeys,
  signalPaths,
  useApiMutation,
  useApiQuery,
  useThemes,
  type Signal,
  type SignalEvidence,
  type SignalInput,
  type SignalPhase,
  type SourceKind,
} from './signals';

/** Signaal melden: /netwerken/$networkId/signalen/nieuw — made for a phone. */
export function NewSignalPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/signalen/nieuw' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) => (mayLogSignals(network) ? <SignalForm network={network} /> : <NoSignalsAccess network={network} />)}
    </WithNetwork>
  );
}

/** Signaal wijzigen: /netwerken/$networkId/signalen/$signalId/bewerken (own signal, or coordinators). */
export function EditSignalPage() {
  const { networkId, signalId } = useParams({ from: '/signedIn/netwerken/$networkId/signalen/$signalId/bewerken' });
  return <WithNetwork networkId={networkId}>{(network) => <EditLoader network={network} signalId={signalId} />}</WithNetwork>;
}

function EditLoader({ network, signalId }: { network: Network; signalId: string }) {
  const signal = useApiQuery<Signal>(signalKeys.signal(network.id, signalId), signalPaths.signal(network.id, signalId));
  const status = problemStatus(signal.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (status === 403) return <NoSignalsAccess network={network} />;
  if (signal.isPending) return <Loading />;
  if (signal.isError) return <QueryError error={signal.error} onRetry={() => void signal.refetch()} />;
  if (!signal.data.mayEdit) return <NoSignalsAccess network={network} />;
  return <SignalForm network={network} signal={signal.data} />;
}

type Field =
  | 'urgent'
  | 'theme'
  | 'description'
  | 'level'
  | 'observedAt'
  | 'sourceKind'
  | 'sourceAllyId'
  | 'sourceOther'
  | 'area'
  | 'community'
  | 'evidence'
  | 'phase'
  | 'policeNote';

const IDS: Record<Field, string> = {
  urgent: 'signal-urgent',
  theme: 'signal-theme',
  description: 'signal-description',
  level: 'signal-level-3',
  observedAt: 'signal-observed-day',
  sourceKind: 'signal-source-own',
  sourceAllyId: 'signal-source-ally',
  sourceOther: 'signal-source-other',
  area: 'signal-area',
  community: 'signal-community',
  evidence: 'signal-evidence-experienced',
  phase: 'signal-phase',
  policeNote: 'signal-police-note',
};

/** Server field names that are not ours verbatim. */
const ALIASES: Record<string, Field> = { source_ally: 'sourceAllyId', sourceAlly: 'sourceAllyId', source: 'sourceKind' };

function SignalForm({ network, signal }: { network: Network; signal?: Signal }) {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const navigate = useNavigate();
  const levelLabel = useLevelLabel();
  const networkId = network.id;
  const editing = signal !== undefined;
  const police = me.tenant.kind === 'police_unit';
  const readAllies = mayReadAllies(network);
  const title = editing ? t('signals.form.editTitle') : t('signals.form.newTitle');
  useDocumentTitle(title);
  const headingId = useId();

  const themes = useThemes(networkId);
  const allies = $api.useQuery(
    'get',
    ALLIES_PATH,
    { params: { path: { networkId }, query: { limit: ALLIES_PAGE } } },
    { enabled: readAllies },
  );
  const coverage = $api.useQuery('get', COVERAGE_PATH, { params: { path: { networkId } } });

  const now = amsterdamParts(signal?.observedAt ?? new Date().toISOString());
  const [values, setValues] = useState({
    urgent: signal?.urgent ?? false,
    theme: signal?.theme ?? '',
    description: signal?.description ?? '',
    level: String(signal?.level ?? 3),
    day: now.day,
    time: now.time,
    sourceKind: (signal?.source.kind ?? 'own') as SourceKind,
    sourceAllyId: signal?.source.allyId ?? '',
    sourceOther: signal?.source.other ?? '',
    area: signal?.area ?? '',
    community: signal?.community ?? '',
    evidence: (signal?.evidence ?? 'experienced') as SignalEvidence,
    phase: (signal?.phase ?? 'simmering') as SignalPhase,
    policeNote: '',
  });
  type Values = typeof values;
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [attempt, setAttempt] = useState(0);

  const save = useApiMutation<{ body: SignalInput }, Signal>(editing ? 'PUT' : 'POST', () =>
    editing ? signalPaths.signal(networkId, signal.id) : signalPaths.signals(networkId),
  );

  const label = (field: Field): string =>
    field === 'observedAt' ? t('signals.field.observedAt') : t(`signals.field.${field}`);
  const aliased = save.error && typeof save.error === 'object' ? remapFields(save.error) : save.error;
  const { errors, summary } = fieldProblems(aliased, IDS, label, local);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const problems: Partial<Record<Field, string>> = {};
    const observedAt = amsterdamToIso(values.day, values.time);
    if (!values.theme) problems.theme = t('signals.form.themeRequired');
    if (!values.description.trim()) problems.description = t('signals.form.descriptionRequired');
    if (!observedAt) problems.observedAt = t('signals.form.whenRequired');
    if (values.sourceKind === 'ally' && !values.sourceAllyId) problems.sourceAllyId = t('signals.form.allyRequired');
    setLocal(problems);
    if (Object.keys(problems).length > 0 || !observedAt) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }
    const body: SignalInput = {
      observedAt: new Date(observedAt).toISOString(),
      sourceKind: values.sourceKind,
      ...(values.sourceKind === 'ally' ? { sourceAllyId: values.sourceAllyId } : {}),
      ...(values.sourceKind === 'other' ? { sourceOther: values.sourceOther.trim() } : {}),
      theme: values.theme,
      area: values.area.trim(),
      community: values.community.trim(),
      level: Number(values.level),
      evidence: values.evidence,
      phase: values.phase,
      description: values.description.trim(),
      urgent: values.urgent,
      ...(signal?.meetingId ? { meetingId: signal.meetingId } : {}),
      ...(police && values.policeNote.trim() ? { policeNote: values.policeNote.trim() } : {}),
    };
    save.mutate(
      { body },
      {
        onSuccess: (saved) =>
          void navigate({
            to: '/netwerken/$networkId/signalen/$signalId',
            params: { networkId, signalId: saved.id },
          }),
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  const sourceKinds: SourceKind[] = readAllies ? ['own', 'ally', 'other'] : ['own', 'other'];
  const themeOptions = (themes.data?.items ?? []).filter((th) => !th.archived || th.key === signal?.theme);
  const activeAllies = (allies.data?.items ?? []).filter((a) => a.status !== 'left' || a.id === values.sourceAllyId);
  const hasErrors = save.isError || Object.keys(local).length > 0;

  return (
    <>
      <Paragraph>
        {editing ? (
          <RouterLink to="/netwerken/$networkId/signalen/$signalId" params={{ networkId, signalId: signal.id }}>
            {t('signals.backToList')}
          </RouterLink>
        ) : (
          <RouterLink to="/netwerken/$networkId/signalen" params={{ networkId }}>
            {t('signals.backToList')}
          </RouterLink>
        )}
      </Paragraph>
      <Heading level={1} id={headingId}>
        {title}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form bg-signal-form" aria-labelledby={headingId}>
        {hasErrors && (
          <ProblemAlert
            key={attempt}
            error={save.isError ? save.error : { title: t('signals.form.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <div className="bg-urgent-box">
          <CheckboxField
            id={IDS.urgent}
            name="urgent"
            value="urgent"
            checked={values.urgent}
            onChange={(checked) => set('urgent', checked)}
            label={t('signals.field.urgent')}
            description={t('signals.urgentDescription')}
          />
        </div>
        <SelectField
          id={IDS.theme}
          label={label('theme')}
          required
          value={values.theme}
          onChange={(v) => set('theme', v)}
          error={errors.theme}
        >
          <SelectOption value="">{t('signals.form.chooseTheme')}</SelectOption>
          {themeOptions.map((th) => (
            <SelectOption key={th.key} value={th.key}>
              {th.label}
            </SelectOption>
          ))}
        </SelectField>
        <TextAreaField
          id={IDS.description}
          label={label('description')}
          description={t('signals.descriptionDescription')}
          required
          rows={4}
          value={values.description}
          onChange={(v) => set('description', v)}
          error={errors.description}
        />
        <RadioGroupField
          id="signal-level"
          name="level"
          legend={label('level')}
          options={LEVELS.map(String)}
          value={values.level}
          onChange={(v) => set('level', v)}
          optionLabel={(v) => t('signals.levelOption', { level: v, label: levelLabel(Number(v)) })}
          error={errors.level}
        />

        <Heading level={2}>{t('signals.form.moreHeading')}</Heading>
        <div className="bg-when">
          <TextField
            id={IDS.observedAt}
            type="date"
            label={t('signals.field.observedDay')}
            required
            value={values.day}
            onChange={(v) => set('day', v)}
            error={errors.observedAt}
          />
          <TextField
            id="signal-observed-time"
            type="time"
            label={t('signals.field.observedTime')}
            required
            value={values.time}
            onChange={(v) => set('time', v)}
          />
        </div>
        <RadioGroupField
          id="signal-source"
          name="sourceKind"
          legend={label('sourceKind')}
          options={sourceKinds}
          value={values.sourceKind}
          onChange={(v) => set('sourceKind', v)}
          optionLabel={(v) => t(`signals.source.${v}`)}
          error={errors.sourceKind}
        />
        {values.sourceKind === 'ally' && readAllies && (
          <SelectField
            id={IDS.sourceAllyId}
            label={label('sourceAllyId')}
            required
            value={values.sourceAllyId}
            onChange={(v) => set('sourceAllyId', v)}
            error={errors.sourceAllyId}
          >
            <SelectOption value="">{t('signals.form.chooseAlly')}</SelectOption>
            {activeAllies.map((a) => (
              <SelectOption key={a.id} value={a.id}>
                {a.name}
              </SelectOption>
            ))}
          </SelectField>
        )}
        {values.sourceKind === 'other' && (
          <TextField
            id={IDS.sourceOther}
            label={label('sourceOther')}
            description={t('signals.sourceOtherDescription')}
            value={values.sourceOther}
            onChange={(v) => set('sourceOther', v)}
            error={errors.sourceOther}
          />
        )}
        <SuggestField
          id={IDS.area}
          label={label('area')}
          value={values.area}
          onChange={(v) => set('area', v)}
          suggestions={coverage.data?.neighbourhoods.map((n) => n.name) ?? []}
          error={errors.area}
        />
        <SuggestField
          id={IDS.community}
          label={label('community')}
          value={values.community}
          onChange={(v) => set('community', v)}
          suggestions={coverage.data?.communities.map((c) => c.name) ?? []}
          error={errors.community}
        />
        <RadioGroupField
          id="signal-evidence"
          name="evidence"
          legend={label('evidence')}
          options={EVIDENCE_KINDS}
          value={values.evidence}
          onChange={(v) => set('evidence', v)}
          optionLabel={(v) => t(`signals.evidence.${v}`)}
          error={errors.evidence}
        />
        <SelectField
          id={IDS.phase}
          label={label('phase')}
          value={values.phase}
          onChange={(v) => set('phase', v as SignalPhase)}
          error={errors.phase}
        >
          {PHASES.map((p) => (
            <SelectOption key={p} value={p}>
              {t(`signals.phase.${p}`)}
            </SelectOption>
          ))}
        </SelectField>
        {police && !editing && (
          <TextAreaField
            id={IDS.policeNote}
            label={label('policeNote')}
            description={t('signals.policeNoteDescription')}
            rows={3}
            value={values.policeNote}
            onChange={(v) => set('policeNote', v)}
            error={errors.policeNote}
          />
        )}
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
            {editing ? t('signals.form.submitEdit') : t('signals.form.submitNew')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

/** The problem with server field names mapped onto ours (source_ally → sourceAllyId). */
function remapFields(error: object): object {
  const errors = (error as { errors?: Record<string, string> }).errors;
  if (!errors) return error;
  const mapped: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) mapped[ALIASES[name] ?? name] ??= message;
  return { ...error, errors: mapped };
}

interface SuggestFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  suggestions: string[];
  error?: string | undefined;
}

/** A text box with suggestions (a datalist) from the network's focus lists; free text is fine. */
function SuggestField({ id, label, value, onChange, suggestions, error }: SuggestFieldProps) {
  const { t } = useTranslation();
  const listId = `${id}-suggestions`;
  const descriptionId = `${id}-description`;
  const errorId = error ? `${id}-error` : undefined;
  const unique = [...new Set(suggestions.filter(Boolean))];
  return (
    <FormField invalid={Boolean(error)} type="text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {unique.length > 0 && (
        <FormFieldDescription className="utrecht-form-field__description" id={descriptionId}>
          {t('signals.suggestionsDescription')}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage className="utrecht-form-field__error-message" id={errorId}>
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          invalid={Boolean(error)}
          autoComplete="off"
          {...(unique.length > 0 ? { list: listId } : {})}
          aria-describedby={[unique.length > 0 ? descriptionId : '', errorId ?? ''].filter(Boolean).join(' ') || undefined}
        />
        {unique.length > 0 && (
          <datalist id={listId}>
            {unique.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        )}
      </div>
    </FormField>
  );
}
