import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api/client';
import { bureauAdmin, bureauAdvisor, coordinator, operator, tenantAdmin } from '../test/fixtures';
import { mockApi } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

function signedInAs(me: Me) {
  return mockApi({ 'GET /api/v1/me': () => jsonResponse(me) });
}

async function navLinks() {
  const nav = await screen.findByRole('navigation', { name: 'Hoofdmenu' });
  await within(nav).findByRole('link', { name: 'Mijn sessies' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => a.textContent);
}

describe('shell by who is signed in', () => {
  it('offers "Inloggen" to visitors who are not signed in', async () => {
    mockApi({});
    renderApp('/organisaties');
    const link = await within(await screen.findByRole('banner')).findByRole('link', { name: 'Inloggen' });
    expect(link.getAttribute('href')).toBe('/inloggen?terug=%2Forganisaties');
    expect(screen.queryByRole('button', { name: 'Uitloggen' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Start', 'Organisaties']);
  });

  it('shows a coordinator their name, organisation and sign-out, and Toezicht without Beheer', async () => {
    signedInAs(coordinator);
    renderApp('/');
    expect(await navLinks()).toEqual(['Start', 'Organisaties', 'Netwerken', 'Toezicht', 'Meldingen', 'Mijn sessies']);
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getByRole('link', { name: 'Toezicht' }).getAttribute('href')).toBe('/toezicht');

    const banner = screen.getByRole('banner');
    expect(within(banner).getByText('Coördinator (demo) — utrecht')).toBeTruthy();
    expect(within(banner).getByText('Gemeente Utrecht')).toBeTruthy();
    expect(within(banner).queryByRole('link', { name: 'Inloggen' })).toBeNull();

    const signOut = within(banner).getByRole('button', { name: 'Uitloggen' });
    const form = signOut.closest('form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/auth/logout');
    expect(signOut.getAttribute('type')).toBe('submit');
  });

  it('adds Beheer and Toezicht (to answer bureaus) for a tenant admin', async () => {
    signedInAs(tenantAdmin);
    renderApp('/');
    expect(await navLinks()).toEqual(['Start', 'Organisaties', 'Netwerken', 'Toezicht', 'Meldingen', 'Mijn sessies', 'Beheer']);
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getByRole('link', { name: 'Beheer' }).getAttribute('href')).toBe('/beheer');
  });

  it('adds Platform for an operator', async () => {
    signedInAs(operator);
    renderApp('/');
    expect(await navLinks()).toEqual(['Start', 'Organisaties', 'Meldingen', 'Mijn sessies', 'Beheer', 'Platform']);
  });

  it('gives a bureau advisor Toezicht, but neither Beheer nor Platform', async () => {
    signedInAs(bureauAdvisor);
    renderApp('/');
    expect(await navLinks()).toEqual(['Start', 'Organisaties', 'Netwerken', 'Toezicht', 'Meldingen', 'Mijn sessies']);
  });

  it('gives a bureau admin both Toezicht and Beheer', async () => {
    signedInAs(bureauAdmin);
    renderApp('/');
    expect(await navLinks()).toEqual(['Start', 'Organisaties', 'Netwerken', 'Toezicht', 'Meldingen', 'Mijn sessies', 'Beheer']);
  });

  it('shows the unread notifications as a badge beside "Meldingen", and says it in words', async () => {
    signedInAs({ ...coordinator, unreadNotifications: 2 });
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Hoofdmenu' });
    const link = await within(nav).findByRole('link', { name: 'Meldingen, 2 ongelezen' });
    expect(link.getAttribute('href')).toBe('/meldingen');
    const badge = link.querySelector('.utrecht-number-badge')!;
    expect(badge.textContent).toBe('2');
    expect(badge.getAttribute('aria-hidden')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await within(nav).findByRole('link', { name: 'Notifications, 2 unread' })).toBeTruthy();
  });

  it('shows no badge without unread notifications', async () => {
    signedInAs(coordinator);
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Hoofdmenu' });
    const link = await within(nav).findByRole('link', { name: 'Meldingen' });
    expect(link.querySelector('.utrecht-number-badge')).toBeNull();
  });

  it('marks the current section in the navigation', async () => {
    mockApi({
      'GET /api/v1/me': () => jsonResponse(tenantAdmin),
      'GET /api/v1/tenants/:tenant/users': () => jsonResponse({ items: [], next: null }),
      'GET /api/v1/tenants/:tenant/roles': () => jsonResponse({ items: [], next: null }),
    });
    renderApp('/beheer');
    expect(await screen.findByRole('heading', { level: 1, name: 'Gebruikers' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getByRole('link', { name: 'Beheer' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Start' }).getAttribute('aria-current')).toBeNull();
    const adminNav = screen.getByRole('navigation', { name: 'Beheer' });
    expect(within(adminNav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Gebruikers',
      'Eenmalige aanmelding (SSO)',
      'Audit',
      'E-mail',
    ]);
    expect(within(adminNav).getByRole('link', { name: 'Gebruikers' }).getAttribute('aria-current')).toBe('page');
  });
});
