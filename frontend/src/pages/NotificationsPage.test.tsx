import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me, Notification } from '../api/client';
import { coordinator, tenantAdmin } from '../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

let nextId = 1;
function notification(kind: Notification['kind'], params: Record<string, string>, change: Partial<Notification> = {}): Notification {
  return {
    id: `00000000-0000-7000-8000-0000000d${String(nextId++).padStart(4, '0')}`,
    kind,
    params,
    link: '/',
    // 23:30 UTC on 29 November is 30 November, 00:30 in Amsterdam.
    createdAt: '2026-11-29T23:30:00Z',
    readAt: null,
    ...change,
  };
}

const requested = notification(
  'oversight_requested',
  { bureau: 'Bureau Regionale Veiligheidsstrategie', by: 'Beheerder (demo) — bureau-rvs' },
  { link: '/toezicht' },
);
const proposed = notification(
  'sso_change_proposed',
  { by: 'Platformoperator (demo) — platform' },
  { link: '/beheer/sso', createdAt: '2026-11-20T09:15:00Z' },
);
const granted = notification(
  'role_granted',
  { roles: 'coordinator,crisis-liaison', by: 'Beheerder (demo) — houten', source: 'admin' },
  { createdAt: '2026-06-01T08:00:00Z', readAt: '2026-06-01T09:00:00Z' },
);

/** The inbox and GET /api/v1/me agree on the unread count, as the server's do. */
function api(me: Me, start: Notification[], routes: Record<string, MockHandler> = {}) {
  let items = start;
  const unread = () => items.filter((n) => n.readAt === null).length;
  return mockApi({
    'GET /api/v1/me': () => jsonResponse({ ...me, unreadNotifications: unread() }),
    'GET /api/v1/me/notifications': () => jsonResponse({ items, unread: unread() }),
    'GET /api/v1/me/notification-preferences': () => jsonResponse({ email: 'immediate', language: 'nl' }),
    'POST /api/v1/me/notifications/:id/read': ({ params }) => {
      items = items.map((n) => (n.id === params.id ? { ...n, readAt: '2026-11-30T08:00:00Z' } : n));
      return new Response(null, { status: 204 });
    },
    'POST /api/v1/me/notifications/read-all': () => {
      items = items.map((n) => ({ ...n, readAt: n.readAt ?? '2026-11-30T08:00:00Z' }));
      return new Response(null, { status: 204 });
    },
    ...routes,
  });
}

async function items() {
  const list = await screen.findByRole('list', { name: 'Uw meldingen' });
  return within(list).getAllByRole('listitem');
}

const navLink = (name: string) =>
  within(screen.getByRole('navigation', { name: 'Hoofdmenu' })).findByRole('link', { name });

