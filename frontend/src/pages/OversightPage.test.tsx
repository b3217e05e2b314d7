import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry, Me, TenantOversight } from '../api/client';
import { bureauAdmin, bureauAdvisor, coordinator, operator, tenantAdmin } from '../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

// 23:30 UTC on 29 November is already 30 November in Amsterdam: "today" must be Dutch.
const NOW = new Date('2026-11-29T23:30:00Z');
const TODAY = '2026-11-30';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const bureau: DirectoryEntry = { slug: 'bureau-rvs', name: 'Bureau Regionale Veiligheidsstrategie', kind: 'bureau' };
const utrecht: DirectoryEntry = { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' };
const zeist: DirectoryEntry = { slug: 'zeist', name: 'Gemeente Zeist', kind: 'municipality' };
const veenendaal: DirectoryEntry = { slug: 'veenendaal', name: 'Gemeente Veenendaal', kind: 'municipality' };
const amersfoort: DirectoryEntry = { slug: 'amersfoort', name: 'Gemeente Amersfoort', kind: 'municipality' };
const centrum: DirectoryEntry = { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' };
const otherBureau: DirectoryEntry = { slug: 'politie-voor-iedereen', name: 'Politie voor Iedereen', kind: 'bureau' };
const thirdBureau: DirectoryEntry = { slug: 'bureau-wijk', name: 'Bureau Wijkveiligheid', kind: 'bureau' };
const houten: DirectoryEntry = { slug: 'houten', name: 'Gemeente Houten', kind: 'municipality' };
const directory = [bureau, otherBureau, utrecht, zeist, veenendaal, amersfoort, centrum];

const ids: Record<string, string> = {
  [bureau.slug]: '00000000-0000-7000-8000-0000000000a4',
  [otherBureau.slug]: '00000000-0000-7000-8000-0000000000a5',
  [thirdBureau.slug]: '00000000-0000-7000-8000-0000000000aa',
  [utrecht.slug]: '00000000-0000-7000-8000-0000000000a1',
  [zeist.slug]: '00000000-0000-7000-8000-0000000000a6',
  [veenendaal.slug]: '00000000-0000-7000-8000-0000000000a7',
  [amersfoort.slug]: '00000000-0000-7000-8000-0000000000a8',
  [centrum.slug]: '00000000-0000-7000-8000-0000000000a9',
  [houten.slug]: '00000000-0000-7000-8000-0000000000a2',
};

let nextId = 1;
function relation(
  by: DirectoryEntry,
  of: DirectoryEntry,
  change: Partial<TenantOversight> = {},
): TenantOversight {
  return {
    id: `00000000-0000-7000-8000-0000000c${String(nextId++).padStart(4, '0')}`,
    bureauId: ids[by.slug]!,
    tenantId: ids[of.slug]!,
    startsOn: '2026-01-01',
    endsOn: null,
    grantedBy: 'Demo-operator (fictief)',
    active: true,
    status: 'active',
    acceptedAt: '2026-01-01T09:00:00Z',
    acceptedBy: '',
    endedBy: '',
    createdAt: '2026-01-01T08:00:00Z',
    bureau: by,
    overseen: of,
    ...change,
  };
}

const activeUtrecht = relation(bureau, utrecht);
const endedZeist = relation(bureau, zeist, { endsOn: '2026-06-01', active: false, status: 'ended' });
const plannedCentrum = relation(bureau, centrum, { startsOn: '2027-01-01', active: false, status: 'scheduled' });

function api(me: Me, routes: Record<string, MockHandler> = {}) {
  let items = [activeUtrecht, endedZeist, plannedCentrum];
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/tenants': () => jsonResponse({ items: directory, next: null }),
    'GET /api/v1/tenants/bureau-rvs/oversight': () => jsonResponse({ items, next: null }),
    'POST /api/v1/tenants/bureau-rvs/oversight': ({ body }) => {
      const input = body as { tenant: string; startsOn: string; endsOn?: string | null };
      const of = directory.find((entry) => entry.slug === input.tenant)!;
      const created = relation(bureau, of, {
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        active: false,
        status: 'pending',
        acceptedAt: null,
        grantedBy: 'Beheerder (demo) — bureau-rvs <bureau-admin@bureau-rvs.demo>',
      });
      items = [created, ...items];
      return jsonResponse(created, 201);
    },
    'PATCH /api/v1/tenants/bureau-rvs/oversight/:id': ({ params, body }) => {
      const { endsOn } = body as { endsOn: string };
      items = items.map((r) => (r.id === params.id ? { ...r, endsOn, active: false, status: 'ended' as const } : r));
      return jsonResponse(items.find((r) => r.id === params.id));
    },
    ...routes,
  });
}

