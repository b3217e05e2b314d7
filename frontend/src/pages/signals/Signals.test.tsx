import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry, Me, Network, NetworkPartner } from '../../api/client';
import { asSeenBy, coordinator as baseCoordinator } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';
import type { MoodPicture, Signal, SignalTheme, TensionPicture, TensionWeek } from './signals';

// "Now" is Tuesday 10 March 2026, 13:00 in Amsterdam; only Date is faked.
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
  permissions: {
    ...baseCoordinator.permissions,
    minutes: ['read', 'write'],
    signals: ['read', 'write'],
    tension: ['read'],
  },
};
const staff: Me = {
  ...baseCoordinator,
  roles: ['staff'],
  permissions: { org: ['read'], contacts: ['read'], minutes: ['read'], signals: ['read', 'write-own'], tension: ['read'], self: ['read', 'write'] },
};
const liaison: Me = {
  ...baseCoordinator,
  roles: ['crisis-liaison'],
  permissions: { org: ['read'], contacts: ['read-crisis'], signals: ['read-shared'], tension: ['read'], self: ['read', 'write'] },
};
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };
const policeCoordinator: Me = {
  ...coordinator,
  user: { id: '00000000-0000-7000-8000-000000000009', name: 'Coördinator (demo) — politie', email: 'coordinator@basisteam-utrecht-centrum.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000b9', slug: centrum.slug, name: centrum.name, kind: 'police_unit' },
};
const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };

function partner(tenant: DirectoryEntry): NetworkPartner {
  return { tenant, joinedAt: '2026-01-10T09:00:00Z', leaveRequestedAt: null, leftAt: null, active: true, coordinators: [], staff: [] };
}

const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const SIGNAL_ID = '00000000-0000-7000-8000-00000000d001';
const URGENT_ID = '00000000-0000-7000-8000-00000000d002';
const MOOD_ID = '00000000-0000-7000-8000-00000000f001';

// activeCrisis: from the crisis section of the API document (the cast keeps this file independent of it).
const network = {
  activeCrisis: null,
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
} as Network;

const themes: SignalTheme[] = [
  { key: 'asylum-reception', label: 'Asielopvang', national: true, archived: false },
  { key: 'demonstration', label: 'Demonstratie', national: true, archived: false },
  { key: '00000000-0000-7000-8000-0000000000c1', label: 'Voetbalrellen', national: false, archived: true },
];

const signal: Signal = {
  id: SIGNAL_ID,
  networkId: NETWORK_ID,
  meetingId: null,
  observedAt: '2026-03-08T19:30:00Z',
  source: { kind: 'own', allyId: null, allyName: null, other: '' },
  theme: 'asylum-reception',
  themeLabel: 'Asielopvang',
  area: 'Lombok',
  community: '',
  level: 3,
  evidence: 'experienced',
  phase: 'rising',
  description: 'Flyers tegen het azc in de wijk.',
  urgent: false,
  status: 'new',
  assessment: { picture: '', judgement: '', decision: '', assessedAt: null, assessedBy: null },
  actionIds: [],
  feedback: { text: '', fedBackOn: null, dueOn: '2026-03-06', overdue: true },
  shared: null,
  hasPoliceNote: null,
  createdBy: { id: coordinator.user.id, name: 'Coördinator' },
  createdAt: '2026-03-08T20:00:00Z',
  updatedAt: '2026-03-08T20:00:00Z',
  mayEdit: true,
  mayAssess: true,
};
const urgentSignal: Signal = {
  ...signal,
  id: URGENT_ID,
  theme: 'demonstration',
  themeLabel: 'Demonstratie',
  observedAt: '2026-03-01T10:00:00Z',
  urgent: true,
  level: 5,
  feedback: { ...signal.feedback, overdue: false, dueOn: '2026-03-15' },
};

function week(i: number, maxLevel: number | null, count: number | null, countBelowThree = false): TensionWeek {
  const start = new Date(Date.UTC(2025, 2, 17 + 7 * i));
  // countBand: null for those who get exact counts (cast: independent of the generated types' version).
  return { week: `W${i + 1}`, startsOn: start.toISOString().slice(0, 10), maxLevel, count, countBand: null, countBelowThree } as TensionWeek;
}
const weeks = Array.from({ length: 52 }, (_, i) => (i < 48 ? week(i, null, 0) : week(i, i === 51 ? 4 : 3, null, true)));
const tension = {
  level: 4,
  trend: 'rising',
  weeks,
  themes: [
    { theme: 'asylum-reception', label: 'Asielopvang', level: 4, trend: 'rising', openSignals: null, openSignalsBand: '1-2', openSignalsBelowThree: true, weeks },
  ],
} as TensionPicture;

