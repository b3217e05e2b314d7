import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry, Me, Network, NetworkPartner } from '../../api/client';
import { asSeenBy, coordinator as baseCoordinator } from '../../test/fixtures';
import { mockApi, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';
import type { CrisisDetail, CrisisSummary } from './crisis';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-10T12:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const coordinator: Me = {
  ...baseCoordinator,
  permissions: { ...baseCoordinator.permissions, minutes: ['read', 'write'], signals: ['read', 'write'], contacts: ['read', 'write', 'read-crisis'] },
};
const liaison: Me = {
  ...baseCoordinator,
  roles: ['crisis-liaison'],
  permissions: { org: ['read'], contacts: ['read-crisis'], signals: ['read-shared'], tension: ['read'], self: ['read', 'write'] },
};
const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };
function partner(tenant: DirectoryEntry): NetworkPartner {
  return { tenant, joinedAt: '2026-01-10T09:00:00Z', leaveRequestedAt: null, leftAt: null, active: true, coordinators: [], staff: [] };
}
const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const CRISIS_ID = '00000000-0000-7000-8000-00000000c001';
const POLL_ID = '00000000-0000-7000-8000-00000000c101';
const ALLY_ID = '00000000-0000-7000-8000-00000000a001';
const MEETING_ID = '00000000-0000-7000-8000-00000000b001';

const network: Network = {
  id: NETWORK_ID,
  name: 'Bondgenoten Utrecht-Centrum',
  level: 'district',
  area: 'Binnenstad',
  goals: '',
  expectations: '',
  phase: 'active',
  maxActiveAllies: 15,
  targetMeetingsPerYear: 5,
  planNextWithinDays: 14,
  signalFeedbackDays: 14,
  createdAt: '2026-01-10T09:00:00Z',
  updatedAt: '2026-01-10T09:00:00Z',
  overseenBy: [],
  permissions: {},
  partners: [partner(utrecht), partner(centrum)],
  activeCrisis: null,
};
const banner = { id: CRISIS_ID, title: 'Onrust rond het azc', phase: 'rising' as const, startedAt: '2026-03-10T08:00:00Z' };
const summary: CrisisSummary = {
  id: CRISIS_ID,
  networkId: NETWORK_ID,
  title: banner.title,
  phase: 'rising',
  themes: ['asylum-reception'],
  startedAt: banner.startedAt,
  endedAt: null,
  active: true,
  aftercareMeetingId: null,
};
const detail: CrisisDetail = {
  ...summary,
  trigger: 'Oproep op sociale media',
  emergencyMeetingId: null,
  wentWell: '',
  toLearn: '',
  lesson: false,
  createdAt: banner.startedAt,
  updatedAt: banner.startedAt,
  entries: [
    {
      id: '00000000-0000-7000-8000-00000000c201',
      kind: 'question',
      at: '2026-03-10T09:00:00Z',
      text: 'Is het azc veilig?',
      allyId: ALLY_ID,
      allyName: 'Amina',
      answer: '',
      answeredAt: null,
      carriedBack: false,
      phaseFrom: '',
      phaseTo: '',
    },
  ],
  polls: [
    {
      id: POLL_ID,
      question: 'Wat hoort u?',
      createdAt: '2026-03-10T09:30:00Z',
      asked: 1,
      answered: 1,
      answeredBand: null,
      communities: [{ community: 'Marokkaans-Nederlands', answered: null, meanMood: null, answeredBand: null, countBelowThree: true }],
      answers: [
        {
          allyId: ALLY_ID,
          allyName: 'Amina',
          community: 'Marokkaans-Nederlands',
          mood: 4,
          hears: 'Zorgen over veiligheid',
          advice: '',
          questions: '',
          answeredAt: '2026-03-10T10:00:00Z',
        },
      ],
    },
  ],
  answersVisible: true,
};
const contacts = {
  crisis: banner,
  allies: [{ id: ALLY_ID, name: 'Amina', mobile: '06 1234 5678', email: '', community: 'Marokkaans-Nederlands', neighbourhood: 'Lombok', tel: 'tel:0612345678' }],
  people: [{ id: baseCoordinator.user.id, name: 'Coördinator', email: 'coordinator@utrecht.demo', role: 'coordinator' as const, tenant: utrecht }],
};

