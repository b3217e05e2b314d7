import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  ButtonGroup,
  Heading,
  Paragraph,
  SelectOption,
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
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { $api } from '../../api/client';
import { RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { RouterLink } from '../../components/links';
import { ModalDialog } from '../../components/ModalDialog';
import { NoAccess } from '../../components/NoAccess';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { formatDate } from '../../format';
import { currentLanguage } from '../../i18n';
import {
  ACTION_PATH,
  ACTION_STATUSES,
  MEETING_ACTIONS_PATH,
  MEETING_QUERY_KEYS,
  PARTIES,
  formatMeetingDay,
  hasStarted,
  splitFieldErrors,
  type Action,
  type ActionInput,
  type Meeting,
  type ActionStatus,
  type Party,
} from './meetings';

/** "Geen toegang", with the way back to the meetings everyone who sees the network may list. */
export function NoMeetingsAccess({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  return (
    <NoAccess>
      <Paragraph>
        <RouterLink to="/netwerken/$networkId/bijeenkomsten" params={{ networkId }}>
          {t('meetings.backToList')}
        </RouterLink>
      </Paragraph>
    </NoAccess>
  );
}

/** A warning that is part of the page (not announced as an alert when the page loads). */
export function Warning({ children }: { children: ReactNode }) {
  return (
    <Alert type="warning" role="note" className="bg-warning">
      {children}
    </Alert>
  );
}

/** The status of a meeting in words (a badge; the words carry the meaning, not the colour). */
export function MeetingStatusBadge({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation();
  const toClose = meeting.status === 'planned' && hasStarted(meeting);
  return (
    <StatusBadge status={meeting.status === 'held' ? 'safe' : meeting.status === 'cancelled' ? 'neutral' : 'warning'}>
      {toClose ? t('meetings.status.toClose') : t(`meetings.status.${meeting.status}`)}
    </StatusBadge>
  );
}

/** Refetches everything a change to a meeting or an action can affect. */
export function useRefreshMeetings() {
  const queryClient = useQueryClient();
  return () => Promise.all(MEETING_QUERY_KEYS.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** The status of an action in words, with "Verlopen" spelled out (not only a colour). */
export function ActionStatusText({ action }: { action: Action }) {
  const { t } = useTranslation();
  return (
    <>
      {t(`actions.status.${action.status}`)}
      {action.overdue && (
        <>
          {' '}
          <strong className="bg-overdue">{t('actions.overdue')}</strong>
        </>
      )}
    </>
  );
}

export interface ActionTableProps {
  networkId: string;
  actions: Action[];
  caption: string;
  /** Show the meeting each action comes from (the network's list of actions). */
  withMeeting?: boolean;
  /** Coordinators: a button per row to change the action. */
  onEdit?: ((action: Action) => void) | undefined;
}

export function ActionTable({ networkId, actions, caption, withMeeting = false, onEdit }: ActionTableProps) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const captionId = useId();
  return (
    <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table className="bg-table">
        <TableCaption id={captionId}>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('actions.columns.title')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('actions.columns.owner')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('actions.columns.dueOn')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('actions.columns.status')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('actions.columns.feedback')}</TableHeaderCell>
            {withMeeting && <TableHeaderCell scope="col">{t('actions.columns.meeting')}</TableHeaderCell>}
            {onEdit && <TableHeaderCell scope="col">{t('actions.columns.change')}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {actions.map((action) => (
            <TableRow key={action.id}>
              <TableHeaderCell scope="row">{action.title}</TableHeaderCell>
              <TableCell>
                {t(`meetings.party.${action.ownerParty}`)}
                {action.ownerName?.trim() && <span className="bg-cell-note">{action.ownerName.trim()}</span>}
              </TableCell>
              <TableCell>{action.dueOn ? formatDate(action.dueOn, language) : '–'}</TableCell>
              <TableCell>
                <ActionStatusText action={action} />
              </TableCell>
              <TableCell className="bg-prewrap">{action.feedback?.trim() || '–'}</TableCell>
              {withMeeting && (
                <TableCell>
                  <RouterLink
                    to="/netwerken/$networkId/bijeenkomsten/$meetingId"
                    params={{ networkId, meetingId: action.meetingId }}
                  >
                    {formatMeetingDay(action.meetingStartsAt, language)}
                  </RouterLink>
                </TableCell>
              )}
              {onEdit && (
                <TableCell>
                  <Button appearance="secondary-action-button" onClick={() => onEdit(action)}>
                    {t('actions.edit')} <span className="bg-visually-hidden">{action.title}</span>
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

type ActionField = 'title' | 'ownerParty' | 'ownerName' | 'dueOn' | 'status' | 'feedback';

const ACTION_IDS: Record<ActionField, string> = {
  title: 'action-title',
  ownerParty: `action-party-${PARTIES[0]}`,
  ownerName: 'action-owner-name',
  dueOn: 'action-due-on',
  status: 'action-status',
  feedback: 'action-feedback',
};
const ACTION_FIELDS = Object.keys(ACTION_IDS) as ActionField[];

export interface ActionDialogProps {
  networkId: string;
  /** The meeting a new action is agreed in (adding). */
  meetingId?: string;
  /** The action to change (editing). */
  action?: Action;
  onSaved: (action: Action) => void;
  onCancel: () => void;
}

/** Adds an action to a meeting or changes one: owner, due date, status and feedback to the allies. */
export function ActionDialog({ networkId, meetingId, action, onSaved, onCancel }: ActionDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const refresh = useRefreshMeetings();
  const editing = action !== undefined;
  const [values, setValues] = useState({
    title: action?.title ?? '',
    ownerParty: (action?.ownerParty ?? '') as Party | '',
    ownerName: action?.ownerName ?? '',
    dueOn: action?.dueOn ?? '',
    status: (action?.status ?? 'open') as ActionStatus,
    feedback: action?.feedback ?? '',
  });
  type Values = typeof values;
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const [localErrors, setLocalErrors] = useState<Partial<Record<ActionField, string>>>({});
  const [showErrors, setShowErrors] = useState(0);

  const onSuccess = async (saved: Action) => {
    await refresh();
    onSaved(saved);
  };
  const create = $api.useMutation('post', MEETING_ACTIONS_PATH, { onSuccess });
  const update = $api.useMutation('put', ACTION_PATH, { onSuccess });
  const mutation = editing ? update : create;

  const { own: serverErrors, others } = splitFieldErrors(mutation.error, (name) =>
    (ACTION_FIELDS as string[]).includes(name) ? (name as ActionField) : undefined,
  );
  const fieldError = (field: ActionField) => localErrors[field] ?? serverErrors[field];
  const label = (field: ActionField) => t(`actions.field.${field}`);
  const summary: FieldProblem[] = [
    ...ACTION_FIELDS.flatMap((field) => {
      const message = fieldError(field);
      return message ? [{ id: ACTION_IDS[field], label: label(field), message }] : [];
    }),
    ...others,
  ];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mutation.isPending) return;
    const local: Partial<Record<ActionField, string>> = {};
    if (!values.title.trim()) local.title = t('actions.titleRequired');
    if (!values.ownerParty) local.ownerParty = t('actions.partyRequired');
    setLocalErrors(local);
    if (Object.keys(local).length > 0 || !values.ownerParty) {
      mutation.reset();
      setShowErrors((n) => n + 1);
      return;
    }
    const body: ActionInput = {
      title: values.title.trim(),
      ownerParty: values.ownerParty,
      ownerName: values.ownerName.trim(),
      dueOn: values.dueOn || null,
      status: values.status,
      feedback: values.feedback.trim(),
    };
    const onError = () => setShowErrors((n) => n + 1);
    if (editing) update.mutate({ params: { path: { networkId, actionId: action.id } }, body }, { onError });
    else if (meetingId) create.mutate({ params: { path: { networkId, meetingId } }, body }, { onError });
  };

  const partyError = fieldError('ownerParty');
  return (
    <ModalDialog labelledBy={titleId} onCancel={onCancel}>
      <Heading level={2} id={titleId}>
        {editing ? t('actions.editTitle') : t('actions.addTitle')}
      </Heading>
      <form noValidate onSubmit={submit} className="bg-form" aria-labelledby={titleId}>
        {(mutation.isError || Object.keys(localErrors).length > 0) && (
          <ProblemAlert
            key={showErrors}
            error={mutation.isError ? mutation.error : { title: t('actions.errorTitle') }}
            fields={summary}
            focusOnShow
          />
        )}
        <TextField
          id={ACTION_IDS.title}
          label={label('title')}
          required
          value={values.title}
          onChange={(v) => set('title', v)}
          error={fieldError('title')}
        />
        <RadioGroupField
          id="action-party"
          name="ownerParty"
          legend={label('ownerParty')}
          options={PARTIES}
          value={values.ownerParty}
          onChange={(party) => set('ownerParty', party)}
          optionLabel={(party) => t(`meetings.party.${party}`)}
          error={partyError}
        />
        <TextField
          id={ACTION_IDS.ownerName}
          label={label('ownerName')}
          description={t('actions.ownerNameDescription')}
          value={values.ownerName}
          onChange={(v) => set('ownerName', v)}
          error={fieldError('ownerName')}
        />
        <TextField
          id={ACTION_IDS.dueOn}
          type="date"
          label={label('dueOn')}
          value={values.dueOn}
          onChange={(v) => set('dueOn', v)}
          error={fieldError('dueOn')}
        />
        <SelectField
          id={ACTION_IDS.status}
          label={label('status')}
          value={values.status}
          onChange={(v) => set('status', v as ActionStatus)}
          error={fieldError('status')}
        >
          {ACTION_STATUSES.map((status) => (
            <SelectOption key={status} value={status}>
              {t(`actions.status.${status}`)}
            </SelectOption>
          ))}
        </SelectField>
        <TextAreaField
          id={ACTION_IDS.feedback}
          label={label('feedback')}
          description={t('actions.feedbackDescription')}
          rows={4}
          value={values.feedback}
          onChange={(v) => set('feedback', v)}
          error={fieldError('feedback')}
        />
        <ButtonGroup>
          <Button type="submit" appearance="primary-action-button" busy={mutation.isPending}>
            {editing ? t('common.save') : t('actions.add')}
          </Button>
          <Button appearance="secondary-action-button" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </ButtonGroup>
      </form>
    </ModalDialog>
  );
}