const mood: MoodPicture = {
  id: MOOD_ID,
  networkId: NETWORK_ID,
  periodFrom: '2026-02-10',
  periodTo: '2026-03-09',
  title: 'Sfeerbeeld februari',
  body: 'Eerste alinea.\n\nTweede alinea.',
  shared: null,
  createdAt: '2026-03-09T10:00:00Z',
  updatedAt: '2026-03-09T10:00:00Z',
};

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: [utrecht, centrum], next: null }),
    'GET /api/v1/networks/:id': () => jsonResponse(asSeenBy(network, me)),
    'GET /api/v1/networks/:id/signal-themes': () => jsonResponse({ items: themes }),
    'GET /api/v1/networks/:id/signals': () => jsonResponse({ items: [signal, urgentSignal], next: null }),
    'GET /api/v1/networks/:id/signals/:sid': () => jsonResponse(signal),
    'GET /api/v1/networks/:id/allies': () => jsonResponse({ items: [], next: null }),
    'GET /api/v1/networks/:id/actions': () => jsonResponse({ items: [], next: null }),
    'GET /api/v1/networks/:id/coverage': () =>
      jsonResponse({ communities: [{ name: 'Turks-Nederlands', allies: 2, fewerThanThree: false }], neighbourhoods: [{ name: 'Lombok', allies: 0, fewerThanThree: false }], whiteSpots: 1 }),
    'GET /api/v1/networks/:id/tension': () => jsonResponse(tension),
    'GET /api/v1/networks/:id/mood-pictures': () => jsonResponse({ items: [mood] }),
    'GET /api/v1/networks/:id/mood-pictures/:mid': () => jsonResponse(mood),
    ...routes,
  });
}