describe('Meldingen', () => {
  it('lists the notifications newest first, in words, with Amsterdam times and the unread ones marked', async () => {
    api(tenantAdmin, [requested, proposed, granted]);
    renderApp('/meldingen');
    expect(await screen.findByRole('heading', { level: 1, name: 'Meldingen' })).toBeTruthy();
    expect(document.title).toBe('Meldingen – Bondgenoten');
    const [first, second, third] = await items();
    expect(screen.getByText('U hebt 2 ongelezen meldingen.')).toBeTruthy();

    expect(within(first!).getByText('Ongelezen')).toBeTruthy();
    expect(first!.textContent).toContain(
      'Bureau Regionale Veiligheidsstrategie vraagt om de netwerkgezondheid van uw organisatie te volgen (aangevraagd door Beheerder (demo) — bureau-rvs). Het bureau ziet niets totdat een beheerder het verzoek accepteert.',
    );
    expect(within(first!).getByText('30 november 2026 om 00:30').closest('time')!.getAttribute('dateTime')).toBe(
      '2026-11-29T23:30:00Z',
    );
    expect(within(first!).getByRole('link', { name: 'Naar Toezicht' }).getAttribute('href')).toBe('/toezicht');
    expect(within(first!).getByRole('button', { name: 'Markeer als gelezen' })).toBeTruthy();

    expect(second!.textContent).toContain(
      'Een platformbeheerder (Platformoperator (demo) — platform) stelt een wijziging voor van de instellingen waarmee uw organisatie inlogt. Die gaat pas in als een beheerder van uw organisatie haar bevestigt.',
    );
    expect(within(second!).getByRole('link', { name: 'Naar Eenmalige aanmelding' }).getAttribute('href')).toBe(
      '/beheer/sso',
    );
    expect(within(second!).getByText('20 november 2026 om 10:15')).toBeTruthy();

    // Read already: no marker, no button.
    expect(within(third!).queryByText('Ongelezen')).toBeNull();
    expect(within(third!).queryByRole('button')).toBeNull();
    expect(third!.textContent).toContain(
      'U hebt nu de rollen Coördinator en Contactpersoon crisisorganisatie, gegeven door Beheerder (demo) — houten.',
    );
    expect(first!.classList.contains('bg-notification--unread')).toBe(true);
    expect(third!.classList.contains('bg-notification--unread')).toBe(false);
    expect(await navLink('Meldingen, 2 ongelezen')).toBeTruthy();
  });

  it('marks one as read, says so, and counts down in the navigation', async () => {
    const calls = api(tenantAdmin, [requested, proposed, granted]);
    renderApp('/meldingen');
    const [first] = await items();
    expect(await navLink('Meldingen, 2 ongelezen')).toBeTruthy();
    fireEvent.click(within(first!).getByRole('button', { name: 'Markeer als gelezen' }));

    const status = await screen.findByText('De melding is gemarkeerd als gelezen.');
    expect(status.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo(`POST /api/v1/me/notifications/${requested.id}/read`)).toHaveLength(1);
    await waitFor(async () => expect(within((await items())[0]!).queryByText('Ongelezen')).toBeNull());
    expect(await navLink('Meldingen, 1 ongelezen')).toBeTruthy();
    expect(screen.getByText('U hebt 1 ongelezen melding.')).toBeTruthy();
  });

  it('marks all as read with "Alles gelezen", and the badge goes', async () => {
    const calls = api(tenantAdmin, [requested, proposed, granted]);
    renderApp('/meldingen');
    await items();
    fireEvent.click(screen.getByRole('button', { name: 'Alles gelezen' }));
    const status = await screen.findByText('Alle meldingen zijn gemarkeerd als gelezen.');
    await waitFor(() => expect(document.activeElement).toBe(status));
    expect(calls.callsTo('POST /api/v1/me/notifications/read-all')).toHaveLength(1);
    expect(await navLink('Meldingen')).toBeTruthy();
    expect(await screen.findByText('U hebt geen ongelezen meldingen.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Alles gelezen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Markeer als gelezen' })).toBeNull();
  });

  it('marks a notification read when its link is followed', async () => {
    const calls = api(tenantAdmin, [requested], {
      'GET /api/v1/tenants/houten/bureaus': () => jsonResponse({ items: [], next: null }),
    });
    renderApp('/meldingen');
    fireEvent.click(within((await items())[0]!).getByRole('link', { name: 'Naar Toezicht' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Toezicht' })).toBeTruthy();
    await waitFor(() => expect(calls.callsTo(`POST /api/v1/me/notifications/${requested.id}/read`)).toHaveLength(1));
  });

  it('shows why marking failed', async () => {
    api(tenantAdmin, [requested], {
      'POST /api/v1/me/notifications/:id/read': () => problemResponse(404, 'Deze melding bestaat niet (meer).'),
    });
    renderApp('/meldingen');
    fireEvent.click(within((await items())[0]!).getByRole('button', { name: 'Markeer als gelezen' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Deze melding bestaat niet (meer).' })).toBeTruthy();
  });

  it('says so when there are none', async () => {
    api(coordinator, []);
    renderApp('/meldingen');
    expect(await screen.findByText('Er zijn nog geen meldingen voor u.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Uw meldingen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Alles gelezen' })).toBeNull();
  });

  it('has a text for every kind', async () => {
    const all = [
      notification('role_granted', { roles: 'coordinator', by: 'Beheerder Houten', source: 'admin' }),
      notification('role_granted', { roles: 'staff', by: 'identity provider', source: 'group' }),
      notification(
        'roles_changed',
        { user: 'Sanne de Boer', roles: 'coordinator', by: 'Beheerder Houten', source: 'admin' },
        { link: '/beheer/gebruikers' },
      ),
      notification('roles_changed', { user: 'Karim Aziz', roles: 'coordinator,staff', by: '', source: 'group' }),
      notification('sso_changed', { by: 'Beheerder Houten', changed: 'issuer,clientSecret,emailDomains' }, { link: '/beheer/sso' }),
      notification('sso_changed', { by: 'Platformoperator', changed: 'created' }),
      notification('sso_change_withdrawn', { by: 'Beheerder Houten', proposedBy: 'Platformoperator' }),
      notification('sso_change_withdrawn', { by: 'Platformoperator', proposedBy: 'Platformoperator' }),
      notification('oversight_accepted', { tenant: 'Gemeente Houten', by: 'Beheerder Houten' }),
      notification('oversight_declined', { tenant: 'Gemeente Houten', by: 'Beheerder Houten' }),
      notification('oversight_ended', { tenant: 'Gemeente Houten', by: 'Beheerder Houten' }),
      notification('oversight_ended', { bureau: 'Bureau Regionale Veiligheidsstrategie', endsOn: '2026-12-31' }),
      notification('oversight_ended', { bureau: 'Bureau Regionale Veiligheidsstrategie' }),
      notification('oversight_ended', {}, { link: '/ergens-anders' }),
    ];
    api(tenantAdmin, all);
    renderApp('/meldingen');
    const texts = (await items()).map((li) => li.querySelector('.bg-notification__text')!.textContent!.replace(/^Ongelezen /, ''));
    expect(texts).toEqual([
      'U hebt nu de rol Coördinator, gegeven door Beheerder Houten.',
      'U hebt nu de rol Medewerker, via de identiteitsprovider van uw organisatie.',
      'Sanne de Boer heeft nu de rol Coördinator, gegeven door Beheerder Houten.',
      'Karim Aziz heeft nu de rollen Coördinator en Medewerker, via de identiteitsprovider van uw organisatie.',
      'Beheerder Houten heeft de instellingen voor eenmalige aanmelding gewijzigd: Issuer-URL, Clientgeheim en E-maildomeinen.',
      'Platformoperator heeft eenmalige aanmelding voor uw organisatie ingesteld.',
      'Beheerder Houten heeft de wijziging van de instellingen voor inloggen geweigerd die Platformoperator voorstelde. De instellingen blijven zoals ze waren.',
      'Platformoperator heeft de voorgestelde wijziging van de instellingen voor inloggen ingetrokken. De instellingen blijven zoals ze waren.',
      'Gemeente Houten heeft het verzoek om toezicht van uw bureau geaccepteerd (door Beheerder Houten).',
      'Gemeente Houten heeft het verzoek om toezicht van uw bureau geweigerd (door Beheerder Houten).',
      'Gemeente Houten heeft het toezicht van uw bureau beëindigd (door Beheerder Houten).',
      'Bureau Regionale Veiligheidsstrategie beëindigt het toezicht op uw organisatie per 31 december 2026.',
      'Bureau Regionale Veiligheidsstrategie heeft het toezicht op uw organisatie beëindigd.',
      'Een toezichtrelatie van uw organisatie is beëindigd.',
    ]);
    const list = await items();
    expect(within(list[2]!).getByRole('link', { name: 'Naar Gebruikers' }).getAttribute('href')).toBe('/beheer/gebruikers');
    expect(within(list[0]!).getByRole('link', { name: 'Naar de startpagina' }).getAttribute('href')).toBe('/');
    expect(within(list[13]!).getByRole('link', { name: 'Bekijken' }).getAttribute('href')).toBe('/ergens-anders');
  });

  it('never links outside the app', async () => {
    api(tenantAdmin, [notification('sso_changed', { by: 'X', changed: 'issuer' }, { link: 'https://evil.example/' })]);
    renderApp('/meldingen');
    const [item] = await items();
    expect(within(item!).queryByRole('link')).toBeNull();
    expect(within(item!).getByRole('button', { name: 'Markeer als gelezen' })).toBeTruthy();
  });

  it('is available in English', async () => {
    api(tenantAdmin, [requested, granted]);
    renderApp('/meldingen');
    await items();
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeTruthy();
    const list = await screen.findByRole('list', { name: 'Your notifications' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first!.textContent).toContain(
      'Bureau Regionale Veiligheidsstrategie asks to follow the network health of your organisation (requested by Beheerder (demo) — bureau-rvs). The bureau sees nothing until an administrator accepts the request.',
    );
    expect(within(first!).getByText('30 November 2026 at 00:30')).toBeTruthy();
    expect(within(first!).getByRole('button', { name: 'Mark as read' })).toBeTruthy();
    expect(second!.textContent).toContain(
      'You now hold the roles Coordinator and Crisis-organisation liaison, given by Beheerder (demo) — houten.',
    );
    expect(screen.getByRole('button', { name: 'Mark all as read' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(await within(nav).findByRole('link', { name: 'Notifications, 1 unread' })).toBeTruthy();
  });

  it('sends signed-out visitors to the login page', async () => {
    mockApi({});
    const { router } = renderApp('/meldingen');
    await waitFor(() => expect(router.state.location.pathname).toBe('/inloggen'));
    expect(router.state.location.search).toEqual({ terug: '/meldingen' });
  });
});
