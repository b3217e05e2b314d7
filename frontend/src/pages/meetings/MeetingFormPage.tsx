import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
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
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, isForbidden, problemStatus, type Network } from '../../api/client';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading, QueryError } from '../../components/QueryError';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { WithNetwork } from '../allies/NetworkLoader';
import { NotFoundPage } from '../NotFoundPage';
import { NoMeetingsAccess } from './parts';
import {
  amsterdamParts,
  amsterdamToIso,
  CHAIR_ROTATION_PATH,
  MEETING_PATH,
  MEETING_QUERY_KEYS,
  MEETING_SERIES_PATH,
  MEETINGS_PATH,
  mayWriteMinutes,
  splitFieldErrors,
  wholeNumber,
  type MeetingDetail,
  type MeetingInput,
  type MeetingKind,
  type MeetingSeriesInput,
} from './meetings';

/** Bijeenkomst plannen: /netwerken/$networkId/bijeenkomsten/nieuw (?soort=spoed: spoedbijeenkomst). */
export function NewMeetingPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bijeenkomsten/nieuw' });
  const { soort } = useSearch({ from: '/signedIn/netwerken/$networkId/bijeenkomsten/nieuw' });
  const kind: MeetingKind = soort === 'spoed' ? 'emergency' : 'regular';
  return (
    <WithNetwork networkId={networkId}>
      {(network) =>
        mayWriteMinutes(network) ? (
          <MeetingForm key={kind} network={network} kind={kind} />
        ) : (
          <NoMeetingsAccess networkId={networkId} />
        )
      }
    </WithNetwork>
  );
}

/** Bijeenkomst wijzigen: /netwerken/$networkId/bijeenkomsten/$meetingId/bewerken (planned meetings). */
export function EditMeetingPage() {
  const { networkId, meetingId } = useParams({ from: '/signedIn/netwerken/$networkId/bijeenkomsten/$meetingId/bewerken' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) =>
        mayWriteMinutes(network) ? (
          <EditMeetingLoader network={network} meetingId={meetingId} />
        ) : (
          <NoMeetingsAccess networkId={networkId} />
        )
      }
    </WithNetwork>
  );
}

function EditMeetingLoader({ network, meetingId }: { network: Network; meetingId: string }) {
  const { t } = useTranslation();
  const meeting = $api.useQuery('get', MEETING_PATH, { params: { path: { networkId: network.id, meetingId } } });
  const status = problemStatus(meeting.error);
  if (status === 404 || status === 400) return <NotFoundPage />;
  if (isForbidden(meeting.error)) return <NoMeetingsAccess networkId={network.id} />;
  if (meeting.isPending) return <Loading />;
  if (meeting.isError) return <QueryError error={meeting.error} onRetry={() => void meeting.refetch()} />;
  if (meeting.data.status !== 'planned') {
    return (
      <>
        <Heading level={1}>{t('meetings.form.editTitle')}</Heading>
        <Paragraph>{t('meetings.form.notPlanned')}</Paragraph>
        <Paragraph>
          <RouterLink
            to="/netwerken/$networkId/bijeenkomsten/$meetingId"
            params={{ networkId: network.id, meetingId }}
          >
            {t('meetings.backToMeeting')}
          </RouterLink>
        </Paragraph>
      </>
    );
  }
  return <MeetingForm network={network} kind={meeting.data.kind} meeting={meeting.data} />;
}

type Field = 'day' | 'time' | 'durationMinutes' | 'place' | 'chairAllyId' | 'invitedAllyIds' | 'mealPlanned' | 'mealNotes';

const FIELD_IDS: Record<Field, string> = {
  day: 'meeting-day',
  time: 'meeting-time',
  durationMinutes: 'meeting-duration',
  place: 'meeting-place',
  chairAllyId: 'meeting-chair',
  invitedAllyIds: 'meeting-invited',
  mealPlanned: 'meeting-meal',
  mealNotes: 'meeting-meal-notes',
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];

/** The form field a server error is about ("startsAt" is the day and time, "invitedAllyIds[0]" the invitations). */
function fieldOf(name: string): Field | undefined {
  if (name === 'startsAt' || name === 'firstStartsAt') return 'day';
  if (name.startsWith('invitedAllyIds')) return 'invitedAllyIds';
  return (FIELDS as string[]).includes(name) ? (name as Field) : undefined;
}