describe('Signalen (list)', () => {
  it('puts urgent signals first, says "Urgent" and "Terugkoppeling verlopen" in words, and offers to log one', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/signalen`);
    const list = await screen.findByRole('list', { name: 'Signalen' });
    const cards = within(list).getAllByRole('listitem');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]!).getByRole('link').textContent).toContain('Demonstratie');
    expect(within(cards[0]!).getByText('Urgent')).toBeTruthy();
    expect(within(cards[1]!).getByText('Terugkoppeling verlopen')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Signaal melden' })).toBeTruthy();
    // Staff do not manage themes.
    expect(screen.queryByRole('link', { name: "Thema's beheren" })).toBeNull();
  });

  it('sends the filters to the server as query parameters', async () => {
    const { calls } = api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/signalen`);
    await screen.findByRole('list', { name: 'Signalen' });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'assessing' } });
    fireEvent.change(screen.getByLabelText('Urgentie'), { target: { value: 'true' } });
    fireEvent.click(screen.getByLabelText('Alleen signalen waarvan de terugkoppeling is verlopen'));
    fireEvent.click(screen.getByRole('button', { name: 'Filter toepassen' }));
    await waitFor(() => {
      const last = calls.filter((c) => c.path === `/api/v1/networks/${NETWORK_ID}/signals`).at(-1)!;
      expect(last.url.searchParams.get('status')).toBe('assessing');
      expect(last.url.searchParams.get('urgent')).toBe('true');
      expect(last.url.searchParams.get('feedbackOverdue')).toBe('true');
    });
  });

  it('shows a crisis liaison only the shared signals, without a button to log one', async () => {
    api(liaison, {
      'GET /api/v1/networks/:id/signals': () =>
        jsonResponse({ items: [{ ...urgentSignal, shared: { at: '2026-03-01T11:00:00Z', by: 'Coördinator' } }], next: null }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/signalen`);
    await screen.findByRole('list', { name: 'Signalen' });
    expect(screen.getByText(/alleen de signalen die een coördinator heeft gedeeld/)).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Signaal melden' })).toBeNull();
    expect(screen.queryByLabelText('Gedeeld met de crisisorganisatie')).toBeNull();
  });
});

describe('Signaal melden', () => {
  it('starts from sensible defaults and logs an urgent signal', async () => {
    const { callsTo } = api(staff, {
      'POST /api/v1/networks/:id/signals': ({ body }) => jsonResponse({ ...urgentSignal, ...(body as object), id: URGENT_ID }, 201),
      'GET /api/v1/networks/:id/signals/:sid': () => jsonResponse(urgentSignal),
    });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/nieuw`);
    const urgent = await screen.findByLabelText('Urgent: er moet nu gehandeld worden');
    // The urgent box is the form's first control.
    const form = urgent.closest('form')!;
    expect(form.querySelector('input, select, textarea')).toBe(urgent);
    expect((screen.getByLabelText('3 – Verhoogde spanning') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Eigen waarneming') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Ervaren') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Fase') as HTMLSelectElement).value).toBe('simmering');
    expect((screen.getByLabelText('Datum van de waarneming') as HTMLInputElement).value).toBe('2026-03-10');
    expect((screen.getByLabelText('Tijd') as HTMLInputElement).value).toBe('13:00');
    // Staff of a municipality write no police note.
    expect(screen.queryByLabelText('Politienotitie')).toBeNull();
    // The archived own theme is not offered.
    const theme = screen.getByLabelText('Thema') as HTMLSelectElement;
    await waitFor(() =>
      expect([...theme.options].map((o) => o.textContent)).toEqual(['Kies een thema', 'Asielopvang', 'Demonstratie']),
    );
    // Suggestions from the focus lists.
    await waitFor(() => expect(document.querySelector('#signal-area-suggestions option')?.getAttribute('value')).toBe('Lombok'));

    fireEvent.click(urgent);
    fireEvent.change(theme, { target: { value: 'demonstration' } });
    fireEvent.change(screen.getByLabelText('Wat is er waargenomen?'), { target: { value: 'Jongeren op scooters onderweg.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Signaal opslaan' }));
    await screen.findByRole('heading', { level: 1, name: 'Signaal: Demonstratie' });
    const [post] = callsTo(`POST /api/v1/networks/${NETWORK_ID}/signals`);
    expect(post!.body).toMatchObject({
      urgent: true,
      theme: 'demonstration',
      level: 3,
      sourceKind: 'own',
      evidence: 'experienced',
      phase: 'simmering',
      description: 'Jongeren op scooters onderweg.',
      observedAt: '2026-03-10T12:00:00.000Z',
    });
    expect(post!.body).not.toHaveProperty('policeNote');
  });

  it('says what is missing without sending anything', async () => {
    const { callsTo } = api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/signalen/nieuw`);
    fireEvent.click(await screen.findByRole('button', { name: 'Signaal opslaan' }));
    expect(await screen.findByRole('link', { name: 'Thema: Kies een thema.' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Wat is er waargenomen?: Beschrijf wat er is waargenomen.' })).toBeTruthy();
    expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/signals`)).toHaveLength(0);
  });

  it('offers the police note to police users', async () => {
    api(policeCoordinator);
    renderApp(`/netwerken/${NETWORK_ID}/signalen/nieuw`);
    expect(await screen.findByLabelText('Politienotitie')).toBeTruthy();
  });
});

