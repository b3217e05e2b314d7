import type { Language } from './i18n';

/** Dates and times are shown as in the Netherlands, whatever the browser's time zone. */
export const TIME_ZONE = 'Europe/Amsterdam';

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${language}:${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "29 november 2026 om 11:41" (Dutch) or "29 November 2026 at 11:41" (English), Amsterdam time. */
export function formatDateTime(iso: string, language: Language, withSeconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(language, withSeconds).format(date);
}

const dateFormatters = new Map<Language, Intl.DateTimeFormat>();

/** "29 november 2026" (Dutch) or "29 November 2026" (English) for a calendar day "2026-11-29". */
export function formatDate(day: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  // A calendar day has no time zone: format it as the same day in UTC.
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(date.getTime())) return day;
  let f = dateFormatters.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[language], { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
    dateFormatters.set(language, f);
  }
  return f.format(date);
}

const dayParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar day in the Netherlands as "YYYY-MM-DD" (the API's date format). */
export function today(now: Date = new Date()): string {
  const parts = Object.fromEntries(dayParts.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
