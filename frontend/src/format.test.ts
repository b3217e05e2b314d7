import { describe, expect, it } from 'vitest';
import { formatDate, today } from './format';

describe('dates', () => {
  it('gives today as the calendar day in Amsterdam', () => {
    expect(today(new Date('2026-11-29T22:59:59Z'))).toBe('2026-11-29');
    expect(today(new Date('2026-11-29T23:00:00Z'))).toBe('2026-11-30'); // CET, UTC+1
    expect(today(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01'); // CEST, UTC+2
  });

  it('formats a calendar day in Dutch or English, whatever the time zone', () => {
    expect(formatDate('2026-01-01', 'nl')).toBe('1 januari 2026');
    expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
    expect(formatDate('not a date', 'nl')).toBe('not a date');
  });
});
