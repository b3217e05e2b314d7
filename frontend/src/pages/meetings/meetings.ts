import { useTranslation } from 'react-i18next';
import { problemFieldErrors, type Network } from '../../api/client';
import type { components } from '../../api/schema';
import type { FieldProblem } from '../../components/ProblemAlert';
import { TIME_ZONE } from '../../format';
import type { Language } from '../../i18n';
import { allowedIn } from '../allies/allies';

export type Meeting = components['schemas']['Meeting'];
export type MeetingDetail = components['schemas']['MeetingDetail'];
export type MeetingInput = components['schemas']['MeetingInput'];
export type MeetingSeriesInput = components['schemas']['MeetingSeriesInput'];
export type MeetingStatus = components['schemas']['MeetingStatus'];
export type MeetingKind = Meeting['kind'];
export type AgendaItem = components['schemas']['AgendaItem'];
export type Attendance = components['schemas']['Attendance'];
export type AttendanceStatus = Attendance['status'];
export type MeetingReport = components['schemas']['MeetingReport'];
export type Action = components['schemas']['Action'];
export type ActionInput = components['schemas']['ActionInput'];
export type ActionStatus = components['schemas']['ActionStatus'];
export type Party = components['schemas']['Party'];
export type NetworkOverview = components['schemas']['NetworkOverview'];
export type Balance = components['schemas']['Balance'];
export type ChairRotation = components['schemas']['ChairRotation'];
export type ChairTurn = ChairRotation['items'][number];

export const PARTIES: readonly Party[] = ['municipality', 'police', 'allies'];
export const ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done', 'dropped'];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['present', 'absent', 'excused'];
export const MEETING_STATUSES: readonly MeetingStatus[] = ['planned', 'held', 'cancelled'];

export function isParty(value: unknown): value is Party {
  return typeof value === 'string' && (PARTIES as readonly string[]).includes(value);
}

export function isActionStatus(value: unknown): value is ActionStatus {
  return typeof value === 'string' && (ACTION_STATUSES as readonly string[]).includes(value);
}

export const MEETINGS_PATH = '/api/v1/networks/{networkId}/meetings';
export const MEETING_SERIES_PATH = '/api/v1/networks/{networkId}/meetings/series';
export const MEETING_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}';
export const MEETING_AGENDA_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}/agenda';
export const MEETING_REPORT_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}/report';
export const MEETING_CLOSE_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}/close';
export const MEETING_CANCEL_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}/cancel';
export const MEETING_ACTIONS_PATH = '/api/v1/networks/{networkId}/meetings/{meetingId}/actions';
export const ACTIONS_PATH = '/api/v1/networks/{networkId}/actions';
export const ACTION_PATH = '/api/v1/networks/{networkId}/actions/{actionId}';
export const OVERVIEW_PATH = '/api/v1/networks/{networkId}/overview';
export const BALANCE_PATH = '/api/v1/networks/{networkId}/balance';
export const CHAIR_ROTATION_PATH = '/api/v1/networks/{networkId}/chair-rotation';

/** Query keys (prefixes) of everything a change to a meeting or action can affect. */
export const MEETING_QUERY_KEYS = [
  ['get', MEETINGS_PATH],
  ['get', MEETING_PATH],
  ['get', ACTIONS_PATH],
  ['get', OVERVIEW_PATH],
  ['get', BALANCE_PATH],
  ['get', CHAIR_ROTATION_PATH],
] as const;

/** The meeting as an iCalendar file (a plain download link; the session cookie goes along). */
export function calendarHref(networkId: string, meetingId: string): string {
  return `/api/v1/networks/${encodeURIComponent(networkId)}/meetings/${encodeURIComponent(meetingId)}/calendar.ics`;
}

/** Partners' coordinators and staff read meetings in full: agenda, minutes, actions, balance. */
export function mayReadMinutes(network: Network): boolean {
  return allowedIn(network, 'minutes', 'read');
}

/** Partners' coordinators plan and record meetings and actions. */
export function mayWriteMinutes(network: Network): boolean {
  return allowedIn(network, 'minutes', 'write');
}

// --- Europe/Amsterdam wall-clock time ---------------------------------------------------------

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallParts(instant: Date): Record<string, string> {
  return Object.fromEntries(wallClock.formatToParts(instant).map((part) => [part.type, part.value]));
}

/** Minutes that Amsterdam is ahead of UTC at `instant` (60 in winter, 120 in summer). */
export function amsterdamOffsetMinutes(instant: Date): number {
  const p = wallParts(instant);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wall - whole) / 60_000);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A calendar day ("2026-03-03") and time of day ("19:00") in Amsterdam as an RFC 3339
 * instant with its offset ("2026-03-03T19:00:00+01:00"), summer time included. Undefined
 * when either is not a valid day or time.
 */
export function amsterdamToIso(day: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (!d || !t) return undefined;
  const [year, month, date, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return undefined;
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return undefined;
  // The offset at the wall-clock time read as UTC is at most an hour off around a change
  // of clocks; the offset at the instant that first guess gives is the right one.
  const guess = wall - amsterdamOffsetMinutes(new Date(wall)) * 60_000;
  const offset = amsterdamOffsetMinutes(new Date(guess));
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${day}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The Amsterdam calendar day and time of day of an instant, for date and time inputs. */
export function amsterdamParts(iso: string): { day: string; time: string } {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return { day: '', time: '' };
  const p = wallParts(instant);
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };
const dayFormatters = new Map<Language, Intl.DateTimeFormat>();
const timeFormatters = new Map<Language, Intl.DateTimeFormat>();

/** "dinsdag 3 maart 2026" (Dutch) or "Tuesday 3 March 2026" (English), Amsterdam time. */
export function formatMeetingDay(iso: string, language: Language): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  let f = dayFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: TIME_ZONE,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    dayFormatters.set(language, f);
  }
  return f.format(instant).replace(',', '');
}

/** "19:00", Amsterdam time. */
export function formatTimeOfDay(iso: string, language: Language): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  let f = timeFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    timeFormatters.set(language, f);
  }
  return f.format(instant);
}

/** "dinsdag 3 maart 2026, 19:00–21:00 uur" for a meeting, in the UI language. */
export function useMeetingWhen() {
  const { t, i18n } = useTranslation();
  const language: Language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  return (meeting: Pick<Meeting, 'startsAt' | 'endsAt'>) =>
    t('meetings.when', {
      day: formatMeetingDay(meeting.startsAt, language),
      start: formatTimeOfDay(meeting.startsAt, language),
      end: formatTimeOfDay(meeting.endsAt, language),
    });
}

/** Whether a meeting has started (it may then be closed as held). */
export function hasStarted(meeting: Pick<Meeting, 'startsAt'>, now: Date = new Date()): boolean {
  return new Date(meeting.startsAt).getTime() <= now.getTime();
}

/** Splits the field errors of a failed request into those of our fields and the others. */
export function splitFieldErrors<F extends string>(error: unknown, fieldFor: (name: string) => F | undefined) {
  const own: Partial<Record<F, string>> = {};
  const others: FieldProblem[] = [];
  for (const [name, message] of Object.entries(problemFieldErrors(error))) {
    const field = fieldFor(name);
    if (field) own[field] ??= message;
    else others.push({ label: name, message });
  }
  return { own, others };
}

/** A whole number from a text box, if it is one between min and max. */
export function wholeNumber(value: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

