import { describe, expect, it } from 'vitest';
import { amsterdamOffsetMinutes, amsterdamParts, amsterdamToIso, formatMeetingDay, formatTimeOfDay, hasStarted } from './meetings';

describe('Amsterdam time', () => {
  it('turns a winter day and time into an instant with +01:00', () => {
    const iso = amsterdamToIso('2026-01-15', '19:00');
    expect(iso).toBe('2026-01-15T19:00:00+01:00');
    expect(new Date(iso!).toISOString()).toBe('2026-01-15T18:00:00.000Z');
  });

  it('turns a summer day and time into an instant with +02:00', () => {
    const iso = amsterdamToIso('2026-07-01', '19:30');
    expect(iso).toBe('2026-07-01T19:30:00+02:00');
    expect(new Date(iso!).toISOString()).toBe('2026-07-01T17:30:00.000Z');
  });

  it('gets the offset right on the days the clocks change', () => {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
    expect(amsterdamToIso('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00+01:00');
    expect(amsterdamToIso('2026-03-29', '03:30')).toBe('2026-03-29T03:30:00+02:00');
    expect(amsterdamToIso('2026-03-29', '19:00')).toBe('2026-03-29T19:00:00+02:00');
    // 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC).
    expect(amsterdamToIso('2026-10-25', '01:30')).toBe('2026-10-25T01:30:00+02:00');
    expect(amsterdamToIso('2026-10-25', '19:00')).toBe('2026-10-25T19:00:00+01:00');
    expect(amsterdamToIso('2026-10-24', '23:30')).toBe('2026-10-24T23:30:00+02:00');
  });

  it('refuses days and times that do not exist', () => {
    expect(amsterdamToIso('2026-02-30', '19:00')).toBeUndefined();
    expect(amsterdamToIso('2026-02-01', '24:00')).toBeUndefined();
    expect(amsterdamToIso('', '19:00')).toBeUndefined();
    expect(amsterdamToIso('2026-02-01', '')).toBeUndefined();
  });

  it('knows the offset at an instant', () => {
    expect(amsterdamOffsetMinutes(new Date('2026-01-15T18:00:00Z'))).toBe(60);
    expect(amsterdamOffsetMinutes(new Date('2026-07-01T17:30:00Z'))).toBe(120);
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T00:59:59Z'))).toBe(60);
    expect(amsterdamOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(120);
  });

  it('gives the day and time of an instant back for the form, whatever the offset it was written with', () => {
    expect(amsterdamParts('2026-01-15T18:00:00Z')).toEqual({ day: '2026-01-15', time: '19:00' });
    expect(amsterdamParts('2026-07-01T19:30:00+02:00')).toEqual({ day: '2026-07-01', time: '19:30' });
    expect(amsterdamParts('2026-06-30T22:30:00Z')).toEqual({ day: '2026-07-01', time: '00:30' });
    // Round trip.
    expect(amsterdamParts(amsterdamToIso('2026-10-25', '19:00')!)).toEqual({ day: '2026-10-25', time: '19:00' });
  });

  it('formats a meeting day and time in Dutch and English', () => {
    expect(formatMeetingDay('2026-03-03T18:00:00Z', 'nl')).toBe('dinsdag 3 maart 2026');
    expect(formatMeetingDay('2026-03-03T18:00:00Z', 'en')).toBe('Tuesday 3 March 2026');
    expect(formatTimeOfDay('2026-03-03T18:00:00Z', 'nl')).toBe('19:00');
    expect(formatTimeOfDay('2026-07-03T18:00:00Z', 'nl')).toBe('20:00');
  });

  it('tells whether a meeting has started', () => {
    const now = new Date('2026-03-03T18:00:00Z');
    expect(hasStarted({ startsAt: '2026-03-03T19:00:00+01:00' }, now)).toBe(true);
    expect(hasStarted({ startsAt: '2026-03-03T19:01:00+01:00' }, now)).toBe(false);
  });
});
