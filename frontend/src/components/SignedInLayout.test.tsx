import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bureauAdvisor, coordinator, tenantAdmin } from '../test/fixtures';
import { mockApi, problemResponse } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pages that need a session', () => {
  it('send signed-out visitors to the login page, to come back afterwards', async () => {
    mockApi({ 'GET /api/v1/tenants': () => jsonResponse({ items: [], next: null }) });
    const { router } = renderApp('/beheer/gebruikers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Inloggen' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/inloggen');
    expect(router.state.location.search).toEqual({ terug: '/beheer/gebruikers' });
  });

  it('show "Geen toegang" to people whose role lacks the permission', async () => {
    const api = mockApi({ 'GET /api/v1/me': () => jsonResponse(coordinator) });
    renderApp('/beheer/sso');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Naar de startpagina' }).getAttribute('href')).toBe('/');
    expect(api.calls.filter((c) => c.path.startsWith('/api/v1/tenants/'))).toHaveLength(0);
  });

  it('show "Geen toegang" when the API refuses (403)', async () => {
    mockApi({
      'GET /api/v1/me': () => jsonResponse({ ...tenantAdmin, permissions: { ...tenantAdmin.permissions } }),
      'GET /api/v1/tenants/:tenant/users': () => problemResponse(403, 'Geen toegang'),
      'GET /api/v1/tenants/:tenant/roles': () => problemResponse(403, 'Geen toegang'),
    });
    renderApp('/beheer/gebruikers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
  });

  it('show the platform only to operators', async () => {
    mockApi({ 'GET /api/v1/me': () => jsonResponse(bureauAdvisor) });
    renderApp('/platform');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
  });

  it('send the person to the login page when their session ends while they work (401)', async () => {
    let signedIn = true;
    mockApi({
      'GET /api/v1/me': () => (signedIn ? jsonResponse(tenantAdmin) : problemResponse(401, 'Niet aangemeld')),
      'GET /api/v1/tenants/:tenant/roles': () => jsonResponse({ items: [], next: null }),
      'GET /api/v1/tenants/:tenant/users': () => {
        signedIn = false;
        return problemResponse(401, 'Niet aangemeld');
      },
    });
    const { router } = renderApp('/beheer/gebruikers');
    expect(await screen.findByRole('heading', { level: 1, name: 'Inloggen' })).toBeTruthy();
    expect(router.state.location.search).toEqual({ terug: '/beheer/gebruikers' });
    // The shell knows too: no name, no sign-out button any more.
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: 'Uitloggen' })).toBeNull();
    expect(within(screen.getByRole('banner')).queryByText('Beheerder (demo) — houten')).toBeNull();
  });
});
