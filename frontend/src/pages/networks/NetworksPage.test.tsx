import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry, Me, Network, NetworkPartner } from '../../api/client';
import { asSeenBy, bureauAdvisor, coordinator, operator } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => vi.unstubAllGlobals());

const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const zeist: DirectoryEntry = { slug: 'zeist', name: 'Gemeente Zeist', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };
const heuvelrug: DirectoryEntry = { slug: 'basisteam-heuvelrug', name: 'Basisteam Heuvelrug', kind: 'police_unit' };
const bureau: DirectoryEntry = { slug: 'bureau-rvs', name: 'Bureau Regionale Veiligheidsstrategie', kind: 'bureau' };
const directory = [utrecht, zeist, centrum, heuvelrug, bureau];

const staff: Me = { ...coordinator, roles: ['staff'], permissions: { org: ['read'], self: ['read', 'write'] } };
const policeCoordinator: Me = {
  ...coordinator,
  user: { id: '00000000-0000-7000-8000-000000000009', name: 'Coördinator (demo) — centrum', email: 'coordinator@basisteam-utrecht-centrum.demo' },
  tenant: { id: '00000000-0000-7000-8000-0000000000a9', slug: centrum.slug, name: centrum.name, kind: 'police_unit' },
};

function partner(tenant: DirectoryEntry, change: Partial<NetworkPartner> = {}): NetworkPartner {
  return {
    tenant,
    joinedAt: '2026-01-10T09:00:00Z',
    leaveRequestedAt: null,
    leftAt: null,
    active: true,
    coordinators: [{ id: `coordinator-${tenant.slug}`, name: `Coördinator ${tenant.name}`, email: `coordinator@${tenant.slug}.demo` }],
    staff: [],
    ...change,
  };
}

const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
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
  partners: [partner(utrecht), partner(centrum), partner(heuvelrug, { leaveRequestedAt: '2026-03-02T23:30:00Z' })],
};

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: directory, next: null }),
    'GET /api/v1/networks': () => jsonResponse({ items: [asSeenBy(network, me)], next: null }),
    'GET /api/v1/networks/:id': ({ params }) =>
      params.id === NETWORK_ID ? jsonResponse(asSeenBy(network, me)) : problemResponse(404, 'Niet gevonden'),
    'POST /api/v1/networks': ({ body }) =>
      jsonResponse({ ...asSeenBy(network, me), ...(body as object), id: '00000000-0000-7000-8000-00000000e002' }, 201),
    'GET /api/v1/networks/00000000-0000-7000-8000-00000000e002': () =>
      jsonResponse({ ...asSeenBy(network, me), id: '00000000-0000-7000-8000-00000000e002', name: 'Bondgenoten Noord' }),
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

async function partnerRow(name: string) {
  const table = await screen.findByRole('table', { name: 'Partners van Bondgenoten Utrecht-Centrum' });
  return within(table).getByRole('rowheader', { name }).closest('tr')!;
}