interface MeetingValues {
  day: string;
  time: string;
  durationMinutes: string;
  place: string;
  chairAllyId: string;
  invitedAllyIds: string[];
  mealPlanned: boolean;
  mealNotes: string;
}

function initialValues(meeting?: MeetingDetail): MeetingValues {
  const { day, time } = meeting ? amsterdamParts(meeting.startsAt) : { day: '', time: '19:00' };
  return {
    day,
    time,
    durationMinutes: String(meeting?.durationMinutes ?? 120),
    place: meeting?.place ?? '',
    chairAllyId: meeting?.chairAllyId ?? '',
    invitedAllyIds: meeting?.invitedAllyIds ?? [],
    mealPlanned: meeting?.mealPlanned ?? false,
    mealNotes: meeting?.mealNotes ?? '',
  };
}

/** Plans a meeting, or changes a planned one. */
function MeetingForm({ network, kind, meeting }: { network: Network; kind: MeetingKind; meeting?: MeetingDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const headingId = useId();
  const networkId = network.id;
  const editing = meeting !== undefined;
  const emergency = kind === 'emergency';
  const title = editing
    ? t('meetings.form.editTitle')
    : emergency
      ? t('meetings.form.newEmergencyTitle')
      : t('meetings.form.newTitle');
  useDocumentTitle(title);

  const rotation = $api.useQuery('get', CHAIR_ROTATION_PATH, { params: { path: { networkId } } });
  const turns = rotation.data?.items ?? [];
  const proposal = editing ? undefined : turns[0];

  const [values, setValues] = useState<MeetingValues>(() => initialValues(meeting));
  const set = <K extends keyof MeetingValues>(key: K, value: MeetingValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const [showErrors, setShowErrors] = useState(0);

  // Propose the ally who chaired least recently, once, unless someone was chosen already.
  const proposed = useRef(false);
  useEffect(() => {
    if (proposed.current || !proposal) return;
    proposed.current = true;
    setValues((v) => (v.chairAllyId ? v : { ...v, chairAllyId: proposal.allyId }));
  }, [proposal]);

  const afterSave = async () => {
    await Promise.all(MEETING_QUERY_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };
  const create = $api.useMutation('post', MEETINGS_PATH, {
    onSuccess: (saved) => {
      void afterSave();
      void navigate({ to: '/netwerken/$networkId/bijeenkomsten/$meetingId', params: { networkId, meetingId: saved.id } });
    },
  });
  const update = $api.useMutation('put', MEETING_PATH, {
    onSuccess: (saved) => {
      void afterSave();
      void navigate({ to: '/netwerken/$networkId/bijeenkomsten/$meetingId', params: { networkId, meetingId: saved.id } });
    },
  });
  const mutation = editing ? update : create;

  const { own: serverErrors, others } = splitFieldErrors(mutation.error, fieldOf);
  const fieldError = (field: Field) => localErrors[field] ?? serverErrors[field];
  const label = (field: Field) => t(`meetings.field.${field}`);
  const summary: FieldProblem[] = [
    ...FIELDS.flatMap((field) => {
      const message = fieldError(field);
      if (!message) return [];
      const id = field === 'invitedAllyIds' ? (turns[0] ? `meeting-invite-${turns[0].allyId}` : undefined) : FIELD_IDS[field];
      return [{ ...(id ? { id } : {}), label: label(field), message }];
    }),
    ...others,
  ];
  const hasLocalErrors = Object.keys(localErrors).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const local: Partial<Record<Field, string>> = {};
    if (!values.day) local.day = t('meetings.form.dayRequired');
    if (!values.time) local.time = t('meetings.form.timeRequired');
    const startsAt = values.day && values.time ? amsterdamToIso(values.day, values.time) : undefined;
    if (values.day && values.time && !startsAt) local.day = t('meetings.form.dayInvalid');
    const duration = wholeNumber(values.durationMinutes, 15, 720);
    if (duration === undefined) local.durationMinutes = t('meetings.form.durationInvalid');
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || !startsAt || duration === undefined) {
      mutation.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    const body: MeetingInput = {
      kind,
      startsAt,
      durationMinutes: duration,
      place: values.place.trim(),
      chairAllyId: values.chairAllyId || null,
      mealPlanned: values.mealPlanned,
      mealNotes: values.mealPlanned ? values.mealNotes.trim() : '',
      invitedAllyIds: emergency ? values.invitedAllyIds : [],
    };
    const onError = () => setShowErrors((n) => n + 1);
    if (editing) update.mutate({ params: { path: { networkId, meetingId: meeting.id } }, body }, { onError });
    else create.mutate({ params: { path: { networkId } }, body }, { onError });
  };

  // A chair who is no longer active stays visible, so that the change is not silent.
  const formerChair =
    meeting?.chair && !turns.some((turn) => turn.allyId === meeting.chair?.id) ? meeting.chair : undefined;
  const chairDescription = (
    <>
      {proposal &&
        (proposal.lastChairedAt
          ? t('meetings.form.proposal', { name: proposal.name })
          : t('meetings.form.proposalNever', { name: proposal.name }))}{' '}
      {t('meetings.form.chairDescription')}
    </>
  );
  const invitedError = fieldError('invitedAllyIds');

  return (
    <>
      <Paragraph>
        {editing ? (
          <RouterLink to="/netwerken/$networkId/bijeenkomsten/$meetingId" params={{ networkId, meetingId: meeting.id }}>
            {t('meetings.backToMeeting')}
          </RouterLink>
        ) : (
          <RouterLink to="/netwerken/$networkId/bijeenkomsten" params={{ networkId }}>
            {t('meetings.backToList')}
          </RouterLink>
        )}
      </Paragraph>
      <Heading level={1} id={headingId}>
        {title}
      </Heading>
      <Paragraph>{emergency ? t('meetings.form.emergencyIntro') : t('meetings.form.intro', { name: network.name })}</Paragraph>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
        {(mutation.isError || hasLocalErrors) && (
          <ProblemAlert
            key={showErrors}
            error={mutation.isError ? mutation.error : { title: t('meetings.form.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <Fieldset>
          <FieldsetLegend>{t('meetings.form.whenLegend')}</FieldsetLegend>
          <TextField
            id={FIELD_IDS.day}
            type="date"
            label={label('day')}
            required
            value={values.day}
            onChange={(v) => set('day', v)}
            error={fieldError('day')}
          />
          <TextField
            id={FIELD_IDS.time}
            type="time"
            label={label('time')}
            description={t('meetings.form.timeDescription')}
            required
            value={values.time}
            onChange={(v) => set('time', v)}
            error={fieldError('time')}
          />
          <TextField
            id={FIELD_IDS.durationMinutes}
            type="number"
            min={15}
            max={720}
            label={label('durationMinutes')}
            description={t('meetings.form.durationDescription')}
            value={values.durationMinutes}
            onChange={(v) => set('durationMinutes', v)}
            error={fieldError('durationMinutes')}
          />
          <TextField
            id={FIELD_IDS.place}
            label={label('place')}
            description={t('meetings.form.placeDescription')}
            value={values.place}
            onChange={(v) => set('place', v)}
            error={fieldError('place')}
          />
        </Fieldset>

        {rotation.isPending && <Loading />}
        {rotation.isError && <QueryError error={rotation.error} onRetry={() => void rotation.refetch()} />}
        {rotation.data && (
          <SelectField
            id={FIELD_IDS.chairAllyId}
            label={label('chairAllyId')}
            description={chairDescription}
            value={values.chairAllyId}
            onChange={(v) => set('chairAllyId', v)}
            error={fieldError('chairAllyId')}
          >
            <SelectOption value="">{t('meetings.form.noChair')}</SelectOption>
            {turns.map((turn) => (
              <SelectOption key={turn.allyId} value={turn.allyId}>
                {turn.name}
              </SelectOption>
            ))}
            {formerChair && (
              <SelectOption value={formerChair.id}>{t('meetings.form.formerChair', { name: formerChair.name })}</SelectOption>
            )}
          </SelectField>
        )}

        {emergency && rotation.data && (
          <Fieldset
            invalid={Boolean(invitedError)}
            aria-describedby={['meeting-invited-description', invitedError ? 'meeting-invited-error' : '']
              .filter(Boolean)
              .join(' ')}
          >
            <FieldsetLegend>{label('invitedAllyIds')}</FieldsetLegend>
            <FormFieldDescription id="meeting-invited-description">{t('meetings.form.invitedDescription')}</FormFieldDescription>
            {invitedError && <FormFieldErrorMessage id="meeting-invited-error">{invitedError}</FormFieldErrorMessage>}
            {turns.length === 0 && <Paragraph>{t('meetings.form.noActiveAllies')}</Paragraph>}
            {turns.map((turn) => (
              <CheckboxField
                key={turn.allyId}
                id={`meeting-invite-${turn.allyId}`}
                name="invitedAllyIds"
                value={turn.allyId}
                label={turn.name}
                checked={values.invitedAllyIds.includes(turn.allyId)}
                invalid={Boolean(invitedError)}
                errorId={invitedError ? 'meeting-invited-error' : undefined}
                onChange={(checked) =>
                  set(
                    'invitedAllyIds',
                    checked
                      ? [...values.invitedAllyIds, turn.allyId]
                      : values.invitedAllyIds.filter((id) => id !== turn.allyId),
                  )
                }
              />
            ))}
          </Fieldset>
        )}

        <MealFields
          planned={values.mealPlanned}
          notes={values.mealNotes}
          onPlanned={(v) => set('mealPlanned', v)}
          onNotes={(v) => set('mealNotes', v)}
          notesError={fieldError('mealNotes')}
        />

        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={mutation.isPending}>
            {editing ? t('common.save') : emergency ? t('meetings.form.submitEmergency') : t('meetings.plan')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}

function MealFields({
  planned,
  notes,
  onPlanned,
  onNotes,
  notesError,
  idPrefix = 'meeting',
}: {
  planned: boolean;
  notes: string;
  onPlanned: (value: boolean) => void;
  onNotes: (value: string) => void;
  notesError?: string | undefined;
  idPrefix?: string;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <Fieldset>
      <FieldsetLegend>{t('meetings.form.mealLegend')}</FieldsetLegend>
      <CheckboxField
        id={`${idPrefix}-meal`}
        name="mealPlanned"
        value="yes"
        label={t('meetings.field.mealPlanned')}
        description={t('meetings.form.mealDescription')}
        checked={planned}
        onChange={onPlanned}
      />
      {planned && (
        <TextAreaField
          id={`${idPrefix}-meal-notes`}
          label={t('meetings.field.mealNotes')}
          description={t('meetings.form.mealNotesDescription')}
          rows={3}
          value={notes}
          onChange={onNotes}
          error={notesError}
        />
      )}
    </Fieldset>
  );
}

/** Reeks plannen: /netwerken/$networkId/bijeenkomsten/reeks. */
export function MeetingSeriesPage() {
  const { networkId } = useParams({ from: '/signedIn/netwerken/$networkId/bijeenkomsten/reeks' });
  return (
    <WithNetwork networkId={networkId}>
      {(network) =>
        mayWriteMinutes(network) ? <SeriesForm network={network} /> : <NoMeetingsAccess networkId={networkId} />
      }
    </WithNetwork>
  );
}

type SeriesField = 'day' | 'time' | 'count' | 'intervalWeeks' | 'durationMinutes' | 'place' | 'mealNotes';

const SERIES_IDS: Record<SeriesField, string> = {
  day: 'series-day',
  time: 'series-time',
  count: 'series-count',
  intervalWeeks: 'series-interval',
  durationMinutes: 'series-duration',
  place: 'series-place',
  mealNotes: 'series-meal-notes',
};
const SERIES_FIELDS = Object.keys(SERIES_IDS) as SeriesField[];

function seriesFieldOf(name: string): SeriesField | undefined {
  if (name === 'firstStartsAt') return 'day';
  return (SERIES_FIELDS as string[]).includes(name) ? (name as SeriesField) : undefined;
}

function SeriesForm({ network }: { network: Network }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const headingId = useId();
  const networkId = network.id;
  useDocumentTitle(t('meetings.series.title'));

  const defaultInterval = String(Math.max(1, Math.min(26, Math.floor(52 / Math.max(1, network.targetMeetingsPerYear)))));
  const [values, setValues] = useState({
    day: '',
    time: '19:00',
    count: String(Math.max(2, Math.min(12, network.targetMeetingsPerYear))),
    intervalWeeks: defaultInterval,
    durationMinutes: '120',
    place: '',
    mealPlanned: false,
    mealNotes: '',
  });
  type Values = typeof values;
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<SeriesField, string>>>({});
  const [showErrors, setShowErrors] = useState(0);

  const plan = $api.useMutation('post', MEETING_SERIES_PATH, {
    onSuccess: () => {
      void Promise.all(MEETING_QUERY_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      void navigate({ to: '/netwerken/$networkId/bijeenkomsten', params: { networkId } });
    },
  });

  const { own: serverErrors, others } = splitFieldErrors(plan.error, seriesFieldOf);
  const fieldError = (field: SeriesField) => localErrors[field] ?? serverErrors[field];
  const label = (field: SeriesField) => t(`meetings.series.field.${field}`);
  const summary: FieldProblem[] = [
    ...SERIES_FIELDS.flatMap((field) => {
      const message = fieldError(field);
      return message ? [{ id: SERIES_IDS[field], label: label(field), message }] : [];
    }),
    ...others,
  ];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (plan.isPending) return;
    const local: Partial<Record<SeriesField, string>> = {};
    if (!values.day) local.day = t('meetings.form.dayRequired');
    if (!values.time) local.time = t('meetings.form.timeRequired');
    const firstStartsAt = values.day && values.time ? amsterdamToIso(values.day, values.time) : undefined;
    if (values.day && values.time && !firstStartsAt) local.day = t('meetings.form.dayInvalid');
    const count = wholeNumber(values.count, 2, 12);
    if (count === undefined) local.count = t('meetings.series.countInvalid');
    const intervalWeeks = wholeNumber(values.intervalWeeks, 1, 26);
    if (intervalWeeks === undefined) local.intervalWeeks = t('meetings.series.intervalInvalid');
    const durationMinutes = wholeNumber(values.durationMinutes, 15, 720);
    if (durationMinutes === undefined) local.durationMinutes = t('meetings.form.durationInvalid');
    setLocalErrors(local);
    if (
      Object.keys(local).length > 0 ||
      !firstStartsAt ||
      count === undefined ||
      intervalWeeks === undefined ||
      durationMinutes === undefined
    ) {
      plan.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    const body: MeetingSeriesInput = {
      firstStartsAt,
      count,
      intervalWeeks,
      durationMinutes,
      place: values.place.trim(),
      mealPlanned: values.mealPlanned,
      mealNotes: values.mealPlanned ? values.mealNotes.trim() : '',
    };
    plan.mutate({ params: { path: { networkId } }, body }, { onError: () => setShowErrors((n) => n + 1) });
  };

  const field = (
    name: Exclude<SeriesField, 'mealNotes'>,
    extra: { type?: 'text' | 'date' | 'time' | 'number'; min?: number; max?: number; description?: string; required?: boolean } = {},
  ) => (
    <TextField
      id={SERIES_IDS[name]}
      label={label(name)}
      value={values[name]}
      onChange={(v) => set(name, v)}
      error={fieldError(name)}
      {...extra}
    />
  );

  return (
    <>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/bijeenkomsten" params={{ networkId }}>
          {t('meetings.backToList')}
        </RouterLink>
      </Paragraph>
      <Heading level={1} id={headingId}>
        {t('meetings.series.title')}
      </Heading>
      <Paragraph>{t('meetings.series.intro')}</Paragraph>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={headingId}>
        {(plan.isError || Object.keys(localErrors).length > 0) && (
          <ProblemAlert
            key={showErrors}
            error={plan.isError ? plan.error : { title: t('meetings.form.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <Fieldset>
          <FieldsetLegend>{t('meetings.series.whenLegend')}</FieldsetLegend>
          {field('day', { type: 'date', required: true })}
          {field('time', { type: 'time', required: true, description: t('meetings.series.timeDescription') })}
          {field('count', { type: 'number', min: 2, max: 12, description: t('meetings.series.countDescription') })}
          {field('intervalWeeks', {
            type: 'number',
            min: 1,
            max: 26,
            description: t('meetings.series.intervalDescription'),
          })}
          {field('durationMinutes', { type: 'number', min: 15, max: 720, description: t('meetings.form.durationDescription') })}
          {field('place', { description: t('meetings.form.placeDescription') })}
        </Fieldset>
        <Paragraph>{t('meetings.series.chairNote')}</Paragraph>
        <MealFields
          idPrefix="series"
          planned={values.mealPlanned}
          notes={values.mealNotes}
          onPlanned={(v) => set('mealPlanned', v)}
          onNotes={(v) => set('mealNotes', v)}
          notesError={fieldError('mealNotes')}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={plan.isPending}>
            {t('meetings.planSeries')}
          </Button>
        </ButtonGroup>
      </form>
    </>
  );
}
