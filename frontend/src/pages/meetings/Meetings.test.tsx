import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ally, DirectoryEntry, Me, Network, NetworkPartner } from '../../api/client';
import { asSeenBy, bureauAdvisor, coordinator as baseCoordinator } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';
import type { Action, Balance, ChairRotation, Meeting, MeetingDetail, NetworkOverview } from './meetings';

// "Now" is Tuesday 10 March 2026, 13:00 in Amsterdam; only Date is faked, timers run as usual.
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
  permissions: { ...baseCoordinator.permissions, minutes: ['read', 'write'] },
};
const staff: Me = {
  ...baseCoordinator,
  roles: ['staff'],
  permissions: { org: ['read'], contacts: ['read'], minutes: ['read'], self: ['read', 'write'] },
};

const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };

function partner(tenant: DirectoryEntry): NetworkPartner {
  return { tenant, joinedAt: '2026-01-10T09:00:00Z', leaveRequestedAt: null, leftAt: null, active: true, coordinators: [], staff: [] };
}

const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const MEETING_ID = '00000000-0000-7000-8000-00000000b001';
const NEXT_ID = '00000000-0000-7000-8000-00000000b002';
const FATIMA = '00000000-0000-7000-8000-00000000a001';
const HENK = '00000000-0000-7000-8000-00000000a002';

const network: Network = {
  id: NETWORK_ID,
  name: 'Bondgenoten Utrecht-Centrum',
  level: 'district',
  area: 'Binnenstad',
  goals: 'Elkaar kennen vóór het spant.',
  expectations: 'Iedereen komt als gelijke.',
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
};

function ally(id: string, name: string, status: Ally['status'] = 'active'): Ally {
  return {
    id,
    networkId: NETWORK_ID,
    name,
    status,
    hasSpecialCategoryData: false,
    createdAt: '2026-02-01T09:00:00Z',
    updatedAt: '2026-02-01T09:00:00Z',
  };
}
const allies = [ally(FATIMA, 'Fatima El Amrani'), ally(HENK, 'Henk de Vries'), ally('00000000-0000-7000-8000-00000000a003', 'Ruben Mensah', 'candidate')];

const rotation: ChairRotation = {
  items: [
    { allyId: HENK, name: 'Henk de Vries', timesChaired: 1, lastChairedAt: '2025-11-04T18:00:00Z' },
    { allyId: FATIMA, name: 'Fatima El Amrani', timesChaired: 2, lastChairedAt: '2026-01-13T18:00:00Z' },
  ],
};

/** Tuesday 3 March 2026, 19:00–21:00 in Amsterdam: a week ago, not yet closed. */
const meeting: Meeting = {
  id: MEETING_ID,
  networkId: NETWORK_ID,
  kind: 'regular',
  startsAt: '2026-03-03T18:00:00Z',
  endsAt: '2026-03-03T20:00:00Z',
  durationMinutes: 120,
  place: 'Buurthuis De Leeuw',
  chairAllyId: FATIMA,
  mealPlanned: true,
  mealNotes: 'Halal en vegetarisch',
  invitedAllyIds: [],
  status: 'planned',
  seriesId: null,
  agendaItems: 1,
  cancelReason: '',
  noNextReason: '',
  closedAt: null,
  createdAt: '2026-02-01T09:00:00Z',
  updatedAt: '2026-02-01T09:00:00Z',
};

/** Tuesday 14 April 2026, 19:00–21:00 (summer time). */
const next: Meeting = { ...meeting, id: NEXT_ID, startsAt: '2026-04-14T17:00:00Z', endsAt: '2026-04-14T19:00:00Z', agendaItems: 0 };

const action: Action = {
  id: '00000000-0000-7000-8000-00000000c001',
  networkId: NETWORK_ID,
  meetingId: MEETING_ID,
  meetingStartsAt: meeting.startsAt,
  title: 'Buurtvaders uitnodigen',
  ownerParty: 'police',
  ownerName: 'Wijkagent Noord',
  dueOn: '2026-03-06',
  status: 'open',
  feedback: '',
  overdue: true,
  createdAt: '2026-03-03T20:00:00Z',
  updatedAt: '2026-03-03T20:00:00Z',
};

