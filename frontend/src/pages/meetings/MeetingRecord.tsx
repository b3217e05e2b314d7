import {
  Button,
  ButtonGroup,
  Fieldset,
  FieldsetLegend,
  Heading,
  OrderedList,
  OrderedListItem,
  Paragraph,
  SelectOption,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableContainer,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { $api, problemFieldErrors, type Network } from '../../api/client';
import { RadioGroupField, SelectField, TextAreaField, TextField } from '../../components/fields';
import { ProblemAlert, type FieldProblem } from '../../components/ProblemAlert';
import { Loading } from '../../components/QueryError';
import { ALLIES_PAGE, ALLIES_PATH, mayReadAllies } from '../allies/allies';
import {
  ATTENDANCE_STATUSES,
  MEETING_AGENDA_PATH,
  MEETING_REPORT_PATH,
  PARTIES,
  type AttendanceStatus,
  type MeetingDetail,
  type Party,
} from './meetings';
import { useRefreshMeetings } from './parts';

interface SectionProps {
  network: Network;
  meeting: MeetingDetail;
  /** Coordinators, on a meeting that is not cancelled. */
  mayEdit: boolean;
  /** Called with the message to announce after a save. */
  onSaved: (message: string) => void;
}

/** Moves focus to the element with `id` after the next render. */
function useFocusAfterRender() {
  const [target, setTarget] = useState<{ id: string; n: number }>();
  useEffect(() => {
    if (target) document.getElementById(target.id)?.focus();
  }, [target]);
  return (id: string) => setTarget((old) => ({ id, n: (old?.n ?? 0) + 1 }));
}

/** Whether the edit button should get focus back when an editor is closed without saving. */
function useEditToggle() {
  const [editing, setEditing] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!editing && refocus.current) {
      refocus.current = false;
      buttonRef.current?.focus();
    }
  }, [editing]);
  return {
    editing,
    buttonRef,
    open: () => setEditing(true),
    /** Closes the editor; after a cancel, focus returns to the edit button. */
    close: (returnFocus: boolean) => {
      refocus.current = returnFocus;
      setEditing(false);
    },
  };
}

