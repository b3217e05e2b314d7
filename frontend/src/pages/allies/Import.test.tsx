import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me, Network } from '../../api/client';
import { asSeenBy, coordinator } from '../../test/fixtures';
import { mockXhr, type XhrHandler } from '../../test/fakeXhr';
import { mockApi } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';
import type { ImportReport } from './ImportPage';
import { columnOf, templateCsv } from './importFile';

afterEach(() => vi.unstubAllGlobals());

const NETWORK_ID = '00000000-0000-7000-8000-00000000e001';
const IMPORT_URL = `/netwerken/${NETWORK_ID}/bondgenoten/importeren`;
const IMPORT_API = `/api/v1/networks/${NETWORK_ID}/allies/import`;

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
  partners: [
    {
      tenant: { slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' },
      joinedAt: '2026-01-10T09:00:00Z',
      leaveRequestedAt: null,
      leftAt: null,
      active: true,
      coordinators: [],
      staff: [],
    },
  ],
};

const staff: Me = { ...coordinator, roles: ['staff'], permissions: { org: ['read'], contacts: ['read'], self: ['read', 'write'] } };

const withErrors: ImportReport = {
  dryRun: true,
  rows: 3,
  valid: 1,
  created: 0,
  errors: [
    { row: 3, field: 'status', rule: 'oneof', message: 'Kies kandidaat, actief, gepauzeerd of vertrokken.' },
    { row: 3, field: 'startsOn', rule: 'date', message: 'Geen geldige datum.' },
    { row: 4, field: '', rule: 'unnamed_column', message: 'Kolom 20 heeft geen naam.' },
  ],
};
const allValid: ImportReport = { dryRun: true, rows: 2, valid: 2, created: 0, errors: [] };
const imported: ImportReport = { dryRun: false, rows: 2, valid: 2, created: 2, errors: [] };

function api(me: Me = coordinator) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(me),
    'GET /api/v1/networks/:id': () => jsonResponse(asSeenBy(network, me)),
    'GET /api/v1/networks/:id/allies': () => jsonResponse({ items: [], next: null }),
  });
}

function csvFile(text = 'naam;status\r\nJan;kandidaat\r\n', name = 'bondgenoten.csv') {
  return new File([text], name, { type: 'text/csv' });
}

async function chooseFile(file: File) {
  const input = (await screen.findByLabelText('Importbestand')) as HTMLInputElement;
  fireEvent.change(input, { target: { files: [file] } });
  return input;
}

/** Answers dry runs and imports alike from a list of replies, in order. */
function replies(...list: Array<Awaited<ReturnType<XhrHandler>>>): XhrHandler {
  return () => list.shift() ?? { status: 500, body: { type: 'about:blank', title: 'Onverwacht', status: 500 } };
}

function errorOf(control: HTMLElement): string | undefined {
  const refs = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return (
    refs
      .map((id) => document.getElementById(id))
      .find((el) => el?.classList.contains('utrecht-form-field-error-message'))?.textContent ?? undefined
  );
}