const detail: MeetingDetail = {
  ...meeting,
  chair: { id: FATIMA, name: 'Fatima El Amrani' },
  agenda: [{ title: 'Onrust na de wedstrijd', party: 'allies', notes: 'Signalen uit Lombok' }],
  attendance: [],
  minutes: '',
  decisions: [],
  actions: [action],
  nextMeeting: next,
};

const overview: NetworkOverview = {
  signals: null,
  activeAllies: 7,
  maxActiveAllies: 15,
  cadence: {
    targetPerYear: 5,
    minimumPerYear: 4,
    heldLast12Months: 3,
    lastHeld: { ...meeting, status: 'held', startsAt: '2026-02-10T18:00:00Z', endsAt: '2026-02-10T20:00:00Z' },
    nextMeeting: null,
    planNextBy: '2026-02-24',
    overdue: true,
    onTarget: false,
  },
};

const counts = (open: number, done: number, overdue = 0) => ({ open, inProgress: 0, done, dropped: 0, overdue });
const balance: Balance = {
  since: '2025-03-10',
  agenda: { municipality: 4, police: 2, allies: 1 },
  actions: { municipality: counts(1, 3), police: counts(2, 0, 1), allies: counts(0, 1) },
};

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: [utrecht, centrum], next: null }),
    'GET /api/v1/networks/:id': () => jsonResponse(asSeenBy(network, me)),
    'GET /api/v1/networks/:id/allies': () => jsonResponse({ items: allies, next: null }),
    'GET /api/v1/networks/:id/chair-rotation': () => jsonResponse(rotation),
    'GET /api/v1/networks/:id/overview': () => jsonResponse(overview),
    'GET /api/v1/networks/:id/balance': () => jsonResponse(balance),
    'GET /api/v1/networks/:id/coverage': () => jsonResponse({ communities: [], neighbourhoods: [{ name: 'Lombok', allies: 0, fewerThanThree: false }], whiteSpots: 1 }),
    'GET /api/v1/networks/:id/meetings': ({ url }) =>
      jsonResponse({
        items:
          url.searchParams.get('status') === 'planned'
            ? [meeting, next]
            : [
                next,
                meeting,
                { ...meeting, id: 'held-1', status: 'held', startsAt: '2026-02-10T18:00:00Z', endsAt: '2026-02-10T20:00:00Z' },
                { ...meeting, id: 'cancelled-1', status: 'cancelled', cancelReason: 'Storm', startsAt: '2026-01-13T18:00:00Z', endsAt: '2026-01-13T20:00:00Z' },
              ],
        next: null,
      }),
    'GET /api/v1/networks/:id/meetings/:mid': () => jsonResponse(detail),
    'GET /api/v1/networks/:id/actions': () => jsonResponse({ items: [action, { ...action, id: 'done-1', title: 'Flyer maken', overdue: false, status: 'done', feedback: 'Advies overgenomen.' }], next: null }),
    ...routes,
  });
}

/** The error message a control refers to (aria-describedby), if any. */
function errorOf(control: HTMLElement): string | undefined {
  const refs = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    refs
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('utrecht-form-field-error-message'))?.textContent ?? undefined
  );
}