describe('Netwerken', () => {
  it('lists networks with labels, and offers "Netwerk starten" to coordinators', async () => {
    api(coordinator);
    renderApp('/netwerken');
    expect(await screen.findByRole('heading', { level: 1, name: 'Netwerken' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Netwerken' });
    const row = within(table).getByRole('rowheader', { name: 'Bondgenoten Utrecht-Centrum' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((td) => td.textContent)).toEqual([
      'Wijk of stadsdeel',
      'Actief',
      'Gemeente Utrecht, Basisteam Utrecht-Centrum, Basisteam Heuvelrug',
      '3 coördinatoren',
    ]);
    expect(screen.getByRole('link', { name: 'Netwerk starten' }).getAttribute('href')).toBe('/netwerken/nieuw');
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getByRole('link', { name: 'Netwerken' })).toBeTruthy();
    expect(document.title).toBe('Netwerken – Bondgenoten');
  });

  it('shows no create button to staff and bureau people, and an empty state', async () => {
    api(staff, { 'GET /api/v1/networks': () => jsonResponse({ items: [], next: null }) });
    renderApp('/netwerken');
    expect(await screen.findByText('Er zijn nog geen netwerken.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Netwerk starten' })).toBeNull();
  });

  it('hides the navigation item and says "Geen toegang" without org read', async () => {
    mockApi({ 'GET /api/v1/me': () => jsonResponse(operator) });
    renderApp('/netwerken');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).queryByRole('link', { name: 'Netwerken' })).toBeNull();
  });

  it('creates a network with the own municipality locked and the guide’s defaults', async () => {
    const calls = api(coordinator);
    const { router } = renderApp('/netwerken/nieuw');
    expect(await screen.findByRole('heading', { level: 1, name: 'Netwerk starten' })).toBeTruthy();
    const municipality = (await screen.findByLabelText('Gemeente')) as HTMLSelectElement;
    expect(municipality.disabled).toBe(true);
    expect(municipality.value).toBe('utrecht');
    expect((screen.getByLabelText('Maximaal aantal actieve bondgenoten') as HTMLInputElement).value).toBe('15');
    expect((screen.getByLabelText('Bijeenkomsten per jaar') as HTMLInputElement).value).toBe('5');
    expect((screen.getByLabelText('Volgende bijeenkomst plannen binnen (dagen)') as HTMLInputElement).value).toBe('14');
    expect(screen.getByText(/De doelen worden bij elke bijeenkomst getoond/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Naam van het netwerk'), { target: { value: 'Bondgenoten Noord' } });
    fireEvent.click(screen.getByLabelText('Buurt'));
    fireEvent.change(screen.getByLabelText('Doelen'), { target: { value: 'Samen optrekken.' } });
    fireEvent.click(screen.getByLabelText('Basisteam Heuvelrug'));
    fireEvent.click(screen.getByRole('button', { name: 'Netwerk starten' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/netwerken/00000000-0000-7000-8000-00000000e002'));
    expect(calls.callsTo('POST /api/v1/networks')[0]!.body).toEqual({
      name: 'Bondgenoten Noord',
      level: 'neighbourhood',
      area: '',
      goals: 'Samen optrekken.',
      expectations: '',
      phase: 'exploring',
      maxActiveAllies: 15,
      targetMeetingsPerYear: 5,
      planNextWithinDays: 14,
      municipality: 'utrecht',
      policeUnits: ['basisteam-heuvelrug'],
    });
  });

  it('locks the own police unit for a police coordinator', async () => {
    const calls = api(policeCoordinator);
    renderApp('/netwerken/nieuw');
    const own = (await screen.findByLabelText('Basisteam Utrecht-Centrum (uw organisatie)')) as HTMLInputElement;
    expect(own.checked).toBe(true);
    expect(own.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Naam van het netwerk'), { target: { value: 'Bondgenoten Zeist-Noord' } });
    fireEvent.change(screen.getByLabelText('Gemeente'), { target: { value: 'zeist' } });
    fireEvent.click(screen.getByRole('button', { name: 'Netwerk starten' }));
    await waitFor(() => expect(calls.callsTo('POST /api/v1/networks')).toHaveLength(1));
    expect(calls.callsTo('POST /api/v1/networks')[0]!.body).toMatchObject({
      municipality: 'zeist',
      policeUnits: ['basisteam-utrecht-centrum'],
    });
  });

  it('shows a 400 field error next to its field', async () => {
    api(coordinator, {
      'POST /api/v1/networks': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { targetMeetingsPerYear: 'Moet tussen 4 en 12 liggen.' } }),
    });
    renderApp('/netwerken/nieuw');
    fireEvent.change(await screen.findByLabelText('Naam van het netwerk'), { target: { value: 'Bondgenoten Noord' } });
    const meetings = screen.getByLabelText('Bijeenkomsten per jaar');
    fireEvent.change(meetings, { target: { value: '2' } });
    fireEvent.click(await screen.findByLabelText('Basisteam Utrecht-Centrum'));
    fireEvent.click(screen.getByRole('button', { name: 'Netwerk starten' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Ongeldige invoer' })).toBeTruthy();
    expect(within(alert).getByRole('link', { name: 'Bijeenkomsten per jaar: Moet tussen 4 en 12 liggen.' })).toBeTruthy();
    expect(meetings.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(meetings)).toBe('Moet tussen 4 en 12 liggen.');
  });

  it('asks for a name and a police unit before sending anything', async () => {
    const calls = api(coordinator);
    renderApp('/netwerken/nieuw');
    await screen.findByLabelText('Basisteam Utrecht-Centrum');
    fireEvent.click(screen.getByRole('button', { name: 'Netwerk starten' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Naam van het netwerk: Vul een naam in.' })).toBeTruthy();
    expect(within(alert).getByRole('link', { name: 'Politie-eenheden: Kies minstens één politie-eenheid.' })).toBeTruthy();
    expect(calls.callsTo('POST /api/v1/networks')).toHaveLength(0);
  });

  it('shows the network’s goals, settings and partners with coordinators', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bondgenoten Utrecht-Centrum' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Doelen' })).toBeTruthy();
    expect(screen.getByText('Elkaar kennen vóór het spant.')).toBeTruthy();
    expect(screen.getByText('Iedereen komt als gelijke.')).toBeTruthy();
    expect(screen.getByText('5 per jaar')).toBeTruthy();
    const row = await partnerRow('Basisteam Heuvelrug');
    // 23:30 UTC on 2 March is 3 March in Amsterdam.
    expect(within(row).getAllByRole('cell').map((td) => td.textContent).slice(0, 3)).toEqual([
      'Politie-eenheid (basisteam)',
      '10 januari 2026',
      'Wil vertrekken aangevraagd op 3 maart 2026',
    ]);
    expect(within(row).getByRole('link', { name: 'coordinator@basisteam-heuvelrug.demo' }).getAttribute('href')).toBe(
      'mailto:coordinator@basisteam-heuvelrug.demo',
    );
    // Staff may read, not change.
    expect(screen.queryByRole('link', { name: 'Bewerken' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Vertrek/ })).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('names the bureaus that see the network’s figures, or says that none does', async () => {
    const other: DirectoryEntry = { slug: 'politie-voor-iedereen', name: 'Politie voor Iedereen', kind: 'bureau' };
    api(staff, {
      'GET /api/v1/networks/:id': () => jsonResponse({ ...asSeenBy(network, staff), overseenBy: [bureau, other] }),
    });
    const { unmount } = renderApp(`/netwerken/${NETWORK_ID}`);
    const section = await screen.findByRole('region', { name: 'Wie ziet de cijfers van dit netwerk' });
    expect(within(section).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Bureau Regionale Veiligheidsstrategie',
      'Politie voor Iedereen',
    ]);
    expect(within(section).getByText(/Namen en contactgegevens van bondgenoten zien zij niet/)).toBeTruthy();
    unmount();
    vi.unstubAllGlobals();

    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}`);
    const empty = await screen.findByRole('region', { name: 'Wie ziet de cijfers van dit netwerk' });
    expect(within(empty).getByText('Geen bureau volgt dit netwerk.')).toBeTruthy();
    expect(within(empty).queryByRole('list')).toBeNull();
  });

  it('offers the municipality’s coordinator edit, leave and confirm-leave for the police side', async () => {
    const calls = api(coordinator, {
      'POST /api/v1/networks/:id/partners/:tenant/confirm-leave': () =>
        jsonResponse({ ...asSeenBy(network, coordinator), partners: [partner(utrecht), partner(centrum), partner(heuvelrug, { active: false, leftAt: '2026-04-01T10:00:00Z', leaveRequestedAt: '2026-03-02T23:30:00Z' })] }),
    });
    renderApp(`/netwerken/${NETWORK_ID}`);
    expect(await screen.findByRole('link', { name: 'Bewerken' })).toBeTruthy();
    expect(within(await partnerRow('Gemeente Utrecht')).getByRole('button', { name: 'Vertrek aanvragen Gemeente Utrecht' })).toBeTruthy();
    expect(within(await partnerRow('Basisteam Utrecht-Centrum')).queryByRole('button')).toBeNull();
    fireEvent.click(
      within(await partnerRow('Basisteam Heuvelrug')).getByRole('button', { name: 'Vertrek bevestigen Basisteam Heuvelrug' }),
    );
    const dialog = await screen.findByRole('alertdialog', { name: 'Vertrek van Basisteam Heuvelrug bevestigen?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, vertrek bevestigen' }));
    const status = await screen.findByText('Basisteam Heuvelrug is vertrokken uit het netwerk.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/partners/basisteam-heuvelrug/confirm-leave`)).toHaveLength(1);
  });

  it('offers a police coordinator leave for its own row only, and shows last_partner in an alert', async () => {
    api(policeCoordinator, {
      'POST /api/v1/networks/:id/partners/:tenant/leave': () =>
        problemResponse(400, 'Ongeldige invoer', {
          errors: { tenant: 'De laatste partner van deze kant kan niet vertrekken.' },
        }),
    });
    renderApp(`/netwerken/${NETWORK_ID}`);
    // Same side as Heuvelrug: no confirm; the municipality has no leave request.
    expect(within(await partnerRow('Basisteam Heuvelrug')).queryByRole('button')).toBeNull();
    expect(within(await partnerRow('Gemeente Utrecht')).queryByRole('button')).toBeNull();
    fireEvent.click(
      within(await partnerRow('Basisteam Utrecht-Centrum')).getByRole('button', {
        name: 'Vertrek aanvragen Basisteam Utrecht-Centrum',
      }),
    );
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, vertrek aanvragen' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByText('Organisatie: De laatste partner van deze kant kan niet vertrekken.')).toBeTruthy();
  });

  it('edits a network with PATCH, without partners', async () => {
    const calls = api(coordinator, { 'PATCH /api/v1/networks/:id': ({ body }) => jsonResponse({ ...asSeenBy(network, coordinator), ...(body as object) }) });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bewerken`);
    const name = (await screen.findByLabelText('Naam van het netwerk')) as HTMLInputElement;
    expect(name.value).toBe('Bondgenoten Utrecht-Centrum');
    expect(screen.queryByLabelText('Gemeente')).toBeNull();
    fireEvent.change(screen.getByLabelText('Fase'), { target: { value: 'sustaining' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}`));
    expect(calls.callsTo(`PATCH /api/v1/networks/${NETWORK_ID}`)[0]!.body).toEqual({
      name: 'Bondgenoten Utrecht-Centrum',
      level: 'district',
      area: 'Binnenstad',
      goals: 'Elkaar kennen vóór het spant.',
      expectations: 'Iedereen komt als gelijke.',
      phase: 'sustaining',
      maxActiveAllies: 15,
      targetMeetingsPerYear: 5,
      planNextWithinDays: 14,
    });
  });

  it('shows the not-found page for an unknown network and "Geen toegang" for 403', async () => {
    api(coordinator, { 'GET /api/v1/networks/:id': () => problemResponse(404, 'Niet gevonden') });
    renderApp('/netwerken/00000000-0000-7000-8000-000000000bad');
    expect(await screen.findByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeTruthy();
  });

  it('says "Geen toegang" when the API answers 403', async () => {
    api(bureauAdvisor, { 'GET /api/v1/networks/:id': () => problemResponse(403, 'Geen toegang') });
    renderApp(`/netwerken/${NETWORK_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
  });
});