describe('Signaal wijzigen', () => {
  it('fills the form with the signal and saves it with PUT', async () => {
    const { callsTo } = api(staff, {
      'PUT /api/v1/networks/:id/signals/:sid': ({ body }) => jsonResponse({ ...signal, ...(body as object) }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}/bewerken`);
    const description = (await screen.findByLabelText('Wat is er waargenomen?')) as HTMLTextAreaElement;
    expect(description.value).toBe('Flyers tegen het azc in de wijk.');
    expect((screen.getByLabelText('Fase') as HTMLSelectElement).value).toBe('rising');
    // 19:30 UTC on 8 March is 20:30 in Amsterdam.
    expect((screen.getByLabelText('Tijd') as HTMLInputElement).value).toBe('20:30');
    fireEvent.click(screen.getByLabelText('2 – Enige onrust'));
    fireEvent.click(screen.getByRole('button', { name: 'Wijzigingen opslaan' }));
    await screen.findByRole('heading', { level: 1, name: 'Signaal: Asielopvang' });
    expect(callsTo(`PUT /api/v1/networks/${NETWORK_ID}/signals/${SIGNAL_ID}`)[0]!.body).toMatchObject({
      level: 2,
      phase: 'rising',
      observedAt: '2026-03-08T19:30:00.000Z',
      area: 'Lombok',
    });
  });

  it('is not offered for a signal the person may not change', async () => {
    api(staff, { 'GET /api/v1/networks/:id/signals/:sid': () => jsonResponse({ ...signal, mayEdit: false, mayAssess: false }) });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}`);
    await screen.findByRole('heading', { level: 1, name: 'Signaal: Asielopvang' });
    expect(screen.queryByRole('link', { name: 'Signaal wijzigen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Beoordeling opslaan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delen met crisisorganisatie' })).toBeNull();
  });
});

describe('Signaal (page)', () => {
  it('loads the police note only when a police user asks for it', async () => {
    const { callsTo } = api(policeCoordinator, {
      'GET /api/v1/networks/:id/signals/:sid': () => jsonResponse({ ...signal, hasPoliceNote: true }),
      'GET /api/v1/networks/:id/signals/:sid/police-note': () => jsonResponse({ text: 'Bekende groep.' }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}`);
    const show = await screen.findByRole('button', { name: 'Toon politienotitie' });
    const notePath = `GET /api/v1/networks/${NETWORK_ID}/signals/${SIGNAL_ID}/police-note`;
    expect(callsTo(notePath)).toHaveLength(0);
    fireEvent.click(show);
    expect(((await screen.findByRole('textbox', { name: 'Politienotitie' })) as HTMLTextAreaElement).value).toBe('Bekende groep.');
    expect(callsTo(notePath)).toHaveLength(1);
  });

  it('has no police note button for others', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}`);
    await screen.findByRole('heading', { level: 1, name: 'Signaal: Asielopvang' });
    expect(screen.queryByRole('button', { name: 'Toon politienotitie' })).toBeNull();
    expect(screen.getAllByText('Terugkoppeling verlopen', { selector: 'strong' }).length).toBeGreaterThan(0);
  });

  it('lets a coordinator share after confirming, and record the assessment and feedback', async () => {
    const { callsTo } = api(coordinator, {
      'POST /api/v1/networks/:id/signals/:sid/share': () => jsonResponse({ ...signal, shared: { at: '2026-03-10T12:00:00Z', by: 'Coördinator' } }),
      'PUT /api/v1/networks/:id/signals/:sid/assessment': ({ body }) => jsonResponse({ ...signal, ...(body as object) }),
      'PUT /api/v1/networks/:id/signals/:sid/feedback': () => jsonResponse(signal),
    });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Delen met crisisorganisatie' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Signaal delen met de crisisorganisatie?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, delen' }));
    expect(await screen.findByText('Het signaal is gedeeld met de crisisorganisatie.')).toBeTruthy();
    expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/signals/${SIGNAL_ID}/share`)).toHaveLength(1);

    fireEvent.change(screen.getByLabelText('Beeldvorming'), { target: { value: 'Groep van tien.' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'acted' } });
    fireEvent.click(screen.getByRole('button', { name: 'Beoordeling opslaan' }));
    await screen.findByText('De beoordeling is opgeslagen.');
    expect(callsTo(`PUT /api/v1/networks/${NETWORK_ID}/signals/${SIGNAL_ID}/assessment`)[0]!.body).toMatchObject({
      picture: 'Groep van tien.',
      status: 'acted',
      actionIds: [],
    });

    fireEvent.change(screen.getByLabelText('Wat is teruggekoppeld?'), { target: { value: 'Wijkagent is langs geweest.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Terugkoppeling opslaan' }));
    await screen.findByText('De terugkoppeling is opgeslagen.');
    expect(callsTo(`PUT /api/v1/networks/${NETWORK_ID}/signals/${SIGNAL_ID}/feedback`)[0]!.body).toEqual({
      text: 'Wijkagent is langs geweest.',
      fedBackOn: '2026-03-10',
    });
  });

  it('answers a signal that is not there (or not shared) with the not-found page', async () => {
    api(liaison, { 'GET /api/v1/networks/:id/signals/:sid': () => problemResponse(404, 'Niet gevonden') });
    renderApp(`/netwerken/${NETWORK_ID}/signalen/${SIGNAL_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: /niet gevonden/i })).toBeTruthy();
  });
});

