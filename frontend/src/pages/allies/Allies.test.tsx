import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ally, Coverage, DirectoryEntry, Me, Network, NetworkPartner, Representation } from '../../api/client';
import type { components } from '../../api/schema';
import { asSeenBy, bureauAdvisor, coordinator } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => vi.unstubAllGlobals());

const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };

const coordinatorSensitive: Me = {
  ...coordinator,
  permissions: { ...coordinator.permissions, sensitive: ['read', 'write'] },
};
const staff: Me = { ...coordinator, roles: ['staff'], permissions: { org: ['read'], contacts: ['read'], self: ['read', 'write'] } };

type Person = components['schemas']['Person'];

const sanne: Person = { id: '00000000-0000-7000-8000-0000000000b1', name: 'Sanne de Boer', email: 'sanne@utrecht.demo' };
const karim: Person = { id: '00000000-0000-7000-8000-0000000000b2', name: 'Karim Aziz', email: 'karim@utrecht.demo' };
const petra: Person = { id: '00000000-0000-7000-8000-0000000000b3', name: 'Petra Wijkagent', email: 'petra@politie.demo' };

function partner(tenant: DirectoryEntry, coordinators: Person[] = [], staff: Person[] = []): NetworkPartner {
  return { tenant, joinedAt: '2026-01-10T09:00:00Z', leaveRequestedAt: null, leftAt: null, active: true, coordinators, staff };
}

const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const ALLY_ID = '00000000-0000-7000-8000-00000000a001';
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
  partners: [partner(utrecht, [sanne], [karim]), partner(centrum, [], [petra])],
};

const ally: Ally = {
  id: ALLY_ID,
  networkId: NETWORK_ID,
  name: 'Fatima El Amrani',
  mobile: '06 12345678',
  email: 'fatima@example.nl',
  organisation: 'Moskee Al Fath',
  constituency: 'Marokkaans-Nederlandse jongeren',
  neighbourhood: 'Lombok',
  startsOn: '2026-02-01',
  status: 'active',
  leftOn: null,
  leftReason: '',
  contactPermitted: true,
  consentOn: '2026-02-01',
  consentScope: 'Benaderen bij spanningen',
  consentHow: 'Mondeling',
  intakeDone: true,
  codeOfConductSigned: true,
  interestsDeclared: false,
  ageBand: '26-40',
  gender: 'woman',
  hasSpecialCategoryData: true,
  relationshipOwners: [{ tenant: 'utrecht', userId: sanne.id, name: sanne.name }],
  createdAt: '2026-02-01T09:00:00Z',
  updatedAt: '2026-02-01T09:00:00Z',
};

const representation: Representation = {
  activeAllies: 7,
  ageBands: { values: [{ value: '26-40', count: 4 }], suppressed: true },
  genders: { values: [{ value: 'woman', count: 3 }, { value: 'man', count: 4 }], suppressed: false },
  neighbourhoods: { values: [], suppressed: true },
  constituencies: { values: [], suppressed: false },
  backgrounds: { values: [], suppressed: true },
  religions: { values: [], suppressed: true },
  withoutSpecialConsent: 2,
  specialCategories: 'shown',
};

const coverage: Coverage = {
  communities: [{ name: 'Marokkaans-Nederlandse jongeren', allies: 2, fewerThanThree: false }],
  neighbourhoods: [
    { name: 'Lombok', allies: 1, fewerThanThree: false },
    { name: 'Kanaleneiland', allies: 0, fewerThanThree: false },
  ],
  whiteSpots: 1,
};

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/networks/:id': () => jsonResponse(asSeenBy(network, me)),
    'GET /api/v1/networks/:id/allies': () => jsonResponse({ items: [ally], next: null }),
    'GET /api/v1/networks/:id/allies/:allyId': () => jsonResponse(ally),
    'POST /api/v1/networks/:id/allies': ({ body }) => jsonResponse({ ...ally, ...(body as object), id: ALLY_ID }, 201),
    'GET /api/v1/networks/:id/allies/:allyId/special': () =>
      jsonResponse({ background: 'Marokkaans', religion: 'Islam', consentOn: '2026-02-01', consentHow: 'Schriftelijk' }),
    'PUT /api/v1/networks/:id/allies/:allyId/special': ({ body }) => jsonResponse(body),
    'GET /api/v1/networks/:id/representation': () => jsonResponse(representation),
    'GET /api/v1/networks/:id/coverage': () => jsonResponse(coverage),
    ...routes,
  });
}