function api(me: Me, active: boolean, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: [utrecht, centrum], next: null }),
    'GET /api/v1/networks/:id': () => jsonResponse({ ...asSeenBy(network, me), activeCrisis: active ? banner : null }),
    'GET /api/v1/networks/:id/overview': () => jsonResponse({}),
    'GET /api/v1/networks/:id/crises': () => jsonResponse({ items: active ? [summary] : [] }),
    'GET /api/v1/networks/:id/crises/:cid': () => jsonResponse(detail),
    'GET /api/v1/networks/:id/crises/:cid/timeline': () =>
      jsonResponse({
        items: [
          { at: banner.startedAt, kind: 'started', id: CRISIS_ID, text: banner.title, community: '', allyName: '', mood: null, phase: 'rising', theme: '', level: 0, urgent: false },
          { at: '2026-03-10T10:00:00Z', kind: 'poll_answer', id: POLL_ID, text: '', community: 'Marokkaans-Nederlands', allyName: '', mood: null, phase: '', theme: '', level: 0, urgent: false },
        ],
      }),
    'GET /api/v1/networks/:id/crisis-contacts': () => jsonResponse(contacts),
    'GET /api/v1/networks/:id/signal-themes': () => jsonResponse({ items: [{ key: 'asylum-reception', label: 'Asielopvang', national: true, archived: false }] }),
    'GET /api/v1/networks/:id/allies': () => jsonResponse({ items: [], next: null }),
    'GET /api/v1/networks/:id/meetings': () =>
      jsonResponse({
        items: [
          {
            id: MEETING_ID,
            networkId: NETWORK_ID,
            kind: 'regular',
            startsAt: '2026-03-24T18:00:00Z',
            endsAt: '2026-03-24T20:00:00Z',
            durationMinutes: 120,
            place: 'Wijkcentrum',
            chairAllyId: null,
            mealPlanned: false,
            mealNotes: '',
            invitedAllyIds: [],
            status: 'planned',
            seriesId: null,
            agendaItems: 0,
            cancelReason: '',
            noNextReason: '',
            closedAt: null,
            createdAt: '2026-03-01T10:00:00Z',
            updatedAt: '2026-03-01T10:00:00Z',
          },
        ],
        next: null,
      }),
    ...routes,
  });
}

describe('Crisismodus', () => {
  it('shows the crisis banner on network pages while a crisis is active', async () => {
    api(coordinator, true);
    renderApp(`/netwerken/${NETWORK_ID}`);
    expect(await screen.findByText('Actieve crisis: Onrust rond het azc.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Naar de crisispagina' }).getAttribute('href')).toBe(`/netwerken/${NETWORK_ID}/crisis`);
  });

  it('lets a coordinator activate a crisis', async () => {
    const { callsTo } = api(coordinator, false, {
      'POST /api/v1/networks/:id/crises': ({ body }) => jsonResponse({ ...detail, ...(body as object) }, 201),
    });
    renderApp(`/netwerken/${NETWORK_ID}/crisis`);
    expect(await screen.findByText('Dit netwerk heeft geen actieve crisis.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Titel/), { target: { value: 'Onrust rond het azc' } });
    fireEvent.change(screen.getByLabelText(/^Aanleiding/), { target: { value: 'Oproep op sociale media' } });
    fireEvent.click(await screen.findByLabelText('Asielopvang'));
    fireEvent.click(screen.getByRole('button', { name: 'Crisis activeren' }));
    await waitFor(() => expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/crises`)).toHaveLength(1));
    const body = callsTo(`POST /api/v1/networks/${NETWORK_ID}/crises`)[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({ title: 'Onrust rond het azc', trigger: 'Oproep op sociale media', phase: 'rising', themes: ['asylum-reception'] });
    expect(typeof body.startedAt).toBe('string');
  });

  it('shows the coordinator the contact list with tel: links, the poll per community and closes with aftercare', async () => {
    const { callsTo } = api(coordinator, true, {
      'POST /api/v1/networks/:id/crises/:cid/close': () => jsonResponse({ ...detail, active: false, endedAt: '2026-03-10T12:00:00Z' }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/crisis`);
    const phone = await screen.findByRole('link', { name: '06 1234 5678' });
    expect(phone.getAttribute('href')).toBe('tel:0612345678');
    expect(screen.getByRole('link', { name: 'Download als vCard (contacten)' }).getAttribute('href')).toBe(
      `/api/v1/networks/${NETWORK_ID}/crisis-contacts.vcf`,
    );
    const aggregate = screen.getByRole('table', { name: 'Peiling 1 per gemeenschap' });
    expect(within(aggregate).getByText('minder dan 3')).toBeTruthy();
    expect(screen.getByText(/Zorgen over veiligheid/)).toBeTruthy();
    expect(await screen.findByText(/Antwoord op peiling/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Crisis afsluiten…' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByLabelText(/Vervolgbijeenkomst/);
    fireEvent.change(within(dialog).getByLabelText(/Wat ging goed/), { target: { value: 'Snel contact' } });
    fireEvent.change(within(dialog).getByLabelText(/Wat leren we/), { target: { value: 'Eerder peilen' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Afsluiten' }));
    await waitFor(() => expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/crises/${CRISIS_ID}/close`)).toHaveLength(1));
    expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/crises/${CRISIS_ID}/close`)[0]!.body).toMatchObject({
      aftercareMeetingId: MEETING_ID,
      wentWell: 'Snel contact',
      toLearn: 'Eerder peilen',
      lesson: true,
    });
  });

  it('shows a crisis liaison the aggregate only, and no forms to change the crisis', async () => {
    api(liaison, true, {
      'GET /api/v1/networks/:id/crises/:cid': () =>
        jsonResponse({ ...detail, answersVisible: false, polls: detail.polls.map(({ answers: _answers, ...p }) => p) }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/crisis`);
    expect(await screen.findByRole('table', { name: 'Peiling 1 per gemeenschap' })).toBeTruthy();
    expect(screen.queryByText(/Zorgen over veiligheid/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Crisis afsluiten…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Fase wijzigen' })).toBeNull();
    expect(await screen.findByRole('link', { name: '06 1234 5678' })).toBeTruthy();
  });
});