function move<T>(list: T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

// --- Agenda -----------------------------------------------------------------------------------

interface AgendaRow {
  key: number;
  title: string;
  party: Party | '';
  notes: string;
}

/** Agenda: the topics, each with the party that brought it. */
export function AgendaSection({ meeting, mayEdit, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const toggle = useEditToggle();
  const counts = Object.fromEntries(PARTIES.map((party) => [party, meeting.agenda.filter((i) => i.party === party).length]));

  return (
    <section aria-labelledby={headingId} className="bg-section">
      <Heading level={2} id={headingId}>
        {t('meetings.agenda.heading')}
      </Heading>
      {toggle.editing ? (
        <AgendaEditor
          meeting={meeting}
          onDone={(saved) => {
            toggle.close(!saved);
            if (saved) onSaved(t('meetings.agenda.saved'));
          }}
        />
      ) : (
        <>
          {meeting.agenda.length === 0 ? (
            <Paragraph>{t('meetings.agenda.empty')}</Paragraph>
          ) : (
            <>
              <OrderedList className="bg-agenda">
                {meeting.agenda.map((item, i) => (
                  <OrderedListItem key={i}>
                    <span className="bg-cell-title">{item.title}</span>{' '}
                    <span className="bg-cell-note">{t('meetings.agenda.broughtBy', { party: t(`meetings.party.${item.party}`) })}</span>
                    {item.notes?.trim() && <span className="bg-prewrap bg-cell-note">{item.notes}</span>}
                  </OrderedListItem>
                ))}
              </OrderedList>
              <Paragraph className="bg-muted">
                {t('meetings.agenda.balance', {
                  municipality: counts.municipality,
                  police: counts.police,
                  allies: counts.allies,
                })}
              </Paragraph>
            </>
          )}
          {mayEdit && (
            <ButtonGroup>
              <Button appearance="secondary-action-button" ref={toggle.buttonRef} onClick={toggle.open}>
                {t('meetings.agenda.edit')}
              </Button>
            </ButtonGroup>
          )}
        </>
      )}
    </section>
  );
}

function AgendaEditor({ meeting, onDone }: { meeting: MeetingDetail; onDone: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const refresh = useRefreshMeetings();
  const focusLater = useFocusAfterRender();
  const nextKey = useRef(0);
  const newKey = () => nextKey.current++;
  const [rows, setRows] = useState<AgendaRow[]>(() =>
    meeting.agenda.map((item) => ({ key: newKey(), title: item.title, party: item.party, notes: item.notes ?? '' })),
  );
  const [live, setLive] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const save = $api.useMutation('put', MEETING_AGENDA_PATH, {
    onSuccess: async () => {
      await refresh();
      onDone(true);
    },
  });

  // Errors are keyed as the API names them: items[0].title, items[2].party …
  const serverErrors = problemFieldErrors(save.error);
  const error = (i: number, field: 'title' | 'party' | 'notes') =>
    localErrors[`items[${i}].${field}`] ?? serverErrors[`items[${i}].${field}`];
  const itemLabel = (i: number) => t('meetings.agenda.item', { n: i + 1 });
  const ids = (row: AgendaRow) => ({
    title: `agenda-${row.key}-title`,
    party: `agenda-${row.key}-party-${PARTIES[0]}`,
    notes: `agenda-${row.key}-notes`,
  });
  const summary: FieldProblem[] = [
    ...rows.flatMap((row, i) =>
      (['title', 'party', 'notes'] as const).flatMap((field) => {
        const message = error(i, field);
        return message
          ? [{ id: ids(row)[field], label: `${itemLabel(i)}, ${t(`meetings.agenda.field.${field}`)}`, message }]
          : [];
      }),
    ),
    ...Object.entries(serverErrors)
      .filter(([field]) => !/^items\[\d+\]\.(title|party|notes)$/.test(field))
      .map(([field, message]) => ({ label: field === 'items' ? t('meetings.agenda.heading') : field, message })),
  ];

  const update = (key: number, change: Partial<AgendaRow>) =>
    setRows((old) => old.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const moveRow = (i: number, to: number) => {
    const row = rows[i];
    if (!row || to < 0 || to >= rows.length) return;
    setRows(move(rows, i, to));
    setLive(t('meetings.agenda.moved', { title: row.title.trim() || itemLabel(i), n: to + 1 }));
    const direction = to < i ? 'up' : 'down';
    // Keep focus on the button that was used, or its partner when it is now disabled.
    const stays = direction === 'up' ? to > 0 : to < rows.length - 1;
    focusLater(`agenda-${row.key}-${stays ? direction : direction === 'up' ? 'down' : 'up'}`);
  };

  const add = () => {
    const key = newKey();
    setRows([...rows, { key, title: '', party: '', notes: '' }]);
    focusLater(`agenda-${key}-title`);
  };

  const remove = (i: number) => {
    const row = rows[i];
    if (!row) return;
    setRows(rows.filter((r) => r.key !== row.key));
    setLive(t('meetings.agenda.removed', { title: row.title.trim() || itemLabel(i) }));
    focusLater('agenda-add');
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const local: Record<string, string> = {};
    rows.forEach((row, i) => {
      if (!row.title.trim()) local[`items[${i}].title`] = t('meetings.agenda.titleRequired');
      if (!row.party) local[`items[${i}].party`] = t('meetings.agenda.partyRequired');
    });
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate(
      {
        params: { path: { networkId: meeting.networkId, meetingId: meeting.id } },
        body: { items: rows.map((row) => ({ title: row.title.trim(), party: row.party as Party, notes: row.notes.trim() })) },
      },
      { onError: () => setAttempt((n) => n + 1) },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-label={t('meetings.agenda.edit')}>
      {(save.isError || Object.keys(localErrors).length > 0) && (
        <ProblemAlert
          key={attempt}
          error={save.isError ? save.error : { title: t('meetings.form.errorTitle') }}
          fields={summary}
          focusOnShow
        />
      )}
      <Paragraph role="status" className="bg-visually-hidden">
        {live}
      </Paragraph>
      {rows.length === 0 && <Paragraph>{t('meetings.agenda.empty')}</Paragraph>}
      {rows.map((row, i) => {
        const partyError = error(i, 'party');
        return (
          <Fieldset key={row.key} className="bg-group-row">
            <FieldsetLegend>{itemLabel(i)}</FieldsetLegend>
            <TextField
              id={ids(row).title}
              label={t('meetings.agenda.field.title')}
              required
              value={row.title}
              onChange={(v) => update(row.key, { title: v })}
              error={error(i, 'title')}
            />
            <RadioGroupField
              id={`agenda-${row.key}-party`}
              name={`agenda-${row.key}-party`}
              legend={t('meetings.agenda.field.party')}
              options={PARTIES}
              value={row.party}
              onChange={(party) => update(row.key, { party })}
              optionLabel={(party) => t(`meetings.party.${party}`)}
              error={partyError}
            />
            <TextAreaField
              id={ids(row).notes}
              label={t('meetings.agenda.field.notes')}
              rows={2}
              value={row.notes}
              onChange={(v) => update(row.key, { notes: v })}
              error={error(i, 'notes')}
            />
            <ButtonGroup className="bg-row-actions">
              <Button
                id={`agenda-${row.key}-up`}
                appearance="subtle-button"
                disabled={i === 0}
                onClick={() => moveRow(i, i - 1)}
              >
                {t('meetings.agenda.up')} <span className="bg-visually-hidden">{itemLabel(i)}</span>
              </Button>
              <Button
                id={`agenda-${row.key}-down`}
                appearance="subtle-button"
                disabled={i === rows.length - 1}
                onClick={() => moveRow(i, i + 1)}
              >
                {t('meetings.agenda.down')} <span className="bg-visually-hidden">{itemLabel(i)}</span>
              </Button>
              <Button appearance="subtle-button" hint="danger" onClick={() => remove(i)}>
                {t('meetings.agenda.remove')} <span className="bg-visually-hidden">{itemLabel(i)}</span>
              </Button>
            </ButtonGroup>
          </Fieldset>
        );
      })}
      <ButtonGroup>
        <Button id="agenda-add" appearance="secondary-action-button" onClick={add}>
          {t('meetings.agenda.add')}
        </Button>
      </ButtonGroup>
      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
          {t('meetings.agenda.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </ButtonGroup>
    </form>
  );
}

// --- Report: attendance, minutes, decisions --------------------------------------------------------

interface AttendanceRow {
  key: number;
  allyId: string | null;
  name: string;
  party: Party;
  status: AttendanceStatus;
}

interface DecisionRow {
  key: number;
  text: string;
}

/** Verslag: who was there, the minutes and the decisions. */
export function ReportSection({ network, meeting, mayEdit, onSaved }: SectionProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const captionId = useId();
  const toggle = useEditToggle();
  // The network's allies prefill the attendance; loaded only when the report is edited.
  const allies = $api.useQuery(
    'get',
    ALLIES_PATH,
    { params: { path: { networkId: network.id }, query: { limit: ALLIES_PAGE } } },
    { enabled: toggle.editing && mayReadAllies(network) },
  );

  const empty = meeting.attendance.length === 0 && !meeting.minutes.trim() && meeting.decisions.length === 0;

  return (
    <section aria-labelledby={headingId} className="bg-section">
      <Heading level={2} id={headingId}>
        {t('meetings.report.heading')}
      </Heading>
      {toggle.editing ? (
        allies.isPending && allies.fetchStatus !== 'idle' ? (
          <Loading />
        ) : (
          <ReportEditor
            meeting={meeting}
            activeAllies={(allies.data?.items ?? [])
              .filter((ally) => ally.status === 'active')
              .filter((ally) => meeting.kind !== 'emergency' || meeting.invitedAllyIds.includes(ally.id))
              .map((ally) => ({ id: ally.id, name: ally.name }))}
            onDone={(saved) => {
              toggle.close(!saved);
              if (saved) onSaved(t('meetings.report.saved'));
            }}
          />
        )
      ) : (
        <>
          {empty && <Paragraph>{t('meetings.report.empty')}</Paragraph>}
          {meeting.attendance.length > 0 && (
            <TableContainer overflowInline role="region" aria-labelledby={captionId} tabIndex={0}>
              <Table className="bg-table">
                <TableCaption id={captionId}>{t('meetings.report.attendanceCaption')}</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell scope="col">{t('meetings.report.columns.name')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('meetings.report.columns.party')}</TableHeaderCell>
                    <TableHeaderCell scope="col">{t('meetings.report.columns.status')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {meeting.attendance.map((row, i) => (
                    <TableRow key={`${row.allyId ?? ''}:${i}`}>
                      <TableHeaderCell scope="row">{row.name}</TableHeaderCell>
                      <TableCell>{t(`meetings.party.${row.party}`)}</TableCell>
                      <TableCell>{t(`meetings.attendance.${row.status}`)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          {!empty && (
            <>
              <Heading level={3}>{t('meetings.report.minutes')}</Heading>
              {meeting.minutes.trim() ? (
                <Paragraph className="bg-prewrap">{meeting.minutes}</Paragraph>
              ) : (
                <Paragraph className="bg-muted">{t('meetings.report.noMinutes')}</Paragraph>
              )}
              <Heading level={3}>{t('meetings.report.decisions')}</Heading>
              {meeting.decisions.length === 0 ? (
                <Paragraph className="bg-muted">{t('meetings.report.noDecisions')}</Paragraph>
              ) : (
                <OrderedList>
                  {meeting.decisions.map((decision, i) => (
                    <OrderedListItem key={i} className="bg-prewrap">
                      {decision}
                    </OrderedListItem>
                  ))}
                </OrderedList>
              )}
            </>
          )}
          {mayEdit && (
            <ButtonGroup>
              <Button appearance="secondary-action-button" ref={toggle.buttonRef} onClick={toggle.open}>
                {t('meetings.report.edit')}
              </Button>
            </ButtonGroup>
          )}
        </>
      )}
    </section>
  );
}

function ReportEditor({
  meeting,
  activeAllies,
  onDone,
}: {
  meeting: MeetingDetail;
  activeAllies: Array<{ id: string; name: string }>;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshMeetings();
  const focusLater = useFocusAfterRender();
  const nextKey = useRef(0);
  const newKey = () => nextKey.current++;
  const [attendance, setAttendance] = useState<AttendanceRow[]>(() => {
    const rows: AttendanceRow[] = meeting.attendance.map((row) => ({
      key: newKey(),
      allyId: row.allyId ?? null,
      name: row.name,
      party: row.party,
      status: row.status,
    }));
    const recorded = new Set(rows.map((row) => row.allyId).filter(Boolean));
    for (const ally of activeAllies) {
      if (!recorded.has(ally.id)) {
        rows.push({ key: newKey(), allyId: ally.id, name: ally.name, party: 'allies', status: 'present' });
      }
    }
    return rows;
  });
  const [minutes, setMinutes] = useState(meeting.minutes);
  const [decisions, setDecisions] = useState<DecisionRow[]>(() =>
    meeting.decisions.map((text) => ({ key: newKey(), text })),
  );
  const [live, setLive] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const save = $api.useMutation('put', MEETING_REPORT_PATH, {
    onSuccess: async () => {
      await refresh();
      onDone(true);
    },
  });

  const serverErrors = problemFieldErrors(save.error);
  const error = (key: string) => localErrors[key] ?? serverErrors[key];
  const staffRows = attendance.filter((row) => row.allyId === null);
  const staffLabel = (row: AttendanceRow) => t('meetings.report.staffRow', { n: staffRows.indexOf(row) + 1 });
  const rowLabel = (row: AttendanceRow) => (row.allyId ? row.name : staffLabel(row));

  const summary: FieldProblem[] = [];
  const known = new Set<string>();
  attendance.forEach((row, i) => {
    for (const field of ['name', 'party', 'status'] as const) {
      const key = `attendance[${i}].${field}`;
      known.add(key);
      const message = error(key);
      if (message) {
        summary.push({
          id: field === 'status' ? `attendance-${row.key}-status-present` : `attendance-${row.key}-${field}`,
          label: `${rowLabel(row)}, ${t(`meetings.report.columns.${field}`)}`,
          message,
        });
      }
    }
  });
  known.add('minutes');
  if (error('minutes')) summary.push({ id: 'report-minutes', label: t('meetings.report.minutes'), message: error('minutes')! });
  decisions.forEach((row, i) => {
    const key = `decisions[${i}]`;
    known.add(key);
    const message = error(key);
    if (message) summary.push({ id: `decision-${row.key}`, label: t('meetings.report.decision', { n: i + 1 }), message });
  });
  for (const [field, message] of Object.entries(serverErrors)) {
    if (!known.has(field)) {
      summary.push({ label: field === 'attendance' ? t('meetings.report.attendance') : field, message });
    }
  }

  const updateRow = (key: number, change: Partial<AttendanceRow>) =>
    setAttendance((old) => old.map((row) => (row.key === key ? { ...row, ...change } : row)));

  const addStaff = () => {
    const key = newKey();
    setAttendance([...attendance, { key, allyId: null, name: '', party: 'municipality', status: 'present' }]);
    focusLater(`attendance-${key}-name`);
  };

  const removeStaff = (row: AttendanceRow) => {
    setAttendance(attendance.filter((r) => r.key !== row.key));
    setLive(t('meetings.report.staffRemoved', { name: row.name.trim() || staffLabel(row) }));
    focusLater('attendance-add');
  };

  const addDecision = () => {
    const key = newKey();
    setDecisions([...decisions, { key, text: '' }]);
    focusLater(`decision-${key}`);
  };

  const removeDecision = (i: number) => {
    setDecisions(decisions.filter((_, j) => j !== i));
    setLive(t('meetings.report.decisionRemoved', { n: i + 1 }));
    focusLater('decision-add');
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const local: Record<string, string> = {};
    attendance.forEach((row, i) => {
      if (!row.name.trim()) local[`attendance[${i}].name`] = t('meetings.report.nameRequired');
    });
    setLocalErrors(local);
    if (Object.keys(local).length > 0) {
      save.reset();
      setAttempt((n) => n + 1);
      return;
    }
    save.mutate(
      {
        params: { path: { networkId: meeting.networkId, meetingId: meeting.id } },
        body: {
          attendance: attendance.map((row) => ({
            allyId: row.allyId,
            name: row.name.trim(),
            party: row.party,
            status: row.status,
          })),
          minutes: minutes.trim(),
          decisions: decisions.map((row) => row.text.trim()).filter(Boolean),
        },
      },
      { onError: () => setAttempt((n) => n + 1) },
    );
  };

  const statusRadios = (row: AttendanceRow, i: number) => {
    const message = error(`attendance[${i}].status`);
    return (
      <RadioGroupField
        id={`attendance-${row.key}-status`}
        name={`attendance-${row.key}-status`}
        legend={row.allyId ? row.name : t('meetings.report.columns.status')}
        options={ATTENDANCE_STATUSES}
        value={row.status}
        onChange={(status) => updateRow(row.key, { status })}
        optionLabel={(status) => t(`meetings.attendance.${status}`)}
        error={message}
        inline
      />
    );
  };

  return (
    <form noValidate onSubmit={submit} className="bg-form" aria-label={t('meetings.report.edit')}>
      {(save.isError || Object.keys(localErrors).length > 0) && (
        <ProblemAlert
          key={attempt}
          error={save.isError ? save.error : { title: t('meetings.form.errorTitle') }}
          fields={summary}
          focusOnShow
        />
      )}
      <Paragraph role="status" className="bg-visually-hidden">
        {live}
      </Paragraph>
      <Fieldset>
        <FieldsetLegend>{t('meetings.report.attendance')}</FieldsetLegend>
        <Paragraph>{t('meetings.report.attendanceIntro')}</Paragraph>
        {attendance.length === 0 && <Paragraph>{t('meetings.report.noAllies')}</Paragraph>}
        {attendance.map((row, i) =>
          row.allyId ? (
            <div key={row.key}>{statusRadios(row, i)}</div>
          ) : (
            <Fieldset key={row.key} className="bg-group-row">
              <FieldsetLegend>{staffLabel(row)}</FieldsetLegend>
              <TextField
                id={`attendance-${row.key}-name`}
                label={t('meetings.report.columns.name')}
                required
                value={row.name}
                onChange={(v) => updateRow(row.key, { name: v })}
                error={error(`attendance[${i}].name`)}
              />
              <SelectField
                id={`attendance-${row.key}-party`}
                label={t('meetings.report.columns.party')}
                value={row.party}
                onChange={(v) => updateRow(row.key, { party: v as Party })}
                error={error(`attendance[${i}].party`)}
              >
                <SelectOption value="municipality">{t('meetings.party.municipality')}</SelectOption>
                <SelectOption value="police">{t('meetings.party.police')}</SelectOption>
              </SelectField>
              {statusRadios(row, i)}
              <ButtonGroup className="bg-row-actions">
                <Button appearance="subtle-button" hint="danger" onClick={() => removeStaff(row)}>
                  {t('meetings.report.removeStaff')} <span className="bg-visually-hidden">{staffLabel(row)}</span>
                </Button>
              </ButtonGroup>
            </Fieldset>
          ),
        )}
        <ButtonGroup>
          <Button id="attendance-add" appearance="secondary-action-button" onClick={addStaff}>
            {t('meetings.report.addStaff')}
          </Button>
        </ButtonGroup>
      </Fieldset>

      <TextAreaField
        id="report-minutes"
        label={t('meetings.report.minutes')}
        description={t('meetings.report.minutesDescription')}
        rows={10}
        value={minutes}
        onChange={setMinutes}
        error={error('minutes')}
      />

      <Fieldset>
        <FieldsetLegend>{t('meetings.report.decisions')}</FieldsetLegend>
        {decisions.length === 0 && <Paragraph>{t('meetings.report.noDecisions')}</Paragraph>}
        {decisions.map((row, i) => (
          <div key={row.key}>
            <TextAreaField
              id={`decision-${row.key}`}
              label={t('meetings.report.decision', { n: i + 1 })}
              rows={2}
              value={row.text}
              onChange={(v) => setDecisions((old) => old.map((d) => (d.key === row.key ? { ...d, text: v } : d)))}
              error={error(`decisions[${i}]`)}
            />
            <ButtonGroup className="bg-row-actions">
              <Button appearance="subtle-button" hint="danger" onClick={() => removeDecision(i)}>
                {t('meetings.report.removeDecision')}{' '}
                <span className="bg-visually-hidden">{t('meetings.report.decision', { n: i + 1 })}</span>
              </Button>
            </ButtonGroup>
          </div>
        ))}
        <ButtonGroup>
          <Button id="decision-add" appearance="secondary-action-button" onClick={addDecision}>
            {t('meetings.report.addDecision')}
          </Button>
        </ButtonGroup>
      </Fieldset>

      <ButtonGroup>
        <Button type="submit" appearance="primary-action-button" busy={save.isPending}>
          {t('meetings.report.save')}
        </Button>
        <Button appearance="secondary-action-button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </ButtonGroup>
    </form>
  );
}
