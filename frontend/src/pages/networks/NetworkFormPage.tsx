import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  FormFieldDescription,
  FormFieldErrorMessage,
  Heading,
  Paragraph,
  SelectOption,
} from '@utrecht/component-library-react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $api,
  isForbidden,
  NETWORK_LEVELS,
  NETWORK_PHASES,
  problemFieldErrors,
  problemStatus,
  type DirectoryEntry,
  type Network,
  type NetworkInput,
  type NetworkLevel,
  type NetworkPhase,
} from '../../api/client';
import { useDirectory } from '../../api/directory';
import { useSignedInMe } from '../../api/me';
import { CheckboxField, RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { currentLanguage } from '../../i18n';
import { NotFoundPage } from '../NotFoundPage';
import {
  mayManageNetwork,
  mayStartNetworks,
  NETWORK_DEFAULTS,
  NETWORK_KEY,
  NETWORK_PATH,
  NETWORKS_KEY,
  NETWORKS_PATH,
} from './networks';

type Field =
  | 'name'
  | 'level'
  | 'area'
  | 'goals'
  | 'expectations'
  | 'phase'
  | 'maxActiveAllies'
  | 'targetMeetingsPerYear'
  | 'planNextWithinDays'
  | 'municipality'
  | 'policeUnits';

const FIELD_IDS: Record<Field, string> = {
  name: 'network-name',
  level: `network-level-${NETWORK_LEVELS[0]}`,
  area: 'network-area',
  goals: 'network-goals',
  expectations: 'network-expectations',
  phase: 'network-phase',
  maxActiveAllies: 'network-max-active-allies',
  targetMeetingsPerYear: 'network-target-meetings',
  planNextWithinDays: 'network-plan-next',
  municipality: 'network-municipality',
  policeUnits: 'network-police-first', // the first checkbox
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];
const SETTINGS = ['maxActiveAllies', 'targetMeetingsPerYear', 'planNextWithinDays'] as const;

/** A server field name ("policeUnits[0]", "policeUnits.0") as one of ours. */
function fieldOf(name: string): Field | undefined {
  const base = name.split(/[.[]/)[0] as Field;
  return FIELDS.includes(base) ? base : undefined;
}

interface Values {
  name: string;
  level: NetworkLevel;
  area: string;
  goals: string;
  expectations: string;
  phase: NetworkPhase;
  maxActiveAllies: string;
  targetMeetingsPerYear: string;
  planNextWithinDays: string;
  municipality: string;
  policeUnits: string[];
}

function initialValues(network?: Network): Values {
  return {
    name: network?.name ?? '',
    level: network?.level ?? 'municipality',
    area: network?.area ?? '',
    goals: network?.goals ?? '',
    expectations: network?.expectations ?? '',
    phase: network?.phase ?? 'exploring',
    maxActiveAllies: String(network?.maxActiveAllies ?? NETWORK_DEFAULTS.maxActiveAllies),
    targetMeetingsPerYear: String(network?.targetMeetingsPerYear ?? NETWORK_DEFAULTS.targetMeetingsPerYear),
    planNextWithinDays: String(network?.planNextWithinDays ?? NETWORK_DEFAULTS.planNextWithinDays),
    municipality: '',
    policeUnits: [],
  };
}

/** Netwerk starten: /netwerken/nieuw. */
export function NewNetworkPage() {
  const me = useSignedInMe();
  if (!mayStartNetworks(me)) return <NoAccess />;
  return <NetworkForm />;
}

/** Bewerken: /netwerken/$networkId/bewerken (coordinators of a partner). */
export function EditNetworkPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bewerken' });
  const network = $api.useQuery('get', NETWORK_PATH, { params: { path: { networkId } } });
  const status = problemStatus(network.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (isForbidden(network.error)) return <NoAccess />;
  if (network.isPending) return <Loading />;
  if (network.isError) return <QueryError error={network.error} onRetry={() => void network.refetch()} />;
  if (!mayManageNetwork(network.data)) return <NoAccess />;
  return <NetworkForm network={network.data} />;
}

function NetworkForm({ network }: { network?: Network }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const me = useSignedInMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const headingId = useId();
  const editing = network !== undefined;
  const title = editing ? t('networks.editTitle', { name: network.name }) : t('networks.newTitle');
  useDocumentTitle(title);

  const own = me.tenant;
  const ownIsMunicipality = own.kind === 'municipality';
  const ownIsPolice = own.kind === 'police_unit';
  const [values, setValues] = useState<Values>(() => {
    const v = initialValues(network);
    if (ownIsMunicipality) v.municipality = own.slug;
    if (ownIsPolice) v.policeUnits = [own.slug];
    return v;
  });
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [showErrors, setShowErrors] = useState(0);

  const directory = useDirectory();
  const collator = useMemo(() => new Intl.Collator(language, { sensitivity: 'base', numeric: true }), [language]);
  const byKind = (kind: string): DirectoryEntry[] =>
    directory.items.filter((e) => e.kind === kind).sort((a, b) => collator.compare(a.name, b.name));
  const municipalities = byKind('municipality');
  const policeUnits = byKind('police_unit');

  const onSuccess = (saved: Network) => {
    void queryClient.invalidateQueries({ queryKey: NETWORKS_KEY });
    void queryClient.invalidateQueries({ queryKey: NETWORK_KEY });
    void navigate({ to: '/netwerken/$networkId', params: { networkId: saved.id } });
  };
  const create = $api.useMutation('post', NETWORKS_PATH, { onSuccess });
  const update = $api.useMutation('patch', NETWORK_PATH, { onSuccess });
  const mutation = editing ? update : create;

  const serverErrors: Partial<Record<Field, string>> = {};
  const otherErrors: FieldProblem[] = [];
  for (const [name, message] of Object.entries(problemFieldErrors(mutation.error))) {
    const field = fieldOf(name);
    if (field) serverErrors[field] ??= message;
    else otherErrors.push({ label: name, message });
  }
  const fieldError = (field: Field) => localErrors[field] ?? serverErrors[field];
  const label: Record<Field, string> = {
    name: t('networks.name'),
    level: t('networks.levelLegend'),
    area: t('networks.area'),
    goals: t('networks.goals'),
    expectations: t('networks.expectations'),
    phase: t('networks.phaseLabel'),
    maxActiveAllies: t('networks.maxActiveAllies'),
    targetMeetingsPerYear: t('networks.targetMeetingsPerYear'),
    planNextWithinDays: t('networks.planNextWithinDays'),
    municipality: t('networks.municipality'),
    policeUnits: t('networks.policeUnits'),
  };
  const summary: FieldProblem[] = [
    ...FIELDS.flatMap((field) => {
      const text = fieldError(field);
      return text ? [{ id: FIELD_IDS[field], label: label[field], message: text }] : [];
    }),
    ...otherErrors,
  ];
  const hasLocalErrors = Object.keys(localErrors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const local: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) local.name = t('networks.nameRequired');
    const numbers: Partial<Record<(typeof SETTINGS)[number], number>> = {};
    for (const key of SETTINGS) {
      const text = values[key].trim();
      if (text === '') continue; // the server uses the guide's default
      if (!/^\d+$/.test(text)) local[key] = t('networks.wholeNumber');
      else numbers[key] = Number(text);
    }
    if (!editing) {
      if (!values.municipality) local.municipality = t('networks.municipalityRequired');
      if (values.policeUnits.length === 0) local.policeUnits = t('networks.policeUnitsRequired');
    }
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      mutation.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    const input: NetworkInput = {
      name: values.name.trim(),
      level: values.level,
      area: values.area.trim(),
      goals: values.goals.trim(),
      expectations: values.expectations.trim(),
      phase: values.phase,
      ...numbers,
    };
    const onError = () => setShowErrors((n) => n + 1);
    if (editing) {
      update.mutate({ params: { path: { networkId: network.id } }, body: input }, { onError });
    } else {
      create.mutate(
        { body: { ...input, municipality: values.municipality, policeUnits: values.policeUnits } },
        { onError },
      );
    }
  };

  const levelError = fieldError('level');
  const policeError = fieldError('policeUnits');

  return (
    <>
      <Paragraph>
        {editing ? (
          <RouterLink to="/netwerken/$networkId" params={{ networkId: network.id }}>
            {t('networks.backToNetwork', { name: network.name })}
          </RouterLink>
        ) : (
          <RouterLink to="/netwerken">{t('networks.back')}</RouterLink>
        )}
      </Paragraph>
      <Heading level={1} id={headingId}>
        {title}
      </Heading>
      <Paragraph>{editing ? t('networks.editIntro') : t('networks.newIntro')}</Paragraph>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
        {(mutation.isError || hasLocalErrors) && (
          <ProblemAlert
            key={showErrors}
            error={mutation.isError ? mutation.error : { title: t('networks.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <TextField
          id={FIELD_IDS.name}
          label={t('networks.name')}
          description={t('networks.nameDescription')}
          required
          autoComplete="off"
          value={values.name}
          onChange={(v) => set('name', v)}
          error={fieldError('name')}
        />
        <RadioGroupField
          id="network-level"
          name="level"
          legend={t('networks.levelLegend')}
          options={NETWORK_LEVELS}
          value={values.level}
          onChange={(level) => set('level', level)}
          optionLabel={(level) => t(`networks.level.${level}`)}
          optionDescription={(level) => t(`networks.levelDescription.${level}`)}
          error={levelError}
        />
        <TextField
          id={FIELD_IDS.area}
          label={t('networks.area')}
          description={t('networks.areaDescription')}
          value={values.area}
          onChange={(v) => set('area', v)}
          error={fieldError('area')}
        />
        <TextAreaField
          id={FIELD_IDS.goals}
          label={t('networks.goals')}
          description={t('networks.goalsDescription')}
          rows={4}
          value={values.goals}
          onChange={(v) => set('goals', v)}
          error={fieldError('goals')}
        />
        <TextAreaField
          id={FIELD_IDS.expectations}
          label={t('networks.expectations')}
          description={t('networks.expectationsDescription')}
          rows={4}
          value={values.expectations}
          onChange={(v) => set('expectations', v)}
          error={fieldError('expectations')}
        />
        <SelectField
          id={FIELD_IDS.phase}
          label={t('networks.phaseLabel')}
          description={t('networks.phaseDescription')}
          value={values.phase}
          onChange={(v) => set('phase', v as NetworkPhase)}
          error={fieldError('phase')}
        >
          {NETWORK_PHASES.map((phase) => (
            <SelectOption key={phase} value={phase}>
              {t(`networks.phase.${phase}`)}
            </SelectOption>
          ))}
        </SelectField>
        <Fieldset>
          <FieldsetLegend>{t('networks.settingsLegend')}</FieldsetLegend>
          <Paragraph>{t('networks.settingsIntro')}</Paragraph>
          {SETTINGS.map((key) => (
            <TextField
              key={key}
              id={FIELD_IDS[key]}
              type="number"
              label={t(`networks.${key}`)}
              description={t(`networks.${key}Description`)}
              value={values[key]}
              onChange={(v) => set(key, v)}
              error={fieldError(key)}
            />
          ))}
        </Fieldset>
        {!editing && (
          <Fieldset aria-describedby="network-partners-description">
            <FieldsetLegend>{t('networks.partnersLegend')}</FieldsetLegend>
            <FormFieldDescription id="network-partners-description">{t('networks.partnersDescription')}</FormFieldDescription>
            {directory.error !== undefined && (
              <ProblemAlert error={directory.error} fallbackTitle={t('common.loadFailed')} onRetry={directory.retry} />
            )}
            {directory.loading ? (
              <Paragraph role="status" className="bg-status">
                {t('networks.organisationsLoading')}
              </Paragraph>
            ) : (
              <>
                <SelectField
                  id={FIELD_IDS.municipality}
                  label={t('networks.municipality')}
                  description={
                    ownIsMunicipality ? t('networks.municipalityLocked', { organisation: own.name }) : undefined
                  }
                  required
                  disabled={ownIsMunicipality}
                  value={values.municipality}
                  onChange={(v) => set('municipality', v)}
                  error={fieldError('municipality')}
                >
                  {!ownIsMunicipality && <SelectOption value="">{t('networks.chooseMunicipality')}</SelectOption>}
                  {(ownIsMunicipality ? municipalities.filter((m) => m.slug === own.slug) : municipalities).map(
                    (entry) => (
                      <SelectOption key={entry.slug} value={entry.slug}>
                        {entry.name}
                      </SelectOption>
                    ),
                  )}
                </SelectField>
                <Fieldset
                  invalid={Boolean(policeError)}
                  aria-describedby={
                    [ownIsPolice && 'network-police-description', policeError && 'network-police-error']
                      .filter(Boolean)
                      .join(' ') || undefined
                  }
                >
                  <FieldsetLegend>{t('networks.policeUnits')}</FieldsetLegend>
                  {ownIsPolice && (
                    <FormFieldDescription id="network-police-description">
                      {t('networks.policeUnitsLocked', { organisation: own.name })}
                    </FormFieldDescription>
                  )}
                  {policeError && <FormFieldErrorMessage id="network-police-error">{policeError}</FormFieldErrorMessage>}
                  {policeUnits.map((entry, index) => {
                    const locked = ownIsPolice && entry.slug === own.slug;
                    return (
                      <CheckboxField
                        key={entry.slug}
                        // The error summary links to the first box.
                        id={index === 0 ? FIELD_IDS.policeUnits : `network-police-${entry.slug}`}
                        name="policeUnits"
                        value={entry.slug}
                        label={locked ? t('networks.ownOrganisation', { name: entry.name }) : entry.name}
                        checked={values.policeUnits.includes(entry.slug)}
                        disabled={locked}
                        invalid={Boolean(policeError)}
                        errorId={policeError ? 'network-police-error' : undefined}
                        onChange={(checked) =>
                          set(
                            'policeUnits',
                            checked
                              ? [...values.policeUnits, entry.slug]
                              : values.policeUnits.filter((slug) => slug !== entry.slug),
                          )
                        }
                      />
                    );
                  })}
                </Fieldset>
              </>
            )}
          </Fieldset>
        )}
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={mutation.isPending}>
            {editing ? t('networks.save') : t('networks.create')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}