describe('Overzicht on the network page', () => {
  it('says white spots need the lists when the coordinators gave none, instead of claiming there are none', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/coverage': () => jsonResponse({ communities: [], neighbourhoods: [], whiteSpots: 0 }),
    });
    renderApp(`/netwerken/${NETWORK_ID}`);
    const section = await screen.findByRole('region', { name: 'Overzicht' });
    expect(
      await within(section).findByText(/^De coördinatoren hebben nog geen gemeenschappen en wijken opgegeven/),
    ).toBeTruthy();
    expect(within(section).queryByText(/^Geen witte vlekken/)).toBeNull();
  });

  it('warns when fewer meetings than the minimum were held and the next one is overdue', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}`);
    const section = await screen.findByRole('region', { name: 'Overzicht' });
    expect(await within(section).findByText('3 van 5 bijeenkomsten gehouden in de afgelopen 12 maanden.')).toBeTruthy();
    expect(
      within(section).getByText(
        'Let op: minder dan 4 bijeenkomsten in de afgelopen 12 maanden. De handreiking vraagt om minstens 4 per jaar.',
      ),
    ).toBeTruthy();
    expect(
      within(section).getByText(
        'Let op: volgende bijeenkomst niet gepland — uiterlijk 24 februari 2026 plannen. Die datum is voorbij.',
      ),
    ).toBeTruthy();
    expect(within(section).getByRole('link', { name: 'Bijeenkomst plannen' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`,
    );
    expect(within(section).getByText('7 van max 15 bondgenoten actief.')).toBeTruthy();
    expect(await within(section).findByText(/^1 witte vlek: een gemeenschap of wijk zonder actieve bondgenoot\./)).toBeTruthy();
    expect(within(section).getByRole('link', { name: 'Samenstelling en witte vlekken' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/samenstelling`,
    );
    // Reciprocity, per party.
    const table = await within(section).findByRole('table', {
      name: 'Per partij: agendapunten ingebracht sinds 10 maart 2025, en alle acties',
    });
    expect(within(table).getByRole('rowheader', { name: 'Politie' }).closest('tr')!.textContent).toBe('Politie220001');
    expect(within(section).getByRole('link', { name: 'Bijeenkomsten' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten`,
    );
    expect(within(section).getByRole('link', { name: 'Acties' }).getAttribute('href')).toBe(`/netwerken/${NETWORK_ID}/acties`);
    // The warnings are part of the page, not alerts that interrupt.
    expect(within(section).queryByRole('alert')).toBeNull();
  });

  it('shows the next meeting and no reciprocity to those who do not read minutes', async () => {
    const calls = api(bureauAdvisor, {
      'GET /api/v1/networks/:id/overview': () =>
        jsonResponse({
          ...overview,
          cadence: { ...overview.cadence, heldLast12Months: 5, onTarget: true, overdue: false, planNextBy: null, nextMeeting: next },
        }),
    });
    renderApp(`/netwerken/${NETWORK_ID}`);
    const section = await screen.findByRole('region', { name: 'Overzicht' });
    expect(await within(section).findByText('5 van 5 bijeenkomsten gehouden in de afgelopen 12 maanden.')).toBeTruthy();
    expect(within(section).getByText('Dat is genoeg: de handreiking vraagt om minstens 4 bijeenkomsten per jaar.')).toBeTruthy();
    const nextLine = within(section).getByText(/^Volgende bijeenkomst:/);
    expect(nextLine.textContent).toBe('Volgende bijeenkomst: dinsdag 14 april 2026, 19:00–21:00 uur, Buurthuis De Leeuw');
    expect(within(nextLine).queryByRole('link')).toBeNull();
    expect(within(section).queryByText(/^Let op/)).toBeNull();
    expect(within(section).queryByRole('link', { name: 'Acties' })).toBeNull();
    expect(within(section).queryByRole('link', { name: 'Bijeenkomst plannen' })).toBeNull();
    expect(calls.calls.some((c) => c.path.endsWith('/balance'))).toBe(false);
  });
});

