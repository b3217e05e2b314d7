import { describe, expect, it } from 'vitest';
import type { Network } from '../../api/client';
import nl from '../../i18n/nl.json';
import en from '../../i18n/en.json';
import { alliesInOrder, mayHaveIntroduction, mayListIntroductions, statusKey, type IntroductionAlly, type IntroductionSummary } from './introduction';

const summary = (over: Partial<IntroductionSummary>): IntroductionSummary => ({
  id: 'p',
  networkId: 'n',
  networkName: 'Bondgenoten Amersfoort',
  personName: 'Noor',
  status: 'open',
  startedOn: '2026-11-01',
  dueOn: '2026-12-27',
  closedOn: null,
  overdue: false,
  mine: true,
  progress: { alliesMet: 0, alliesTotal: 2, meetingDone: false, stepsDone: [], done: 0, total: 6, percent: 0 },
  ...over,
});

const ally = (name: string, met: boolean): IntroductionAlly => ({
  allyId: name,
  name,
  organisation: '',
  constituency: '',
  suggested: [],
  contact: met ? { allyId: name, metOn: '2026-11-02', mode: 'phone', note: '', introducedBy: null } : null,
});

describe('introduction', () => {
  it('calls an open programme past its eight weeks overdue, and keeps the others', () => {
    expect(statusKey(summary({}))).toBe('open');
    expect(statusKey(summary({ overdue: true }))).toBe('overdue');
    expect(statusKey(summary({ status: 'waived', overdue: false }))).toBe('waived');
    expect(statusKey(summary({ status: 'completed' }))).toBe('completed');
  });

  it('lists the allies still to meet first, in their order', () => {
    const order = alliesInOrder([ally('Amina', true), ally('Berend', false), ally('Chaima', false)]).map((a) => a.name);
    expect(order).toEqual(['Berend', 'Chaima', 'Amina']);
  });

  it('offers the list to readers and bureaus, the own programme to coordinators and staff', () => {
    const net = (actions: string[]) => ({ permissions: { onboarding: actions } }) as unknown as Network;
    expect(mayListIntroductions(net(['read-own', 'write-own']))).toBe(false);
    expect(mayHaveIntroduction(net(['read-own', 'write-own']))).toBe(true);
    expect(mayListIntroductions(net(['read-progress']))).toBe(true);
    expect(mayHaveIntroduction(net(['read-progress']))).toBe(false);
    expect(mayListIntroductions(net(['read', 'write']))).toBe(true);
    expect(mayHaveIntroduction(net(['read']))).toBe(false);
  });

  it('has every status, mode and guide point in Dutch and English', () => {
    for (const texts of [nl.introduction, en.introduction]) {
      expect(Object.keys(texts.status).sort()).toEqual(['completed', 'ended', 'open', 'overdue', 'waived']);
      expect(Object.keys(texts.mode).sort()).toEqual(['in_person', 'phone', 'video']);
      expect(Object.keys(texts.guidePoints)).toHaveLength(8);
    }
  });
});
