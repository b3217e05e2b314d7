import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DirectoryEntry } from '../api/client';
import { i18n } from '../i18n';
import { problemResponse } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

/** Stubs fetch for the directory; the shell's GET /api/v1/me answers "signed out". */
function stubFetch(handler: (request: Request) => Response | Promise<Response>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => handler(input as Request));
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    if (input instanceof Request && new URL(input.url).pathname === '/api/v1/me') {
      return problemResponse(401, 'Niet aangemeld');
    }
    return fetchMock(input);
  });
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const page1: DirectoryEntry[] = [
  { slug: 'utrecht', name: 'Utrecht', kind: 'municipality' },
  { slug: 'bureau-rvs', name: 'Bureau RVS', kind: 'bureau' },
];
const page2: DirectoryEntry[] = [
  { slug: 'amersfoort', name: 'Amersfoort', kind: 'municipality' },
  { slug: 'basisteam-utrecht-centrum', name: 'Basisteam Utrecht-Centrum', kind: 'police_unit' },
];

describe('directory page', () => {
  it('fetches every page and renders the rows grouped by kind', async () => {
    const fetchMock = stubFetch((request) => {
      const url = new URL(request.url);
      expect(url.pathname).toBe('/api/v1/tenants');
      return url.searchParams.get('cursor') === 'c2'
        ? jsonResponse({ items: page2, next: null })
        : jsonResponse({ items: page1, next: 'c2' });
    });

    renderApp('/organisaties');

    const table = await screen.findByRole('table', { name: 'Organisaties' });
    const rows = within(table).getAllByRole('row').slice(1); // skip the header row
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Bureau RVS',
      'Amersfoort',
      'Utrecht',
      'Basisteam Utrecht-Centrum',
    ]);
    expect(within(rows[0]!).getByText('Ondersteuningsbureau')).toBeTruthy();
    expect(within(rows[1]!).getByText('Gemeente')).toBeTruthy();
    expect(within(rows[3]!).getByText('Politie-eenheid (basisteam)')).toBeTruthy();
    expect(within(rows[2]!).getByText('utrecht')).toBeTruthy();
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Naam',
      'Soort',
      'Code',
    ]);
    expect(screen.getByRole('status').textContent).toBe('4 organisaties');

    expect(fetchMock).toHaveBeenCalledTimes(2);
    const [first, second] = fetchMock.mock.calls.map(([request]) => request as Request);
    expect(first!.headers.get('Accept-Language')).toBe('nl');
    expect(new URL(first!.url).searchParams.get('cursor')).toBeNull();
    expect(new URL(first!.url).searchParams.get('limit')).toBe('200');
    expect(new URL(second!.url).searchParams.get('cursor')).toBe('c2');
    expect(document.title).toBe('Organisaties – Bondgenoten');
  });

  it('filters by kind', async () => {
    stubFetch(() => jsonResponse({ items: [...page1, ...page2], next: null }));
    const { router } = renderApp('/organisaties');
    await screen.findByRole('table');

    fireEvent.change(screen.getByLabelText('Soort organisatie'), { target: { value: 'municipality' } });

    const table = await screen.findByRole('table', { name: 'Organisaties: Gemeente' });
    expect(within(table).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Amersfoort', 'Utrecht']);
    expect(router.state.location.search).toEqual({ kind: 'municipality' });
  });

  it('shows the title of a problem+json error', async () => {
    stubFetch(() =>
      jsonResponse(
        { type: 'about:blank', title: 'De dienst is tijdelijk niet beschikbaar', status: 503, code: 'unavailable' },
        503,
        'application/problem+json',
      ),
    );

    renderApp('/organisaties');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('De dienst is tijdelijk niet beschikbaar')).toBeTruthy();
    expect(within(alert).getByRole('heading', { name: 'De organisaties konden niet worden geladen.' })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('asks for English error titles after switching language', async () => {
    const fetchMock = stubFetch((request) =>
      jsonResponse(
        {
          type: 'about:blank',
          title: request.headers.get('Accept-Language') === 'en' ? 'Service unavailable' : 'Dienst niet beschikbaar',
          status: 503,
          code: 'unavailable',
        },
        503,
        'application/problem+json',
      ),
    );
    renderApp('/organisaties');
    expect(await screen.findByText('Dienst niet beschikbaar')).toBeTruthy();

    await i18n.changeLanguage('en');

    expect(await screen.findByText('Service unavailable')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).headers.get('Accept-Language') === 'en')).toBe(
      true,
    );
  });

  it('shows an empty state', async () => {
    stubFetch(() => jsonResponse({ items: [], next: null }));
    renderApp('/organisaties');
    expect(await screen.findByText('Er zijn nog geen organisaties.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a loading state while fetching', async () => {
    stubFetch(() => new Promise<Response>(() => {}));
    renderApp('/organisaties');
    expect((await screen.findByRole('status')).textContent).toBe('Organisaties worden geladen…');
  });
});