describe('Bijeenkomsten', () => {
  it('lists planned and past meetings with their status in words, and the planning buttons for coordinators', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten`);
    const upcoming = await screen.findByRole('table', { name: 'Geplande bijeenkomsten' });
    const first = within(upcoming).getByRole('link', { name: 'dinsdag 3 maart 2026, 19:00–21:00 uur' });
    expect(first.getAttribute('href')).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(first.closest('tr')!.textContent).toContain('Nog afsluiten');
    expect(within(upcoming).getByRole('rowheader', { name: 'dinsdag 14 april 2026, 19:00–21:00 uur' }).closest('tr')!.textContent).toContain(
      'Gepland',
    );
    expect(
      within(upcoming).getByRole('link', { name: 'Agendabestand (.ics) dinsdag 3 maart 2026, 19:00–21:00 uur' }).getAttribute('href'),
    ).toBe(`/api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/calendar.ics`);
    const past = await screen.findByRole('table', { name: 'Gehouden en afgezegde bijeenkomsten' });
    expect(within(past).getAllByRole('row')).toHaveLength(3);
    expect(within(past).getByText('Gehouden')).toBeTruthy();
    expect(within(past).getByText('Afgezegd')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Bijeenkomst plannen' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`,
    );
    expect(screen.getByRole('link', { name: 'Reeks plannen' }).getAttribute('href')).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten/reeks`);
    expect(screen.getByRole('link', { name: 'Spoedbijeenkomst' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw?soort=spoed`,
    );
  });

  it('shows dates only, without links or buttons, to those who do not read minutes', async () => {
    api(bureauAdvisor);
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten`);
    const upcoming = await screen.findByRole('table', { name: 'Geplande bijeenkomsten' });
    expect(within(upcoming).getByRole('rowheader', { name: 'dinsdag 3 maart 2026, 19:00–21:00 uur' })).toBeTruthy();
    expect(within(upcoming).queryByRole('link', { name: 'dinsdag 3 maart 2026, 19:00–21:00 uur' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Bijeenkomst plannen' })).toBeNull();
    expect(screen.getByText(/Agenda’s, verslagen en acties zijn alleen zichtbaar/)).toBeTruthy();
  });

  it('preselects the proposed chair and plans the meeting in Amsterdam summer time', async () => {
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/meetings': ({ body }) => jsonResponse({ ...meeting, ...(body as object), id: NEXT_ID }, 201),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bijeenkomst plannen' })).toBeTruthy();
    const chair = (await screen.findByLabelText('Voorzitter')) as HTMLSelectElement;
    await waitFor(() => expect(chair.value).toBe(HENK));
    expect(Array.from(chair.options).map((o) => o.textContent)).toEqual([
      'Nog geen voorzitter',
      'Henk de Vries',
      'Fatima El Amrani',
    ]);
    expect(screen.getByText(/^Voorstel: Henk de Vries zat het langst geleden voor\./)).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Uitgenodigde bondgenoten' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Datum'), { target: { value: '2026-07-01' } });
    fireEvent.change(screen.getByLabelText('Begintijd'), { target: { value: '19:30' } });
    fireEvent.change(screen.getByLabelText('Plaats'), { target: { value: ' Buurthuis De Leeuw ' } });
    fireEvent.click(screen.getByLabelText('Er is een maaltijd'));
    const notes = screen.getByLabelText('Dieetwensen');
    expect(document.getElementById(notes.getAttribute('aria-describedby')!)!.textContent).toMatch(/Noteer geen wensen per persoon/);
    fireEvent.change(notes, { target: { value: 'Halal' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bijeenkomst plannen' }));

    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten/${NEXT_ID}`),
    );
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)[0]!.body).toEqual({
      kind: 'regular',
      startsAt: '2026-07-01T19:30:00+02:00',
      durationMinutes: 120,
      place: 'Buurthuis De Leeuw',
      chairAllyId: HENK,
      mealPlanned: true,
      mealNotes: 'Halal',
      invitedAllyIds: [],
    });
  });

  it('says "heeft nog niet voorgezeten" for a proposal who never chaired, and sends winter time', async () => {
    const calls = api(coordinator, {
      'GET /api/v1/networks/:id/chair-rotation': () =>
        jsonResponse({ items: [{ allyId: FATIMA, name: 'Fatima El Amrani', timesChaired: 0, lastChairedAt: null }] }),
      'POST /api/v1/networks/:id/meetings': ({ body }) => jsonResponse({ ...meeting, ...(body as object) }, 201),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`);
    expect(await screen.findByText(/^Voorstel: Fatima El Amrani heeft nog niet voorgezeten\./)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Datum'), { target: { value: '2026-11-17' } });
    fireEvent.click(screen.getByRole('button', { name: 'Bijeenkomst plannen' }));
    await waitFor(() => expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)).toHaveLength(1));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)[0]!.body).toMatchObject({
      startsAt: '2026-11-17T19:00:00+01:00',
      chairAllyId: FATIMA,
    });
  });

  it('asks for the date before sending', async () => {
    const calls = api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`);
    await screen.findByLabelText('Voorzitter');
    fireEvent.click(screen.getByRole('button', { name: 'Bijeenkomst plannen' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Datum: Vul de datum in.' })).toBeTruthy();
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)).toHaveLength(0);
  });

  it('an emergency meeting shows the server’s error when nobody is invited, then invites the chosen allies', async () => {
    const message = 'Nodig minstens één bondgenoot uit.';
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/meetings': ({ body }) =>
        (body as { invitedAllyIds: string[] }).invitedAllyIds.length === 0
          ? problemResponse(400, 'Ongeldige invoer', { errors: { invitedAllyIds: message } })
          : jsonResponse({ ...meeting, ...(body as object), id: NEXT_ID }, 201),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw?soort=spoed`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Spoedbijeenkomst plannen' })).toBeTruthy();
    const group = await screen.findByRole('group', { name: 'Uitgenodigde bondgenoten' });
    expect(within(group).getAllByRole('checkbox').map((c) => c.closest('label')!.textContent)).toEqual([
      'Henk de Vries',
      'Fatima El Amrani',
    ]);
    fireEvent.change(screen.getByLabelText('Datum'), { target: { value: '2026-03-11' } });
    fireEvent.change(screen.getByLabelText('Begintijd'), { target: { value: '20:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spoedbijeenkomst plannen' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Ongeldige invoer')).toBeTruthy();
    expect(within(alert).getByRole('link', { name: `Uitgenodigde bondgenoten: ${message}` })).toBeTruthy();
    expect(group.getAttribute('aria-describedby')).toContain('meeting-invited-error');
    expect(document.getElementById('meeting-invited-error')!.textContent).toBe(message);
    expect(errorOf(within(group).getByLabelText('Henk de Vries'))).toBe(message);
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)[0]!.body).toMatchObject({
      kind: 'emergency',
      startsAt: '2026-03-11T20:00:00+01:00',
      invitedAllyIds: [],
    });

    fireEvent.click(within(group).getByLabelText('Fatima El Amrani'));
    fireEvent.click(screen.getByRole('button', { name: 'Spoedbijeenkomst plannen' }));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten/${NEXT_ID}`),
    );
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings`)[1]!.body).toMatchObject({
      kind: 'emergency',
      invitedAllyIds: [FATIMA],
    });
  });

  it('plans a series', async () => {
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/meetings/series': () => jsonResponse({ items: [meeting, next], next: null }, 201),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/reeks`);
    fireEvent.change(await screen.findByLabelText('Datum van de eerste bijeenkomst'), { target: { value: '2026-03-24' } });
    expect((screen.getByLabelText('Aantal bijeenkomsten') as HTMLInputElement).value).toBe('5');
    expect((screen.getByLabelText('Om de hoeveel weken') as HTMLInputElement).value).toBe('10');
    fireEvent.change(screen.getByLabelText('Aantal bijeenkomsten'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Om de hoeveel weken'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reeks plannen' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten`));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/series`)[0]!.body).toEqual({
      firstStartsAt: '2026-03-24T19:00:00+01:00',
      count: 3,
      intervalWeeks: 2,
      durationMinutes: 120,
      place: '',
      mealPlanned: false,
      mealNotes: '',
    });
  });
});