describe('Spanningsbeeld', () => {
  it('shows level and trend in words, "< 3" for withheld counts, and a chart with a table alternative', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/spanning`);
    const charts = await screen.findAllByRole('img', { name: /Hoogste spanningsniveau per week/ });
    expect(charts).toHaveLength(2);
    const chart = charts[1]!;
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const [titleId, descId] = chart.getAttribute('aria-labelledby')!.split(' ');
    expect(document.getElementById(titleId!)?.textContent).toBe('Hoogste spanningsniveau per week: Asielopvang');
    expect(document.getElementById(descId!)?.textContent).toContain('52 weken');
    expect(screen.getAllByText('4 – Hoge spanning').length).toBeGreaterThan(0);
    expect(screen.getAllByText('stijgend').length).toBeGreaterThan(0);

    const tables = screen.getAllByRole('table', { hidden: true });
    const table = tables.find((t) => t.textContent?.includes('Per week: Asielopvang'))!;
    expect(table.closest('details')?.querySelector('summary')?.textContent).toBe('Toon als tabel');
    const rows = within(table).getAllByRole('row', { hidden: true });
    expect(rows).toHaveLength(53);
    expect(rows[52]!.textContent).toContain('4 – Hoge spanning');
    expect(rows[52]!.textContent).toContain('< 3');
    expect(rows[1]!.textContent).toContain('0');
  });
});

describe('Spanningsbeeld in bands', () => {
  it('shows counts as bands to those who do not read every signal', async () => {
    const banded = weeks.map((w, i) => ({ ...w, count: null, countBand: i === 51 ? '3-9' : i === 50 ? '1-2' : '0', countBelowThree: i === 50 }));
    api(liaison, {
      'GET /api/v1/networks/:id/tension': () =>
        jsonResponse({
          ...tension,
          weeks: banded,
          themes: [{ ...tension.themes[0]!, openSignals: null, openSignalsBand: '10-24', openSignalsBelowThree: false, weeks: banded }],
        }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/spanning`);
    expect(await screen.findByText(/De aantallen staan in bandbreedtes/)).toBeTruthy();
    expect(await screen.findByText('10–24')).toBeTruthy();
    const table = screen.getAllByRole('table', { hidden: true }).find((t) => t.textContent?.includes('Per week: Asielopvang'))!;
    const rows = within(table).getAllByRole('row', { hidden: true });
    expect(rows[52]!.textContent).toContain('3–9');
    expect(rows[51]!.textContent).toContain('< 3');
    expect(rows[1]!.textContent).toContain('0');
  });
});

describe('Spanningsbeeld van de gemeente', () => {
  it('shows the level and trend per network of the municipality, linked from the network picture', async () => {
    api(coordinator, {
      'GET /api/v1/tenants/:slug/tension': () =>
        jsonResponse({ ...tension, networks: [{ id: NETWORK_ID, name: 'Bondgenoten Utrecht-Centrum', level: 4, trend: 'rising' }] }),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/spanning`);
    fireEvent.click(await screen.findByRole('link', { name: 'Spanningsbeeld van heel Gemeente Utrecht, over al haar netwerken' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/spanningsbeeld'));
    const table = await screen.findByRole('table', { name: 'Per netwerk' });
    const row = within(table).getByRole('row', { name: /Bondgenoten Utrecht-Centrum/ });
    expect(row.textContent).toContain('4 – Hoge spanning');
    expect(row.textContent).toContain('stijgend');
  });
});

describe('Sfeerbeelden', () => {
  it('generates a draft for the last four weeks by default', async () => {
    const { callsTo } = api(coordinator, {
      'POST /api/v1/networks/:id/mood-pictures': () => jsonResponse(mood, 201),
    });
    renderApp(`/netwerken/${NETWORK_ID}/sfeerbeelden`);
    expect(await screen.findByRole('link', { name: 'Sfeerbeeld februari' })).toBeTruthy();
    expect((screen.getByLabelText('Van') as HTMLInputElement).value).toBe('2026-02-11');
    expect((screen.getByLabelText('Tot en met') as HTMLInputElement).value).toBe('2026-03-10');
    fireEvent.click(screen.getByRole('button', { name: 'Concept maken' }));
    await screen.findByRole('heading', { level: 1, name: 'Sfeerbeeld februari' });
    expect(callsTo(`POST /api/v1/networks/${NETWORK_ID}/mood-pictures`)[0]!.body).toEqual({
      periodFrom: '2026-02-11',
      periodTo: '2026-03-10',
    });
  });

  it('shows the text in paragraphs, links the PDF, and copies the text (with a fallback)', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/mood-pictures/:mid/text': () =>
        new Response('Sfeerbeeld februari\n\nEerste alinea.', { headers: { 'Content-Type': 'text/plain' } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/sfeerbeelden/${MOOD_ID}`);
    const article = await screen.findByRole('article', { name: 'Sfeerbeeld februari' });
    expect(within(article).getByText('Eerste alinea.')).toBeTruthy();
    expect(within(article).getByText('Tweede alinea.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download als pdf' }).getAttribute('href')).toBe(
      `/api/v1/networks/${NETWORK_ID}/mood-pictures/${MOOD_ID}/pdf`,
    );

    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Kopieer als tekst' }));
    expect(await screen.findByText('De tekst is gekopieerd.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith('Sfeerbeeld februari\n\nEerste alinea.');

    Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('denied')) }, configurable: true });
    fireEvent.click(screen.getByRole('button', { name: 'Kopieer als tekst' }));
    const fallback = (await screen.findByLabelText('Tekst van het sfeerbeeld')) as HTMLTextAreaElement;
    expect(fallback.value).toBe('Sfeerbeeld februari\n\nEerste alinea.');
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
});

