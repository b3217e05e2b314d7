import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry, Me, Network, NetworkPartner } from '../../api/client';
import { asSeenBy, coordinator as baseCoordinator } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';
import type { Evaluation, EvaluationFigures } from './evaluation';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-02T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const coordinator: Me = { ...baseCoordinator, permissions: { ...baseCoordinator.permissions, evaluations: ['read', 'write'] } };
const advisor: Me = {
  ...baseCoordinator,
  tenant: { id: '00000000-0000-7000-8000-0000000000b1', slug: 'bureau-rvs', name: 'Bureau RVS', kind: 'bureau' },
  roles: ['bureau-advisor'],
  permissions: { org: ['read'], evaluations: ['read-summary'], self: ['read', 'write'] },
};
const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };
const partner = (tenant: DirectoryEntry): NetworkPartner => ({
  tenant,
  joinedAt: '2026-01-10T09:00:00Z',
  leaveRequestedAt: null,
  leftAt: null,
  active: true,
  coordinators: [],
  staff: [],
});
const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const EVAL_ID = '00000000-0000-7000-8000-00000000f001';
const AMINA = '00000000-0000-7000-8000-00000000a001';
const BEREND = '00000000-0000-7000-8000-00000000a002';
const network: Network = {
  id: NETWORK_ID,
  name: 'Bondgenoten Utrecht-Centrum',
  level: 'district',
  area: '',
  goals: 'Elkaar kennen',
  expectations: '',
  phase: 'active',
  maxActiveAllies: 15,
  targetMeetingsPerYear: 5,
  planNextWithinDays: 14,
  signalFeedbackDays: 14,
  evaluationIntervalMonths: 6,
  createdAt: '2026-01-10T09:00:00Z',
  updatedAt: '2026-01-10T09:00:00Z',
  overseenBy: [],
  permissions: {},
  partners: [partner(utrecht), partner(centrum)],
  activeCrisis: null,
};
const party = { present: 3, absent: 1, excused: 0 };
const acts = { open: 1, inProgress: 0, done: 2, dropped: 0, overdue: 1 };
const figures: EvaluationFigures = {
  periodFrom: '2026-06-02',
  periodTo: '2026-12-02',
  targetPerYear: 5,
  expectedMeetings: 3,
  minimumMeetings: 2,
  meetings: {
    held: 2,
    cancelled: 0,
    emergency: 0,
    withMeal: 2,
    withChair: 2,
    distinctChairs: 2,
    repeatedChair: 0,
    attendance: { municipality: party, police: party, allies: party },
    agenda: { municipality: 2, police: 1, allies: 3 },
    actions: { municipality: acts, police: acts, allies: acts },
  },
  activeNeverChaired: 0,
  allies: { active: 2, paused: 0, candidates: 1, joined: 2, left: 0 },
  whiteSpots: ['Overvecht'],
  signals: { logged: 4, urgent: 1, shared: 1, feedbackOwed: 1, feedbackOverdue: 0 },
};
const open: Evaluation = {
  id: EVAL_ID,
  networkId: NETWORK_ID,
  status: 'open',
  periodFrom: '2026-06-02',
  periodTo: null,
  openedOn: '2026-11-20',
  dueOn: '2026-11-30',
  completedAt: null,
  overdue: true,
  networkName: network.name,
  access: 'full',
  figures,
  answers: { rightPeople: null, rightPeopleNote: '', goalsClear: null, goalsNote: '', goals: 'Elkaar kennen', expectations: '', conclusion: '' },
  decisionCounts: { keep: 0, pause: 0, replace: 0 },
  decisions: [
    { allyId: AMINA, name: 'Amina', constituency: 'Marokkaans-Nederlands', status: 'active', decision: null, note: '' },
    { allyId: BEREND, name: 'Berend', constituency: '', status: 'active', decision: null, note: '' },
  ],
  points: [],
  meetingId: null,
};

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: [utrecht, centrum], next: null }),
    'GET /api/v1/networks/:id': () => jsonResponse(asSeenBy(network, me)),
    'GET /api/v1/networks/:id/evaluations': () => jsonResponse({ items: [open], next: null }),
    'GET /api/v1/networks/:id/evaluations/:eid': () => jsonResponse(open),
    ...routes,
  });
}