describe('Bijeenkomst', () => {
  it('shows goals and expectations, the details and the agenda; staff see it all without buttons', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bijeenkomst van dinsdag 3 maart 2026' })).toBeTruthy();
    const goals = screen.getByRole('region', { name: 'Doelen en verwachtingen van Bondgenoten Utrecht-Centrum' });
    expect(within(goals).getByText('Elkaar kennen vóór het spant.')).toBeTruthy();
    expect(within(goals).getByText('Iedereen komt als gelijke.')).toBeTruthy();
    expect(screen.getByText('Fatima El Amrani')).toBeTruthy();
    expect(screen.getByText('Ja. Dieetwensen: Halal en vegetarisch')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Toevoegen aan mijn agenda (.ics-bestand)' }).getAttribute('href')).toBe(
      `/api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/calendar.ics`,
    );
    expect(screen.getByText(/^Volgende bijeenkomst:/).textContent).toBe(
      'Volgende bijeenkomst: dinsdag 14 april 2026, 19:00–21:00 uur, Buurthuis De Leeuw',
    );
    expect(screen.getByText('Onrust na de wedstrijd')).toBeTruthy();
    expect(screen.getByText('ingebracht door: Bondgenoten')).toBeTruthy();
    const actions = screen.getByRole('table', { name: 'Acties uit deze bijeenkomst' });
    const row = within(actions).getByRole('rowheader', { name: 'Buurtvaders uitnodigen' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((td) => td.textContent)).toEqual([
      'PolitieWijkagent Noord',
      '6 maart 2026',
      'Open Verlopen',
      '–',
    ]);
    expect(within(screen.getByRole('main')).queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('link', { name: 'Bijeenkomst wijzigen' })).toBeNull();
  });

  it('says "Geen toegang" to those who do not read minutes, without asking for the meeting', async () => {
    const calls = api(bureauAdvisor);
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Terug naar de bijeenkomsten' })).toBeTruthy();
    expect(calls.callsTo(`GET /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}`)).toHaveLength(0);
  });

  it('says "Geen toegang" when the API answers 403', async () => {
    api(coordinator, { 'GET /api/v1/networks/:id/meetings/:mid': () => problemResponse(403, 'Geen toegang') });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
  });

  it('closing is refused without a next meeting: shows the message and the reason field; with a reason it closes', async () => {
    const refusal = 'Plan eerst de volgende bijeenkomst, of geef een reden op.';
    let closed = false;
    const calls = api(coordinator, {
      'GET /api/v1/networks/:id/meetings/:mid': () =>
        jsonResponse(closed ? { ...detail, status: 'held', noNextReason: 'Het netwerk stopt.' } : detail),
      'POST /api/v1/networks/:id/meetings/:mid/close': ({ body }) => {
        if (!(body as { noNextReason?: string }).noNextReason) {
          return problemResponse(409, 'Eerst de volgende bijeenkomst plannen', { errors: { noNextReason: refusal } });
        }
        closed = true;
        return jsonResponse({ ...detail, status: 'held' });
      },
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Bijeenkomst afsluiten' }));
    const dialog = await screen.findByRole('dialog', { name: 'Bijeenkomst afsluiten?' });
    // The page thought a next meeting was planned: no reason field yet.
    expect(within(dialog).getByText('De volgende bijeenkomst is gepland: dinsdag 14 april 2026, 19:00–21:00 uur.')).toBeTruthy();
    expect(within(dialog).queryByLabelText('Waarom komt er geen volgende bijeenkomst?')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Afsluiten' }));

    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByText('Eerst de volgende bijeenkomst plannen')).toBeTruthy();
    expect(within(alert).getByRole('link', { name: `Waarom komt er geen volgende bijeenkomst?: ${refusal}` })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(alert.closest('.utrecht-alert')));
    const reason = within(dialog).getByLabelText('Waarom komt er geen volgende bijeenkomst?');
    expect(errorOf(reason)).toBe(refusal);
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/close`)[0]!.body).toEqual({});

    fireEvent.change(reason, { target: { value: ' Het netwerk stopt. ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Afsluiten' }));
    const status = await screen.findByText('De bijeenkomst is afgesloten.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/close`)[1]!.body).toEqual({
      noNextReason: 'Het netwerk stopt.',
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await screen.findByText('Het netwerk stopt.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Bijeenkomst afsluiten' })).toBeNull();
  });

  it('offers to plan the next meeting in the close dialog when none is planned', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/meetings/:mid': () => jsonResponse({ ...detail, nextMeeting: null }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(await screen.findByText('Er is nog geen volgende bijeenkomst gepland.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Bijeenkomst afsluiten' }));
    const dialog = await screen.findByRole('dialog', { name: 'Bijeenkomst afsluiten?' });
    expect(within(dialog).getByRole('link', { name: 'Volgende bijeenkomst plannen' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten/nieuw`,
    );
    expect(within(dialog).getByLabelText('Waarom komt er geen volgende bijeenkomst?')).toBeTruthy();
  });

  it('does not offer closing before the meeting has started', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/meetings/:mid': () => jsonResponse({ ...detail, ...next, id: MEETING_ID, nextMeeting: null }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    expect(await screen.findByText('U kunt de bijeenkomst afsluiten zodra die is begonnen.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Bijeenkomst afsluiten' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Bijeenkomst afzeggen' })).toBeTruthy();
  });

  it('changes a planned meeting with PUT, prefilled in Amsterdam time', async () => {
    const calls = api(coordinator, {
      'GET /api/v1/networks/:id/meetings/:mid': () =>
        jsonResponse({ ...detail, ...next, id: MEETING_ID, chairAllyId: HENK, chair: { id: HENK, name: 'Henk de Vries' }, nextMeeting: null }),
      'PUT /api/v1/networks/:id/meetings/:mid': ({ body }) => jsonResponse({ ...meeting, ...(body as object) }),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}/bewerken`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bijeenkomst wijzigen' })).toBeTruthy();
    expect((screen.getByLabelText('Datum') as HTMLInputElement).value).toBe('2026-04-14');
    expect((screen.getByLabelText('Begintijd') as HTMLInputElement).value).toBe('19:00');
    const chair = (await screen.findByLabelText('Voorzitter')) as HTMLSelectElement;
    expect(chair.value).toBe(HENK);
    expect(screen.queryByText(/^Voorstel:/)).toBeNull();
    fireEvent.change(chair, { target: { value: FATIMA } });
    fireEvent.change(screen.getByLabelText('Begintijd'), { target: { value: '18:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`));
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}`)[0]!.body).toEqual({
      kind: 'regular',
      startsAt: '2026-04-14T18:30:00+02:00',
      durationMinutes: 120,
      place: 'Buurthuis De Leeuw',
      chairAllyId: FATIMA,
      mealPlanned: true,
      mealNotes: 'Halal en vegetarisch',
      invitedAllyIds: [],
    });
  });

  it('cancels with a reason', async () => {
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/meetings/:mid/cancel': () => jsonResponse({ ...meeting, status: 'cancelled' }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Bijeenkomst afzeggen' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Bijeenkomst afzeggen?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Afzeggen' }));
    expect(await within(dialog).findByRole('link', { name: 'Reden van afzeggen: Vul de reden van afzeggen in.' })).toBeTruthy();
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/cancel`)).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('Reden van afzeggen'), { target: { value: 'Storm' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Afzeggen' }));
    expect(await screen.findByText('De bijeenkomst is afgezegd.')).toBeTruthy();
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/cancel`)[0]!.body).toEqual({
      reason: 'Storm',
    });
  });

  it('edits the agenda: every item names the party that brought it', async () => {
    const calls = api(coordinator, {
      'PUT /api/v1/networks/:id/meetings/:mid/agenda': ({ body }) => jsonResponse({ ...detail, agenda: (body as { items: unknown[] }).items }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Agenda bewerken' }));
    const form = await screen.findByRole('form', { name: 'Agenda bewerken' });
    fireEvent.click(within(form).getByRole('button', { name: 'Agendapunt toevoegen' }));
    const second = within(form).getByRole('group', { name: 'Agendapunt 2' });
    const title = within(second).getByLabelText('Onderwerp');
    await waitFor(() => expect(document.activeElement).toBe(title));
    fireEvent.change(title, { target: { value: 'Evaluatie van de wijkschouw' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Agenda opslaan' }));
    const alert = await within(form).findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Agendapunt 2, Ingebracht door: Kies wie dit punt inbrengt.' })).toBeTruthy();
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/agenda`)).toHaveLength(0);

    fireEvent.click(within(second).getByLabelText('Gemeente'));
    fireEvent.click(within(second).getByRole('button', { name: 'Omhoog Agendapunt 2' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Agenda opslaan' }));
    expect(await screen.findByText('De agenda is opgeslagen.')).toBeTruthy();
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/agenda`)[0]!.body).toEqual({
      items: [
        { title: 'Evaluatie van de wijkschouw', party: 'municipality', notes: '' },
        { title: 'Onrust na de wedstrijd', party: 'allies', notes: 'Signalen uit Lombok' },
      ],
    });
  });

  it('records the report with attendance prefilled from the active allies', async () => {
    const calls = api(coordinator, {
      'PUT /api/v1/networks/:id/meetings/:mid/report': ({ body }) => jsonResponse({ ...detail, ...(body as object) }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Verslag bewerken' }));
    const form = await screen.findByRole('form', { name: 'Verslag bewerken' });
    // Active allies only (not the candidate).
    expect(within(form).getByRole('group', { name: 'Fatima El Amrani' })).toBeTruthy();
    expect(within(form).getByRole('group', { name: 'Henk de Vries' })).toBeTruthy();
    expect(within(form).queryByRole('group', { name: 'Ruben Mensah' })).toBeNull();
    fireEvent.click(within(within(form).getByRole('group', { name: 'Henk de Vries' })).getByLabelText('Afgemeld'));
    fireEvent.click(within(form).getByRole('button', { name: 'Medewerker gemeente of politie toevoegen' }));
    const staffRow = within(form).getByRole('group', { name: 'Medewerker 1' });
    fireEvent.change(within(staffRow).getByLabelText('Naam'), { target: { value: 'Wijkagent Noord' } });
    fireEvent.change(within(staffRow).getByLabelText('Partij'), { target: { value: 'police' } });
    fireEvent.change(within(form).getByLabelText('Verslag'), { target: { value: 'Goed gesprek.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Besluit toevoegen' }));
    fireEvent.change(within(form).getByLabelText('Besluit 1'), { target: { value: 'Wijkschouw in april.' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Besluit toevoegen' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Verslag opslaan' }));
    expect(await screen.findByText('Het verslag is opgeslagen.')).toBeTruthy();
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/report`)[0]!.body).toEqual({
      attendance: [
        { allyId: FATIMA, name: 'Fatima El Amrani', party: 'allies', status: 'present' },
        { allyId: HENK, name: 'Henk de Vries', party: 'allies', status: 'excused' },
        { allyId: null, name: 'Wijkagent Noord', party: 'police', status: 'present' },
      ],
      minutes: 'Goed gesprek.',
      decisions: ['Wijkschouw in april.'],
    });
  });

  it('adds an action with feedback', async () => {
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/meetings/:mid/actions': ({ body }) => jsonResponse({ ...action, ...(body as object) }, 201),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Actie toevoegen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Actie toevoegen' });
    fireEvent.change(within(dialog).getByLabelText('Actie'), { target: { value: 'Sporthal openstellen' } });
    fireEvent.click(within(dialog).getByLabelText('Gemeente'));
    fireEvent.change(within(dialog).getByLabelText('Uiterlijk klaar op'), { target: { value: '2026-04-01' } });
    const feedback = within(dialog).getByLabelText('Terugkoppeling');
    expect(document.getElementById(feedback.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Terugkoppeling: wat is er met het advies van de bondgenoten gedaan?',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Actie toevoegen' }));
    const status = await screen.findByText('De actie „Sporthal openstellen” is opgeslagen.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/meetings/${MEETING_ID}/actions`)[0]!.body).toEqual({
      title: 'Sporthal openstellen',
      ownerParty: 'municipality',
      ownerName: '',
      dueOn: '2026-04-01',
      status: 'open',
      feedback: '',
    });
  });
});