describe('Bondgenoten importeren', () => {
  it('explains the columns and offers a CSV template with the Dutch headers', async () => {
    api();
    renderApp(IMPORT_URL);
    expect(await screen.findByRole('heading', { level: 1, name: 'Bondgenoten importeren' })).toBeTruthy();
    const columns = screen.getByRole('table', { name: 'Kolommen van het importbestand' });
    const naam = within(columns).getByRole('rowheader', { name: 'naam' }).closest('tr')!;
    expect(within(naam).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Naam', 'Verplicht.']);
    const status = within(columns).getByRole('rowheader', { name: 'status' }).closest('tr')!;
    expect(status.textContent).toContain('kandidaat, actief, gepauzeerd of vertrokken');
    expect(within(columns).getAllByRole('rowheader')).toHaveLength(19);
    expect(screen.getByText(/worden nooit geïmporteerd/)).toBeTruthy();

    const template = screen.getByRole('link', { name: 'Sjabloon downloaden (CSV met alle kolommen)' });
    expect(template.getAttribute('download')).toBe('bondgenoten-importsjabloon.csv');
    const href = template.getAttribute('href')!;
    expect(href.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(templateCsv());
    expect(templateCsv()).toBe(
      '\uFEFFnaam;mobiel;e-mail;organisatie;achterban;wijk;startdatum;status;vertrokken_op;reden_vertrek;' +
        'contact_toegestaan;toestemming_op;toestemming_reikwijdte;toestemming_hoe;intakegesprek;gedragscode;' +
        'belangenverklaring;leeftijd;gender\r\n',
    );

    const input = screen.getByLabelText('Importbestand') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.csv,.xlsx');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Een .csv- of .xlsx-bestand van maximaal 10 MB.',
    );
  });

  it('checks the file first and shows the row errors, without an import button', async () => {
    api();
    const xhr = mockXhr(replies({ status: 200, body: withErrors }));
    renderApp(IMPORT_URL);
    const file = csvFile();
    await chooseFile(file);
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));

    const heading = await screen.findByRole('heading', { level: 2, name: 'Resultaat van de controle' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(xhr.requests).toHaveLength(1);
    const [req] = xhr.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url.pathname).toBe(IMPORT_API);
    expect(req!.url.searchParams.get('dryRun')).toBe('true');
    expect(req!.file?.name).toBe('bondgenoten.csv');
    expect(await req!.file!.text()).toBe(await file.text());
    expect(req!.headers['accept-language']).toBe('nl');

    expect(screen.getByText('3 rijen, 1 in orde, 3 fouten')).toBeTruthy();
    expect(screen.getByText(/^Er is nog niets vastgelegd\./)).toBeTruthy();
    const table = screen.getByRole('table', { name: '3 fouten in het bestand' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['3', 'status', 'Kies kandidaat, actief, gepauzeerd of vertrokken.'],
      ['3', 'startdatum', 'Geen geldige datum.'],
      ['4', '(hele rij)', 'Kolom 20 heeft geen naam.'],
    ]);
    expect(screen.queryByRole('button', { name: 'Importeren' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Stap 3: importeren' })).toBeNull();
  });

  it('imports a checked file without errors, then links back to the refreshed list', async () => {
    const calls = api();
    const xhr = mockXhr(replies({ status: 200, body: allValid }, { status: 201, body: imported }));
    renderApp(`/netwerken/${NETWORK_ID}/bondgenoten`);
    fireEvent.click(await screen.findByRole('link', { name: 'Importeren' }));
    const file = csvFile('naam;status\r\nJan;kandidaat\r\nPiet;actief\r\n');
    await chooseFile(file);
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));

    expect(await screen.findByText('2 rijen, 2 in orde, 0 fouten')).toBeTruthy();
    expect(screen.getByText('Alle rijen zijn in orde. Er is nog niets vastgelegd.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: /fouten in het bestand/ })).toBeNull();
    expect(screen.getByText('Klik op Importeren om 2 bondgenoten toe te voegen aan Bondgenoten Utrecht-Centrum.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Importeren' }));

    const done = await screen.findByRole('heading', { level: 2, name: 'Import voltooid' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    expect(screen.getByText('2 bondgenoten zijn toegevoegd aan Bondgenoten Utrecht-Centrum.')).toBeTruthy();
    expect(xhr.requests).toHaveLength(2);
    expect(xhr.requests[1]!.url.pathname).toBe(IMPORT_API);
    expect(xhr.requests[1]!.url.search).toBe('');
    expect(await xhr.requests[1]!.file!.text()).toBe(await file.text());
    expect(screen.queryByRole('button', { name: 'Importeren' })).toBeNull();

    const listPath = `GET /api/v1/networks/${NETWORK_ID}/allies`;
    expect(calls.callsTo(listPath)).toHaveLength(1);
    fireEvent.click(screen.getByRole('link', { name: 'Naar de bondgenoten van Bondgenoten Utrecht-Centrum' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Bondgenoten' })).toBeTruthy();
    // The import made the cached list stale: it is loaded again.
    await waitFor(() => expect(calls.callsTo(listPath)).toHaveLength(2));
  });

  it('shows the report when the import itself finds errors (nothing written)', async () => {
    api();
    const refused: ImportReport = {
      dryRun: false,
      rows: 2,
      valid: 1,
      created: 0,
      errors: [{ row: 2, field: 'email', rule: 'exists', message: 'Dit e-mailadres is al in gebruik.' }],
    };
    mockXhr(replies({ status: 200, body: allValid }, { status: 200, body: refused }));
    renderApp(IMPORT_URL);
    await chooseFile(csvFile());
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Importeren' }));
    const heading = await screen.findByRole('heading', { level: 2, name: 'De import is niet uitgevoerd' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText(/^Er is niets vastgelegd/)).toBeTruthy();
    const table = screen.getByRole('table', { name: '1 fout in het bestand' });
    expect(within(table).getByRole('rowheader', { name: '2' }).closest('tr')!.textContent).toBe(
      '2e-mailDit e-mailadres is al in gebruik.',
    );
    expect(screen.queryByRole('button', { name: 'Importeren' })).toBeNull();
  });

  it('shows a problem with the file itself at the file field', async () => {
    api();
    const message = 'De kolom "telefoon" is onbekend.';
    mockXhr(
      replies({
        status: 400,
        body: { type: 'about:blank', title: 'Het bestand kan niet worden gelezen.', status: 400, code: 'invalid', errors: { file: message } },
      }),
    );
    renderApp(IMPORT_URL);
    const input = await chooseFile(csvFile());
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    const alert = await screen.findByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(alert.closest('.bg-problem')));
    expect(within(alert).getByRole('heading', { name: 'Het bestand kan niet worden gelezen.' })).toBeTruthy();
    expect(within(alert).getByRole('link', { name: `Importbestand: ${message}` }).getAttribute('href')).toBe(
      '#ally-import-file',
    );
    expect(errorOf(input)).toBe(message);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('heading', { name: 'Resultaat van de controle' })).toBeNull();
  });

  it('says the file is too large when the server refuses it with 413, even without problem+json', async () => {
    api();
    mockXhr(replies({ status: 413, body: '<html>Request Entity Too Large</html>', contentType: 'text/html' }));
    renderApp(IMPORT_URL);
    await chooseFile(csvFile());
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Het bestand is te groot (maximaal 10 MB).' })).toBeTruthy();
  });

  it('checks the size and type of the file before sending it', async () => {
    api();
    const xhr = mockXhr(replies());
    renderApp(IMPORT_URL);
    await screen.findByLabelText('Importbestand');
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    let alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Importbestand: Kies een bestand.' })).toBeTruthy();

    const big = csvFile();
    Object.defineProperty(big, 'size', { value: 10 * 1024 * 1024 + 1 });
    const input = await chooseFile(big);
    expect(errorOf(input)).toBe('Het bestand is groter dan 10 MB. Verdeel de bondgenoten over meer bestanden.');
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: /^Importbestand: Het bestand is groter dan 10 MB/ })).toBeTruthy();

    await chooseFile(new File(['x'], 'bondgenoten.pdf', { type: 'application/pdf' }));
    expect(errorOf(input)).toBe('Kies een .csv- of .xlsx-bestand.');
    expect(xhr.requests).toHaveLength(0);
  });

  it('shows the upload progress in a labelled progress bar', async () => {
    api();
    let finish!: () => void;
    const answered = new Promise<void>((resolve) => (finish = resolve));
    mockXhr(async (_req, { progress }) => {
      progress(45, 100);
      await answered;
      return { status: 200, body: allValid };
    });
    renderApp(IMPORT_URL);
    await chooseFile(csvFile());
    fireEvent.click(screen.getByRole('button', { name: 'Controleren' }));
    const bar = (await screen.findByLabelText('Voortgang van het versturen')) as HTMLProgressElement;
    await waitFor(() => expect(bar.value).toBe(45));
    const live = screen.getByText('40% verstuurd');
    expect(live.getAttribute('aria-live')).toBe('polite');
    finish();
    expect(await screen.findByText('2 rijen, 2 in orde, 0 fouten')).toBeTruthy();
    expect(screen.queryByLabelText('Voortgang van het versturen')).toBeNull();
  });

  it('is for coordinators only', async () => {
    api(staff);
    renderApp(IMPORT_URL);
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    expect(screen.queryByLabelText('Importbestand')).toBeNull();
  });

  it('names the Dutch column of a field', () => {
    expect(columnOf('email')).toBe('e-mail');
    expect(columnOf('leftOn')).toBe('vertrokken_op');
    expect(columnOf('vertrokken_op')).toBe('vertrokken_op');
    expect(columnOf('somethingElse')).toBeUndefined();
  });
});