describe('Evaluaties', () => {
  it('lists the open evaluation as overdue and the history', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/evaluaties`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Evaluaties' })).toBeTruthy();
    expect(screen.getAllByText('Te laat: moest af op 30 november 2026').length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Evaluatie invullen' }).getAttribute('href')).toBe(`/netwerken/${NETWORK_ID}/evaluaties/${EVAL_ID}`);
  });

  it('shows the figures, guides to a missing decision and completes with a decision per ally', async () => {
    const { callsTo } = api(coordinator, {
      'POST /api/v1/networks/:id/evaluations/:eid/complete': () => jsonResponse({ ...open, status: 'completed', periodTo: '2026-12-02', overdue: false }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/evaluaties/${EVAL_ID}`);
    expect(await screen.findByText('2 (verwacht 3, minimaal 2)')).toBeTruthy();
    expect(screen.getByText('Overvecht')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Blijft', { selector: `#decision-${AMINA}-keep` }));
    fireEvent.click(screen.getByRole('button', { name: 'Evaluatie afronden' }));
    // Berend has no decision and the questions no answers: guidance, no request.
    expect(await screen.findByRole('link', { name: /Berend/ })).toBeTruthy();
    expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/evaluations/${EVAL_ID}/complete`)).toHaveLength(0);
    fireEvent.click(screen.getByLabelText('Wordt vervangen', { selector: `#decision-${BEREND}-replace` }));
    fireEvent.change(screen.getByLabelText('Toelichting bij Berend', { exact: false }), { target: { value: 'Verhuisd' } });
    fireEvent.click(screen.getByLabelText('Ja', { selector: '#evaluation-right-people-yes' }));
    fireEvent.click(screen.getByLabelText('Ja', { selector: '#evaluation-goals-clear-yes' }));
    fireEvent.click(screen.getByRole('button', { name: 'Evaluatie afronden' }));
    await waitFor(() => expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/evaluations/${EVAL_ID}/complete`)).toHaveLength(1));
    const body = callsTo(`POST /api/v1/networks/${NETWORK_ID}/evaluations/${EVAL_ID}/complete`)[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      rightPeople: true,
      goalsClear: true,
      goals: 'Elkaar kennen',
      decisions: [
        { allyId: AMINA, decision: 'keep', note: '' },
        { allyId: BEREND, decision: 'replace', note: 'Verhuisd' },
      ],
    });
  });

  it('shows the server\'s field errors next to the ally', async () => {
    api(coordinator, {
      'PUT /api/v1/networks/:id/evaluations/:eid': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { [`decisions.${BEREND}.note`]: 'Schrijf op waarom deze bondgenoot wordt vervangen.' } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/evaluaties/${EVAL_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Opslaan' }));
    expect((await screen.findAllByText('Schrijf op waarom deze bondgenoot wordt vervangen.')).length).toBeGreaterThan(0);
  });

  it('shows a bureau advisor status, dates and figures only', async () => {
    const summary: Evaluation = { ...open, access: 'summary', answers: null, decisions: null, decisionCounts: null, points: null };
    api(advisor, { 'GET /api/v1/networks/:id/evaluations/:eid': () => jsonResponse(summary) });
    renderApp(`/netwerken/${NETWORK_ID}/evaluaties/${EVAL_ID}`);
    expect(await screen.findByText('U ziet de status, de data en de cijfers van deze evaluatie.')).toBeTruthy();
    expect(screen.queryByText('Amina')).toBeNull();
    expect(screen.getByRole('link', { name: 'Download als PDF' }).getAttribute('href')).toBe(`/api/v1/networks/${NETWORK_ID}/evaluations/${EVAL_ID}/pdf`);
  });
});