describe('Acties', () => {
  it('lists actions with "Verlopen" in words, filters through the address, and lets coordinators record feedback', async () => {
    const calls = api(coordinator, {
      'PUT /api/v1/networks/:id/actions/:aid': ({ body }) => jsonResponse({ ...action, ...(body as object), overdue: false }),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/acties`);
    const table = await screen.findByRole('table', { name: 'Acties van Bondgenoten Utrecht-Centrum' });
    const row = within(table).getByRole('rowheader', { name: 'Buurtvaders uitnodigen' }).closest('tr')!;
    expect(within(row).getByText('Verlopen')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'dinsdag 3 maart 2026' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bijeenkomsten/${MEETING_ID}`,
    );
    expect(screen.getByText('2 acties. 1 daarvan is verlopen.')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'open' } });
    fireEvent.change(screen.getByLabelText('Uitgevoerd door'), { target: { value: 'police' } });
    fireEvent.click(screen.getByLabelText('Alleen verlopen acties'));
    fireEvent.click(screen.getByRole('button', { name: 'Filter toepassen' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ status: 'open', partij: 'police', verlopen: true }));
    await waitFor(() => {
      const last = calls.callsTo(`GET /api/v1/networks/${NETWORK_ID}/actions`).at(-1)!;
      expect(Object.fromEntries(last.url.searchParams)).toEqual({ status: 'open', party: 'police', overdue: 'true', limit: '100' });
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Wijzigen Buurtvaders uitnodigen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Actie wijzigen' });
    fireEvent.change(within(dialog).getByLabelText('Status'), { target: { value: 'done' } });
    fireEvent.change(within(dialog).getByLabelText('Terugkoppeling'), { target: { value: 'Advies overgenomen: avond georganiseerd.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    const status = await screen.findByText('De actie „Buurtvaders uitnodigen” is opgeslagen.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/actions/${action.id}`)[0]!.body).toEqual({
      title: 'Buurtvaders uitnodigen',
      ownerParty: 'police',
      ownerName: 'Wijkagent Noord',
      dueOn: '2026-03-06',
      status: 'done',
      feedback: 'Advies overgenomen: avond georganiseerd.',
    });
  });

  it('shows no change buttons to staff', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/acties`);
    const table = await screen.findByRole('table', { name: 'Acties van Bondgenoten Utrecht-Centrum' });
    expect(within(table).queryAllByRole('button')).toHaveLength(0);
  });
});