function errorOf(control: HTMLElement): string | undefined {
  const refs = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    refs
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('utrecht-form-field-error-message'))?.textContent ?? undefined
  );
}

describe('Bondgenoten', () => {
  it('lists allies with the active counter and "Bondgenoot toevoegen" for coordinators', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    const table = await screen.findByRole('table', { name: 'Bondgenoten van Bondgenoten Utrecht-Centrum' });
    const row = within(table).getByRole('rowheader', { name: 'Fatima El Amrani' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((td) => td.textContent)).toEqual([
      'Moskee Al Fath / Marokkaans-Nederlandse jongeren',
      'Lombok',
      'Actief',
      'Ja',
      'Nee',
      '06 12345678',
      'Sanne de Boer',
    ]);
    expect(within(row).getByRole('link', { name: '06 12345678' }).getAttribute('href')).toBe('tel:0612345678');
    expect(screen.getByText('1 van max 15 actief')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Bondgenoot toevoegen' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bondgenoten/nieuw`,
    );
  });

  it('shows what the server allows in this network, not what the role would allow elsewhere', async () => {
    // A coordinator whose organisation may only read here (say, its write was withdrawn):
    // the page follows network.permissions and offers no way to add an ally.
    api(coordinator, {
      'GET /api/v1/networks/:id': () =>
        jsonResponse({ ...network, permissions: { org: ['read'], contacts: ['read'], minutes: ['read'] } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    await screen.findByRole('table', { name: 'Bondgenoten van Bondgenoten Utrecht-Centrum' });
    expect(screen.queryByRole('link', { name: 'Bondgenoot toevoegen' })).toBeNull();
  });

  it('asks for one full page and says so when the network has more allies than it holds', async () => {
    let limit: string | null = null;
    api(staff, {
      'GET /api/v1/networks/:id/allies': ({ url }) => {
        limit = url.searchParams.get('limit');
        return jsonResponse({ items: [ally], next: 'volgende' });
      },
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    expect(await screen.findByText('Alleen de eerste 1 bondgenoten staan hier; de export bevat ze allemaal.')).toBeTruthy();
    expect(limit).toBe('1000');
  });

  it('shows no add button to staff', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    expect(await screen.findByRole('table', { name: 'Bondgenoten van Bondgenoten Utrecht-Centrum' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Bondgenoot toevoegen' })).toBeNull();
  });

  it('says "Geen toegang" without contacts read, with a link to the make-up', async () => {
    const calls = api(bureauAdvisor);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/samenstelling`,
    );
    expect(calls.callsTo(`GET /api/v1/networks/${NETWORK_ID}/allies`)).toHaveLength(0);
  });

  it('sends the form as an AllyInput', async () => {
    const calls = api(coordinator);
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/nieuw`);
    fireEvent.change(await screen.findByLabelText('Naam'), { target: { value: 'Jan de Vries' } });
    fireEvent.change(screen.getByLabelText('Mobiel nummer'), { target: { value: '0612345678' } });
    fireEvent.change(screen.getByLabelText('Achterban'), { target: { value: 'Ondernemers' } });
    fireEvent.click(screen.getByLabelText('Actief'));
    fireEvent.click(screen.getByLabelText('Contact toegestaan'));
    fireEvent.change(screen.getByLabelText('Datum van toestemming'), { target: { value: '2026-03-01' } });
    fireEvent.change(screen.getByLabelText('Hoe is de toestemming gegeven?'), { target: { value: 'Mondeling' } });
    fireEvent.click(screen.getByLabelText('Intakegesprek gevoerd'));
    fireEvent.change(screen.getByLabelText('Leeftijdsgroep'), { target: { value: '41-65' } });
    expect(screen.queryByLabelText('Reden van vertrek')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Bondgenoot toevoegen' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bondgenoten`));
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/allies`)[0]!.body).toEqual({
      name: 'Jan de Vries',
      mobile: '0612345678',
      email: '',
      organisation: '',
      constituency: 'Ondernemers',
      neighbourhood: '',
      startsOn: null,
      status: 'active',
      leftOn: null,
      leftReason: '',
      contactPermitted: true,
      consentOn: '2026-03-01',
      consentScope: '',
      consentHow: 'Mondeling',
      intakeDone: true,
      codeOfConductSigned: false,
      interestsDeclared: false,
      ageBand: '41-65',
      gender: '',
      relationshipOwners: [],
    });
  });

  it('shows the cap conflict next to the status', async () => {
    const cap = 'Dit netwerk heeft al het maximum van 15 actieve bondgenoten.';
    api(coordinator, {
      'PUT /api/v1/networks/:id/allies/:allyId': () => problemResponse(409, 'Conflict', { errors: { status: cap } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    expect(((await screen.findByLabelText('Naam')) as HTMLInputElement).value).toBe('Fatima El Amrani');
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: `Status: ${cap}` })).toBeTruthy();
    const status = screen.getByRole('group', { name: 'Status' });
    expect(status.getAttribute('aria-describedby')).toBe('ally-status-error');
    expect(document.getElementById('ally-status-error')!.textContent).toBe(cap);
    expect(errorOf(screen.getByLabelText('Actief'))).toBe(cap);
  });

  it('asks for the left date and reason when the status is "Vertrokken"', async () => {
    const calls = api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/nieuw`);
    fireEvent.change(await screen.findByLabelText('Naam'), { target: { value: 'Jan' } });
    fireEvent.click(screen.getByLabelText('Vertrokken'));
    expect(screen.getByLabelText('Reden van vertrek')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Bondgenoot toevoegen' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Datum van vertrek: Vul de datum van vertrek in.' })).toBeTruthy();
    expect(calls.callsTo(`POST /api/v1/networks/${NETWORK_ID}/allies`)).toHaveLength(0);
  });

  it('loads special-category data only after "Toon bijzondere gegevens", and erases it after confirming', async () => {
    const calls = api(coordinatorSensitive);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Bijzondere persoonsgegevens' })).toBeTruthy();
    const specialPath = `GET /api/v1/networks/${NETWORK_ID}/allies/${ALLY_ID}/special`;
    expect(calls.callsTo(specialPath)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Toon bijzondere gegevens' }));
    expect(((await screen.findByLabelText('Achtergrond')) as HTMLInputElement).value).toBe('Marokkaans');
    expect(calls.callsTo(specialPath)).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Gegevens en toestemming verwijderen' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Bijzondere gegevens van Fatima El Amrani verwijderen?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, verwijderen' }));
    const status = await screen.findByText('De bijzondere persoonsgegevens en de toestemming zijn verwijderd.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/allies/${ALLY_ID}/special`)[0]!.body).toEqual({
      background: '',
      religion: '',
      consentOn: null,
      consentHow: '',
    });
    expect((screen.getByLabelText('Achtergrond') as HTMLInputElement).value).toBe('');
  });

  it('shows no special-category section to coordinators without sensitive read, nor to staff', async () => {
    const calls = api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    expect(((await screen.findByLabelText('Naam')) as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('heading', { name: 'Bijzondere persoonsgegevens' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Opslaan' })).toBeNull();
    expect(calls.calls.some((c) => c.path.endsWith('/special'))).toBe(false);
  });

  it('shows the make-up as tables with the suppression note', async () => {
    api(bureauAdvisor);
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Samenstelling' })).toBeTruthy();
    expect(
      await screen.findByText('Groepen kleiner dan 3 worden niet getoond, zodat niemand herkenbaar is.'),
    ).toBeTruthy();
    const genders = screen.getByRole('table', { name: 'Gender' });
    expect(within(genders).getByRole('rowheader', { name: 'Vrouw' }).closest('tr')!.textContent).toBe('Vrouw3');
    expect(within(screen.getByRole('table', { name: 'Leeftijdsgroep' })).getByRole('rowheader', { name: '26 tot en met 40' })).toBeTruthy();
    expect(screen.getByText(/^2 actieve bondgenoten zonder vastgelegde toestemming/)).toBeTruthy();
    expect(screen.getByText('7 van max 15 actief')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Bondgenoten en contactgegevens' })).toBeNull();
  });

  it('shows one sentence instead of background and religion to those who may not read them', async () => {
    api(bureauAdvisor, {
      'GET /api/v1/networks/:id/representation': () =>
        jsonResponse({
          ...representation,
          backgrounds: null,
          religions: null,
          withoutSpecialConsent: null,
          specialCategories: 'restricted',
        } satisfies Representation),
    });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    expect(
      await screen.findByText(
        'Achtergrond en levensovertuiging zijn bijzondere persoonsgegevens: alleen coördinatoren zien de verdeling.',
      ),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Achtergrond en religie of levensovertuiging' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Gender' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Achtergrond' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Religie of levensovertuiging' })).toBeNull();
    expect(screen.queryByText(/zonder vastgelegde toestemming/)).toBeNull();
  });

  it('shows background and religion to coordinators (shown)', async () => {
    api(coordinator, {
      'GET /api/v1/networks/:id/representation': () =>
        jsonResponse({
          ...representation,
          backgrounds: { values: [{ value: 'Marokkaans', count: 3 }], suppressed: false },
        } satisfies Representation),
    });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    const table = await screen.findByRole('table', { name: 'Achtergrond' });
    expect(within(table).getByRole('rowheader', { name: 'Marokkaans' }).closest('tr')!.textContent).toBe('Marokkaans3');
    expect(screen.getByRole('heading', { level: 2, name: 'Religie of levensovertuiging' })).toBeTruthy();
    expect(screen.queryByText(/alleen coördinatoren zien de verdeling/)).toBeNull();
  });

  it('gives 1 and 2 as "minder dan 3" and keeps 0 a white spot', async () => {
    api(bureauAdvisor, {
      'GET /api/v1/networks/:id/coverage': () =>
        jsonResponse({
          communities: [{ name: 'Marokkaans-Nederlandse jongeren', allies: null, fewerThanThree: true }],
          neighbourhoods: [
            { name: 'Lombok', allies: 4, fewerThanThree: false },
            { name: 'Kanaleneiland', allies: 0, fewerThanThree: false },
          ],
          whiteSpots: 1,
        } satisfies Coverage),
    });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    const communities = await screen.findByRole('table', { name: 'Gemeenschappen' });
    expect(
      within(communities).getByRole('rowheader', { name: 'Marokkaans-Nederlandse jongeren' }).closest('tr')!.textContent,
    ).toBe('Marokkaans-Nederlandse jongerenminder dan 3');
    const wijken = screen.getByRole('table', { name: 'Wijken' });
    expect(within(wijken).getByRole('rowheader', { name: 'Lombok' }).closest('tr')!.textContent).toBe('Lombok4');
    expect(within(wijken).getByRole('rowheader', { name: 'Kanaleneiland' }).closest('tr')!.textContent).toBe(
      'Kanaleneiland0 (Witte vlek)',
    );
  });

  it('shows the white spots as tables, marked in words, without the editor for others than coordinators', async () => {
    api(bureauAdvisor);
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    const wijken = await screen.findByRole('table', { name: 'Wijken' });
    expect(within(wijken).getByRole('rowheader', { name: 'Kanaleneiland' }).closest('tr')!.textContent).toBe(
      'Kanaleneiland0 (Witte vlek)',
    );
    expect(within(wijken).getByRole('rowheader', { name: 'Lombok' }).closest('tr')!.textContent).toBe('Lombok1');
    const communities = screen.getByRole('table', { name: 'Gemeenschappen' });
    expect(within(communities).queryByText(/Witte vlek/)).toBeNull();
    expect(screen.getByText('1 witte vlek')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Lijsten bijwerken' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lijsten bijwerken' })).toBeNull();
  });

  it('says so when no communities or neighbourhoods are listed', async () => {
    api(bureauAdvisor, {
      'GET /api/v1/networks/:id/coverage': () => jsonResponse({ communities: [], neighbourhoods: [], whiteSpots: 0 }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    expect(await screen.findByText('Er zijn nog geen gemeenschappen of wijken opgegeven.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Wijken' })).toBeNull();
  });

  it('lets coordinators update the lists, one entry per line, and shows the new tables', async () => {
    const updated: Coverage = {
      communities: [],
      neighbourhoods: [
        { name: 'Kanaleneiland', allies: 0, fewerThanThree: false },
        { name: 'Zuilen', allies: 0, fewerThanThree: false },
      ],
      whiteSpots: 2,
    };
    const calls = api(coordinator, { 'PUT /api/v1/networks/:id/coverage': () => jsonResponse(updated) });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    const form = await screen.findByRole('form', { name: 'Lijsten bijwerken' });
    const wijken = within(form).getByLabelText('Wijken') as HTMLTextAreaElement;
    expect(wijken.value).toBe('Lombok\nKanaleneiland');
    fireEvent.change(within(form).getByLabelText('Gemeenschappen (achterban)'), { target: { value: ' \n' } });
    fireEvent.change(wijken, { target: { value: '  Kanaleneiland \n\n Zuilen\n' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lijsten bijwerken' }));
    const status = await screen.findByText('De lijsten zijn bijgewerkt.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(status.getAttribute('role')).toBe('status');
    expect(calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/coverage`)[0]!.body).toEqual({
      communities: [],
      neighbourhoods: ['Kanaleneiland', 'Zuilen'],
    });
    expect(screen.getByText('2 witte vlekken')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Wijken' });
    expect(within(table).getByRole('rowheader', { name: 'Zuilen' }).closest('tr')!.textContent).toBe('Zuilen0 (Witte vlek)');
    expect(screen.getByText('Geen gemeenschappen opgegeven.')).toBeTruthy();
  });

  it('shows field errors of the lists next to their textareas', async () => {
    const message = 'Maximaal 100 regels.';
    api(coordinator, {
      'PUT /api/v1/networks/:id/coverage': () => problemResponse(400, 'Ongeldige invoer', { errors: { neighbourhoods: message } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/samenstelling`);
    const form = await screen.findByRole('form', { name: 'Lijsten bijwerken' });
    fireEvent.click(within(form).getByRole('button', { name: 'Lijsten bijwerken' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: `Wijken: ${message}` })).toBeTruthy();
    expect(errorOf(within(form).getByLabelText('Wijken'))).toBe(message);
  });

  it('links the network page to the allies and the make-up', async () => {
    api(coordinator, { 'GET /api/v1/tenants': () => jsonResponse({ items: [], next: null }) });
    renderApp(`/netwerken/${NETWORK_ID}`);
    expect((await screen.findByRole('link', { name: 'Bondgenoten en contactgegevens' })).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bondgenoten`,
    );
    expect(screen.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' })).toBeTruthy();
  });
  it('offers import and the exports to coordinators, with what the export leaves out', async () => {
    api(coordinator);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    await screen.findByRole('table', { name: 'Bondgenoten van Bondgenoten Utrecht-Centrum' });
    expect(screen.getByRole('link', { name: 'Importeren' }).getAttribute('href')).toBe(
      `/netwerken/${NETWORK_ID}/bondgenoten/importeren`,
    );
    expect(screen.getByRole('heading', { level: 2, name: 'Exporteren' })).toBeTruthy();
    const xlsx = screen.getByRole('link', { name: 'Exporteren (Excel)' });
    const csv = screen.getByRole('link', { name: 'Exporteren (CSV)' });
    expect(xlsx.getAttribute('href')).toBe(`/api/v1/networks/${NETWORK_ID}/allies/export?format=xlsx`);
    expect(csv.getAttribute('href')).toBe(`/api/v1/networks/${NETWORK_ID}/allies/export?format=csv`);
    expect(csv.hasAttribute('download')).toBe(true);
    expect(screen.getByText(/Bijzondere persoonsgegevens .* worden niet geëxporteerd\. Elke export wordt vastgelegd\./)).toBeTruthy();
  });

  it('shows neither import nor export to staff', async () => {
    api(staff);
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    await screen.findByRole('table', { name: 'Bondgenoten van Bondgenoten Utrecht-Centrum' });
    expect(screen.queryByRole('link', { name: 'Importeren' })).toBeNull();
    expect(screen.queryByRole('link', { name: /^Exporteren/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Exporteren' })).toBeNull();
  });

  it('offers a relationship owner per active partner and sends the chosen ones', async () => {
    const calls = api(coordinator, {
      'PUT /api/v1/networks/:id/allies/:allyId': ({ body }) => jsonResponse({ ...ally, ...(body as object) }),
    });
    const { router } = renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    const group = await screen.findByRole('group', { name: 'Relatiebeheer' });
    const own = within(group).getByLabelText('Relatiebeheerder Gemeente Utrecht') as HTMLSelectElement;
    const police = within(group).getByLabelText('Relatiebeheerder Basisteam Utrecht-Centrum') as HTMLSelectElement;
    expect(within(group).getAllByRole('combobox')).toHaveLength(2);
    expect([...own.options].map((o) => o.text)).toEqual(['Niemand', 'Sanne de Boer', 'Karim Aziz']);
    expect([...police.options].map((o) => o.text)).toEqual(['Niemand', 'Petra Wijkagent']);
    expect(own.value).toBe(sanne.id);
    expect(police.value).toBe('');

    fireEvent.change(own, { target: { value: '' } });
    fireEvent.change(police, { target: { value: petra.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/netwerken/${NETWORK_ID}/bondgenoten`));
    const body = calls.callsTo(`PUT /api/v1/networks/${NETWORK_ID}/allies/${ALLY_ID}`)[0]!.body as Record<string, unknown>;
    expect(body.relationshipOwners).toEqual([{ tenant: 'basisteam-utrecht-centrum', userId: petra.id }]);
  });

  it('leaves out partners that left, and keeps an owner who is no longer listed visible', async () => {
    const left: NetworkPartner = { ...partner(centrum, [], [petra]), active: false, leftAt: '2026-03-01T09:00:00Z' };
    const gone = '00000000-0000-7000-8000-0000000000b9';
    api(coordinator, {
      'GET /api/v1/networks/:id': () => jsonResponse({ ...asSeenBy(network, coordinator), partners: [partner(utrecht, [sanne], [karim]), left] }),
      'GET /api/v1/networks/:id/allies/:allyId': () =>
        jsonResponse({ ...ally, relationshipOwners: [{ tenant: 'utrecht', userId: gone, name: 'Oud-collega' }] }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    const own = (await screen.findByLabelText('Relatiebeheerder Gemeente Utrecht')) as HTMLSelectElement;
    expect(screen.queryByLabelText('Relatiebeheerder Basisteam Utrecht-Centrum')).toBeNull();
    expect(own.value).toBe(gone);
    expect(own.selectedOptions[0]!.text).toBe('Oud-collega (niet meer beschikbaar)');
  });

  it('shows owner errors from the server in the summary and at the select', async () => {
    const message = 'Kies een coördinator of medewerker van die organisatie.';
    api(coordinator, {
      'PUT /api/v1/networks/:id/allies/:allyId': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { 'relationshipOwners[1]': message } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    const police = (await screen.findByLabelText('Relatiebeheerder Basisteam Utrecht-Centrum')) as HTMLSelectElement;
    fireEvent.change(police, { target: { value: petra.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const alert = await screen.findByRole('alert');
    const link = within(alert).getByRole('link', { name: `Relatiebeheerder Basisteam Utrecht-Centrum: ${message}` });
    expect(link.getAttribute('href')).toBe('#ally-owner-basisteam-utrecht-centrum');
    expect(errorOf(police)).toBe(message);
  });

  it('shows an owner error about all owners on the group', async () => {
    const message = 'Eén relatiebeheerder per organisatie.';
    api(coordinator, {
      'PUT /api/v1/networks/:id/allies/:allyId': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { relationshipOwners: message } }),
    });
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten/${ALLY_ID}`);
    await screen.findByLabelText('Relatiebeheerder Gemeente Utrecht');
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: `Relatiebeheer: ${message}` }).getAttribute('href')).toBe(
      '#ally-owner-utrecht',
    );
    const group = screen.getByRole('group', { name: 'Relatiebeheer' });
    expect(group.getAttribute('aria-describedby')).toBe('ally-owners-description ally-owners-error');
    expect(document.getElementById('ally-owners-error')!.textContent).toBe(message);
  });
});