describe('Network page', () => {
  it('links to signals, tension and mood pictures, and shows the signal counts in the overview', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/overview': () =>
        jsonResponse({
          signals: { open: 5, urgentOpen: 1, feedbackOwed: 3, feedbackOverdue: 2 },
          activeAllies: 7,
          maxActiveAllies: 15,
          cadence: { targetPerYear: 5, minimumPerYear: 4, heldLast12Months: 3, lastHeld: null, nextMeeting: null, planNextBy: null, overdue: false, onTarget: false },
        }),
      'GET /api/v1/networks/:id/balance': () =>
        jsonResponse({
          since: '2025-03-10',
          agenda: { municipality: 0, police: 0, allies: 0 },
          actions: Object.fromEntries(
            ['municipality', 'police', 'allies'].map((p) => [p, { open: 0, inProgress: 0, done: 0, dropped: 0, overdue: 0 }]),
          ),
        }),
    });
    renderApp(`/netwerken/${NETWORK_ID}`);
    const nav = await screen.findByRole('region', { name: 'Wat speelt er' });
    expect(within(nav).getByRole('link', { name: 'Signalen' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Spanningsbeeld' })).toBeTruthy();
    expect(within(nav).getByRole('link', { name: 'Sfeerbeelden' })).toBeTruthy();
    const overview = screen.getByRole('region', { name: 'Overzicht' });
    expect(await within(overview).findByText('5 open signalen, waarvan 1 urgent.')).toBeTruthy();
    expect(within(overview).getByText('Terugkoppeling nog verschuldigd aan 3 bronnen.')).toBeTruthy();
    expect(within(overview).getByText('Terugkoppeling verlopen bij 2 signalen.')).toBeTruthy();
  });
});

describe('Meldingen', () => {
  it('says "urgent signal" and "shared" naming only the network, and links to the signal', async () => {
    const link = `/netwerken/${NETWORK_ID}/signalen/${URGENT_ID}`;
    const note = (id: string, kind: string) => ({
      id,
      kind,
      params: { network: 'Bondgenoten Utrecht-Centrum' },
      link,
      createdAt: '2026-03-10T11:00:00Z',
      readAt: null,
    });
    api(coordinator, {
      'GET /api/v1/me/notifications': () =>
        jsonResponse({ items: [note('n1', 'signal_urgent'), note('n2', 'signal_shared')], unread: 2 }),
    });
    renderApp('/meldingen');
    expect(await screen.findByText('Urgent signaal in Bondgenoten Utrecht-Centrum')).toBeTruthy();
    expect(screen.getByText('Signaal gedeeld met de crisisorganisatie in Bondgenoten Utrecht-Centrum')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Bekijken' })[0]!.getAttribute('href')).toBe(link);
  });
});