const caption = 'Organisaties die Bureau Regionale Veiligheidsstrategie volgt';

async function rowOf(name: string, tableName = caption) {
  const table = await screen.findByRole('table', { name: tableName });
  return within(table).getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!;
}

const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((td) => td.textContent);

/** The error message a control refers to (aria-describedby), if any. */
function errorOf(control: HTMLElement): string | undefined {
  const refs = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    refs
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('utrecht-form-field-error-message'))?.textContent ?? undefined
  );
}

async function organisationSelect() {
  const select = (await screen.findByLabelText('Organisatie')) as HTMLSelectElement;
  await waitFor(() => expect(select.options.length).toBeGreaterThan(1)); // the directory has loaded
  return select;
}

describe('Toezicht', () => {
  it('lists a bureau’s relations with Dutch dates and status labels', async () => {
    api(bureauAdvisor);
    renderApp('/toezicht');
    expect(await screen.findByRole('heading', { level: 1, name: 'Toezicht' })).toBeTruthy();
    expect(screen.getByText(/Adviseurs van Bureau Regionale Veiligheidsstrategie kunnen de netwerkgezondheid/)).toBeTruthy();
    const table = await screen.findByRole('table', { name: caption });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Organisatie',
      'Sinds',
      'Tot',
      'Status',
      'Toegekend door',
    ]);
    const utrechtRow = await rowOf('Gemeente Utrecht');
    expect(within(utrechtRow).getByRole('rowheader').textContent).toBe('Gemeente Utrecht Gemeente');
    expect(cells(utrechtRow)).toEqual(['1 januari 2026', '—geen einddatum', 'Actief', 'Demo-operator (fictief)']);
    expect(cells(await rowOf('Gemeente Zeist')).slice(0, 3)).toEqual(['1 januari 2026', '1 juni 2026', 'Beëindigd']);
    expect(cells(await rowOf('Basisteam Utrecht-Centrum')).slice(0, 3)).toEqual([
      '1 januari 2027',
      '—geen einddatum',
      'Gepland',
    ]);
    expect(within(await rowOf('Basisteam Utrecht-Centrum')).getByRole('rowheader').textContent).toContain(
      'Politie-eenheid (basisteam)',
    );
    expect(document.title).toBe('Toezicht – Bondgenoten');
  });

  it('hides the manage actions from a bureau advisor', async () => {
    const calls = api(bureauAdvisor);
    renderApp('/toezicht');
    await rowOf('Gemeente Utrecht');
    expect(screen.queryByRole('button', { name: /^Beëindigen/ })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Organisatie toevoegen' })).toBeNull();
    expect(screen.queryByLabelText('Organisatie')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Acties' })).toBeNull();
    expect(calls.callsTo('GET /api/v1/tenants')).toHaveLength(0);
  });

  it('shows a bureau admin an end button per active relation and a form to add one', async () => {
    api(bureauAdmin);
    renderApp('/toezicht');
    const table = await screen.findByRole('table', { name: caption });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toContain('Acties');
    expect(within(await rowOf('Gemeente Utrecht')).getByRole('button', { name: 'Beëindigen Gemeente Utrecht' })).toBeTruthy();
    expect(within(await rowOf('Gemeente Zeist')).queryByRole('button')).toBeNull();
    expect(within(await rowOf('Basisteam Utrecht-Centrum')).queryByRole('button')).toBeNull();

    const form = screen.getByRole('form', { name: 'Organisatie toevoegen' });
    const select = await organisationSelect();
    // Municipalities and police units the bureau does not follow or ask to follow, grouped by
    // kind: Utrecht (active) and Utrecht-Centrum (accepted, starts later) are not offered.
    const groups = [...select.querySelectorAll('optgroup')].map((group) => [
      group.label,
      [...group.querySelectorAll('option')].map((option) => option.textContent),
    ]);
    expect(groups).toEqual([['Gemeenten', ['Gemeente Amersfoort', 'Gemeente Veenendaal', 'Gemeente Zeist']]]);
    expect(select.value).toBe('');
    expect((within(form).getByLabelText('Startdatum') as HTMLInputElement).value).toBe(TODAY);
    expect((within(form).getByLabelText('Einddatum (niet verplicht)') as HTMLInputElement).value).toBe('');
  });

  it('names all five statuses, and does not offer an organisation that is still asked', async () => {
    const pendingAmersfoort = relation(bureau, amersfoort, { active: false, status: 'pending', acceptedAt: null, startsOn: TODAY });
    const declinedVeenendaal = relation(bureau, veenendaal, {
      active: false,
      status: 'declined',
      acceptedAt: null,
      endsOn: TODAY,
      endedBy: 'Beheerder (demo) — veenendaal',
    });
    api(bureauAdmin, {
      'GET /api/v1/tenants/bureau-rvs/oversight': () =>
        jsonResponse({ items: [pendingAmersfoort, declinedVeenendaal, activeUtrecht, endedZeist, plannedCentrum], next: null }),
    });
    renderApp('/toezicht');
    expect(cells(await rowOf('Gemeente Amersfoort'))[2]).toBe('Wacht op akkoord');
    expect(cells(await rowOf('Gemeente Veenendaal'))[2]).toBe('GeweigerdDoor: Beheerder (demo) — veenendaal');
    expect(cells(await rowOf('Gemeente Utrecht'))[2]).toBe('Actief');
    expect(cells(await rowOf('Gemeente Zeist'))[2]).toBe('Beëindigd');
    expect(cells(await rowOf('Basisteam Utrecht-Centrum'))[2]).toBe('Gepland');
    // Only a relation in force can be ended by the bureau.
    expect(within(await rowOf('Gemeente Amersfoort')).queryByRole('button')).toBeNull();
    const select = await organisationSelect();
    // Amersfoort waits for an answer; Veenendaal declined and may be asked again.
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Kies een organisatie',
      'Gemeente Veenendaal',
      'Gemeente Zeist',
    ]);
  });

  it('says so, without a form, when the bureau follows every organisation already', async () => {
    api(bureauAdmin, { 'GET /api/v1/tenants': () => jsonResponse({ items: [bureau, utrecht], next: null }) });
    renderApp('/toezicht');
    expect(
      await screen.findByText('Bureau Regionale Veiligheidsstrategie volgt alle gemeenten en politie-eenheden al, of heeft erom gevraagd.'),
    ).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: 'Organisatie toevoegen' })).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('adds an organisation: POST with the chosen organisation and dates, then announces it', async () => {
    const calls = api(bureauAdmin);
    renderApp('/toezicht');
    fireEvent.change(await organisationSelect(), { target: { value: 'veenendaal' } });
    fireEvent.change(screen.getByLabelText('Einddatum (niet verplicht)'), { target: { value: '2027-12-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Toevoegen' }));

    const status = await screen.findByText(
      'Gemeente Veenendaal is toegevoegd en wacht op akkoord. Zodra een beheerder van Gemeente Veenendaal het verzoek accepteert, kunnen adviseurs van Bureau Regionale Veiligheidsstrategie het netwerk volgen vanaf 30 november 2026.',
    );
    expect(status.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(status));
    const [post] = calls.callsTo('POST /api/v1/tenants/bureau-rvs/oversight');
    expect(post!.body).toEqual({ tenant: 'veenendaal', startsOn: TODAY, endsOn: '2027-12-31' });

    // Not in force: it waits for Veenendaal's administrator, and the bureau cannot end it yet.
    await waitFor(async () => expect(cells(await rowOf('Gemeente Veenendaal'))).toContain('Wacht op akkoord'));
    expect(cells(await rowOf('Gemeente Veenendaal'))[1]).toBe('31 december 2027');
    expect(within(await rowOf('Gemeente Veenendaal')).queryByRole('button')).toBeNull();
    // Asked for now: no longer offered, and the form starts over.
    const select = (await organisationSelect()) as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).not.toContain('veenendaal'));
    expect(select.value).toBe('');
  });

  it('leaves out an empty end date, and asks for an organisation before sending anything', async () => {
    const calls = api(bureauAdmin);
    renderApp('/toezicht');
    const select = await organisationSelect();
    fireEvent.click(screen.getByRole('button', { name: 'Toevoegen' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Controleer de gemarkeerde velden.' })).toBeTruthy();
    expect(within(alert).getByRole('link', { name: 'Organisatie: Kies een organisatie.' })).toBeTruthy();
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(select)).toBe('Kies een organisatie.');
    expect(calls.callsTo('POST /api/v1/tenants/bureau-rvs/oversight')).toHaveLength(0);

    fireEvent.change(select, { target: { value: 'amersfoort' } });
    fireEvent.click(screen.getByRole('button', { name: 'Toevoegen' }));
    await screen.findByText(/^Gemeente Amersfoort is toegevoegd/);
    expect(calls.callsTo('POST /api/v1/tenants/bureau-rvs/oversight')[0]!.body).toEqual({
      tenant: 'amersfoort',
      startsOn: TODAY,
    });
  });

  it('shows a 409 next to the organisation select, with the problem title in an alert', async () => {
    api(bureauAdmin, {
      'POST /api/v1/tenants/bureau-rvs/oversight': () =>
        problemResponse(409, 'Conflict', {
          errors: { tenant: 'Er is al een lopende toezichtrelatie tussen dit bureau en deze organisatie.' },
        }),
    });
    renderApp('/toezicht');
    const select = await organisationSelect();
    fireEvent.change(select, { target: { value: 'zeist' } });
    fireEvent.click(screen.getByRole('button', { name: 'Toevoegen' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Conflict' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(alert.closest('.bg-problem')));
    const link = within(alert).getByRole('link', { name: /^Organisatie: Er is al een lopende toezichtrelatie/ });
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(select)).toBe('Er is al een lopende toezichtrelatie tussen dit bureau en deze organisatie.');
    expect(select.value).toBe('zeist'); // the choice is kept
    fireEvent.click(link);
    expect(document.activeElement).toBe(select);
  });

  it('ends a relation after confirmation with PATCH endsOn = today in Amsterdam', async () => {
    const calls = api(bureauAdmin);
    renderApp('/toezicht');
    const patchPath = `PATCH /api/v1/tenants/bureau-rvs/oversight/${activeUtrecht.id}`;

    fireEvent.click(within(await rowOf('Gemeente Utrecht')).getByRole('button', { name: 'Beëindigen Gemeente Utrecht' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Toezicht op Gemeente Utrecht beëindigen?' });
    expect(within(dialog).getByText(/vanaf vandaag \(30 november 2026\)/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.callsTo(patchPath)).toHaveLength(0);

    fireEvent.click(within(await rowOf('Gemeente Utrecht')).getByRole('button', { name: 'Beëindigen Gemeente Utrecht' }));
    dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, beëindigen' }));

    const status = await screen.findByText('Het toezicht op Gemeente Utrecht is beëindigd.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    const [patch] = calls.callsTo(patchPath);
    expect(patch!.body).toEqual({ endsOn: TODAY });
    await waitFor(async () => expect(cells(await rowOf('Gemeente Utrecht')).slice(1, 3)).toEqual(['30 november 2026', 'Beëindigd']));
    expect(within(await rowOf('Gemeente Utrecht')).queryByRole('button')).toBeNull();
  });

  it('shows the reason in the dialog when ending fails', async () => {
    api(bureauAdmin, {
      'PATCH /api/v1/tenants/bureau-rvs/oversight/:id': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { endsOn: 'Moet op of na startsOn liggen.' } }),
    });
    renderApp('/toezicht');
    fireEvent.click(within(await rowOf('Gemeente Utrecht')).getByRole('button', { name: /^Beëindigen/ }));
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, beëindigen' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Ongeldige invoer' })).toBeTruthy();
    expect(within(alert).getByText('Einddatum (niet verplicht): Moet op of na startsOn liggen.')).toBeTruthy();
  });

  it('shows a municipality which bureaus follow it, without actions', async () => {
    const followedBy = [
      relation(bureau, utrecht, { acceptedBy: 'Beheerder (demo) — utrecht' }),
      relation(otherBureau, utrecht, {
        endsOn: '2026-03-01',
        active: false,
        status: 'ended',
        endedBy: 'Beheerder (demo) — utrecht',
      }),
      relation(thirdBureau, utrecht, { active: false, status: 'pending', acceptedAt: null }),
    ];
    mockApi({
      'GET /api/v1/me': () => jsonResponse(coordinator),
      'GET /api/v1/tenants/utrecht/oversight': () => jsonResponse({ items: followedBy, next: null }),
    });
    renderApp('/toezicht');
    const table = await screen.findByRole('table', { name: 'Wie volgt onze organisatie' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Ondersteuningsbureau',
      'Sinds',
      'Tot',
      'Status',
      'Aangevraagd door',
    ]);
    const rvs = within(table).getByRole('rowheader', { name: /^Bureau Regionale Veiligheidsstrategie/ }).closest('tr')!;
    expect(cells(rvs)[2]).toBe('ActiefAkkoord: Beheerder (demo) — utrecht');
    const pvi = within(table).getByRole('rowheader', { name: /^Politie voor Iedereen/ }).closest('tr')!;
    expect(cells(pvi).slice(1, 3)).toEqual(['1 maart 2026', 'BeëindigdDoor: Beheerder (demo) — utrecht']);
    const asking = within(table).getByRole('rowheader', { name: /^Bureau Wijkveiligheid/ }).closest('tr')!;
    expect(cells(asking)[2]).toBe('Wacht op akkoord');
    expect(screen.getByText(/Deze ondersteuningsbureaus volgen de netwerkgezondheid van Gemeente Utrecht/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Beëindigen/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Accepteren/ })).toBeNull();
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('says "Geen toegang" without the oversight permission', async () => {
    const calls = mockApi({ 'GET /api/v1/me': () => jsonResponse(operator) });
    renderApp('/toezicht');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    expect(calls.calls.filter((c) => c.path.endsWith('/oversight'))).toHaveLength(0);
  });

  it('is available in English', async () => {
    api(bureauAdmin);
    renderApp('/toezicht');
    await rowOf('Gemeente Utrecht');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    const table = await screen.findByRole('table', { name: 'Organisations Bureau Regionale Veiligheidsstrategie follows' });
    expect(within(table).getByText('Active')).toBeTruthy();
    expect(within(table).getByText('Ended')).toBeTruthy();
    expect(within(table).getByText('Planned')).toBeTruthy();
    expect(within(table).getAllByText('1 January 2026').length).toBeGreaterThan(0);
    expect(screen.getByRole('heading', { level: 1, name: 'Oversight' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'End Gemeente Utrecht' })).toBeTruthy();
    expect(screen.getByLabelText('End date (optional)')).toBeTruthy();
  });
  describe('for the administrator of an overseen organisation', () => {
    const askingRvs = relation(bureau, houten, {
      active: false,
      status: 'pending',
      acceptedAt: null,
      startsOn: '2026-12-01',
      grantedBy: 'Beheerder (demo) — bureau-rvs <bureau-admin@bureau-rvs.demo>',
    });
    const activePvi = relation(otherBureau, houten, { acceptedBy: 'Beheerder (demo) — houten' });
    const declinedWijk = relation(thirdBureau, houten, {
      active: false,
      status: 'declined',
      acceptedAt: null,
      endsOn: '2026-10-01',
      endedBy: 'Beheerder (demo) — houten',
    });

    function adminApi(routes: Record<string, MockHandler> = {}) {
      let items = [askingRvs, activePvi, declinedWijk];
      const change = (id: string, update: Partial<TenantOversight>) => {
        items = items.map((r) => (r.id === id ? { ...r, ...update } : r));
        return jsonResponse(items.find((r) => r.id === id));
      };
      return mockApi({
        'GET /api/v1/me': () => jsonResponse(tenantAdmin),
        'GET /api/v1/tenants/houten/bureaus': () => jsonResponse({ items, next: null }),
        'POST /api/v1/tenants/houten/oversight/:id/accept': ({ params }) =>
          change(params.id!, { status: 'scheduled', acceptedAt: NOW.toISOString(), acceptedBy: 'Beheerder (demo) — houten' }),
        'POST /api/v1/tenants/houten/oversight/:id/end': ({ params }) => {
          const was = items.find((r) => r.id === params.id)!;
          return change(params.id!, {
            status: was.status === 'pending' ? 'declined' : 'ended',
            active: false,
            endsOn: TODAY,
            endedBy: 'Beheerder (demo) — houten',
          });
        },
        ...routes,
      });
    }

    const houtenTable = 'Wie volgt onze organisatie';

    it('lists the bureaus from GET …/bureaus with what a bureau sees, and the answers per status', async () => {
      const calls = adminApi();
      renderApp('/toezicht');
      const table = await screen.findByRole('table', { name: houtenTable });
      expect(
        screen.getByText(
          'Ondersteuningsbureaus kunnen vragen om de netwerkgezondheid van Gemeente Houten te volgen. Een bureau ziet alleen totalen en voortgang, nooit namen of contactgegevens van bondgenoten, en pas nadat u het verzoek hebt geaccepteerd.',
        ),
      ).toBeTruthy();
      expect(screen.getByText('1 verzoek wacht op uw antwoord.')).toBeTruthy();
      expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
        'Ondersteuningsbureau',
        'Sinds',
        'Tot',
        'Status',
        'Aangevraagd door',
        'Acties',
      ]);
      const rvs = await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable);
      expect(cells(rvs).slice(0, 4)).toEqual([
        '1 december 2026',
        '—geen einddatum',
        'Wacht op akkoord',
        'Beheerder (demo) — bureau-rvs <bureau-admin@bureau-rvs.demo>',
      ]);
      expect(within(rvs).getAllByRole('button').map((b) => b.textContent)).toEqual([
        'Accepteren Bureau Regionale Veiligheidsstrategie',
        'Weigeren Bureau Regionale Veiligheidsstrategie',
      ]);
      const pvi = await rowOf('Politie voor Iedereen', houtenTable);
      expect(within(pvi).getAllByRole('button').map((b) => b.textContent)).toEqual(['Beëindigen Politie voor Iedereen']);
      expect(within(await rowOf('Bureau Wijkveiligheid', houtenTable)).queryByRole('button')).toBeNull();
      expect(cells(await rowOf('Bureau Wijkveiligheid', houtenTable))[2]).toBe('GeweigerdDoor: Beheerder (demo) — houten');
      expect(calls.callsTo('GET /api/v1/tenants/houten/oversight')).toHaveLength(0);
      expect(screen.queryByRole('form')).toBeNull();
    });

    it('accepts a request at once and says from when the bureau follows', async () => {
      const calls = adminApi();
      renderApp('/toezicht');
      const rvs = await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable);
      fireEvent.click(within(rvs).getByRole('button', { name: 'Accepteren Bureau Regionale Veiligheidsstrategie' }));
      const status = await screen.findByText(
        'U hebt het verzoek van Bureau Regionale Veiligheidsstrategie geaccepteerd. Adviseurs van Bureau Regionale Veiligheidsstrategie kunnen de netwerkgezondheid van Gemeente Houten volgen vanaf 1 december 2026.',
      );
      await waitFor(() => expect(document.activeElement).toBe(status));
      expect(calls.callsTo(`POST /api/v1/tenants/houten/oversight/${askingRvs.id}/accept`)).toHaveLength(1);
      // The acceptance names the terms that were shown.
      expect(calls.callsTo(`POST /api/v1/tenants/houten/oversight/${askingRvs.id}/accept`)[0]?.body).toEqual({
        startsOn: askingRvs.startsOn,
        endsOn: askingRvs.endsOn,
      });
      await waitFor(async () =>
        expect(cells(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable))[2]).toBe(
          'GeplandAkkoord: Beheerder (demo) — houten',
        ),
      );
      // Accepted, starting later: it can be ended, no longer answered.
      expect(
        within(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable))
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['Beëindigen Bureau Regionale Veiligheidsstrategie']);
      expect(screen.queryByText(/wacht op uw antwoord/)).toBeNull();
    });

    it('declines a request after confirmation', async () => {
      const calls = adminApi();
      renderApp('/toezicht');
      const endPath = `POST /api/v1/tenants/houten/oversight/${askingRvs.id}/end`;
      fireEvent.click(
        within(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable)).getByRole('button', {
          name: 'Weigeren Bureau Regionale Veiligheidsstrategie',
        }),
      );
      let dialog = await screen.findByRole('alertdialog', {
        name: 'Verzoek van Bureau Regionale Veiligheidsstrategie weigeren?',
      });
      fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
      expect(calls.callsTo(endPath)).toHaveLength(0);

      fireEvent.click(
        within(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable)).getByRole('button', { name: /^Weigeren/ }),
      );
      dialog = await screen.findByRole('alertdialog');
      expect(within(dialog).getByText(/kan de netwerkgezondheid van Gemeente Houten dan niet volgen/)).toBeTruthy();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, weigeren' }));
      const status = await screen.findByText('U hebt het verzoek van Bureau Regionale Veiligheidsstrategie geweigerd.');
      await waitFor(() => expect(document.activeElement).toBe(status));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(calls.callsTo(endPath)).toHaveLength(1);
      await waitFor(async () =>
        expect(cells(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable))[2]).toBe(
          'GeweigerdDoor: Beheerder (demo) — houten',
        ),
      );
    });

    it('ends a relation in force after confirmation, and shows a refusal in the dialog', async () => {
      let refuse = true;
      const calls = adminApi({
        'POST /api/v1/tenants/houten/oversight/:id/end': ({ params }) => {
          if (refuse) {
            refuse = false;
            return problemResponse(409, 'Het toezicht is al beëindigd.');
          }
          return jsonResponse({ ...activePvi, id: params.id, status: 'ended', active: false, endsOn: TODAY });
        },
      });
      renderApp('/toezicht');
      fireEvent.click(
        within(await rowOf('Politie voor Iedereen', houtenTable)).getByRole('button', { name: 'Beëindigen Politie voor Iedereen' }),
      );
      const dialog = await screen.findByRole('alertdialog', { name: 'Toezicht van Politie voor Iedereen beëindigen?' });
      expect(within(dialog).getByText(/vanaf vandaag \(30 november 2026\) niet meer volgen/)).toBeTruthy();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, beëindigen' }));
      const alert = await within(dialog).findByRole('alert');
      expect(within(alert).getByRole('heading', { name: 'Het toezicht is al beëindigd.' })).toBeTruthy();

      fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, beëindigen' }));
      expect(await screen.findByText('Het toezicht van Politie voor Iedereen is beëindigd.')).toBeTruthy();
      expect(calls.callsTo(`POST /api/v1/tenants/houten/oversight/${activePvi.id}/end`)).toHaveLength(2);
    });

    it('shows why accepting failed', async () => {
      adminApi({
        'POST /api/v1/tenants/houten/oversight/:id/accept': () =>
          problemResponse(409, 'Het verzoek wacht niet meer op een antwoord.'),
      });
      renderApp('/toezicht');
      fireEvent.click(
        within(await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable)).getByRole('button', { name: /^Accepteren/ }),
      );
      const alert = await screen.findByRole('alert');
      expect(within(alert).getByRole('heading', { name: 'Het verzoek wacht niet meer op een antwoord.' })).toBeTruthy();
      await waitFor(() => expect(document.activeElement).toBe(alert.closest('.bg-problem')));
    });

    it('is available in English', async () => {
      adminApi();
      renderApp('/toezicht');
      await rowOf('Bureau Regionale Veiligheidsstrategie', houtenTable);
      fireEvent.click(screen.getByRole('button', { name: 'English' }));
      const table = await screen.findByRole('table', { name: 'Who follows our organisation' });
      expect(within(table).getByText('Waiting for consent')).toBeTruthy();
      expect(within(table).getByText('Declined')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Accept Bureau Regionale Veiligheidsstrategie' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'Decline Bureau Regionale Veiligheidsstrategie' })).toBeTruthy();
      expect(screen.getByText(/never names or contact details of allies, and only after you have accepted/)).toBeTruthy();
    });
  });
});
