import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n';
import { browser } from '../navigation';
import { coordinator, directory } from '../test/fixtures';
import { mockApi, problemResponse } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

const directoryRoute = { 'GET /api/v1/tenants': () => jsonResponse({ items: directory, next: null }) };

function stubNavigation() {
  return vi.spyOn(browser, 'assign').mockImplementation(() => {});
}

describe('login page', () => {
  it('looks up the organisation of a work email and starts its sign-in, coming back to where they were', async () => {
    const api = mockApi({
      ...directoryRoute,
      'GET /api/v1/login/lookup': () => jsonResponse({ slug: 'utrecht', name: 'Gemeente Utrecht', kind: 'municipality' }),
    });
    const assign = stubNavigation();
    renderApp('/inloggen?terug=%2Fbeheer%2Fsso%3Fx%3D1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Inloggen' })).toBeTruthy();
    expect(document.title).toBe('Inloggen – Bondgenoten');
    fireEvent.change(screen.getByLabelText('Werk-e-mailadres'), { target: { value: ' Coordinator@Utrecht.demo ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Doorgaan' }));

    await waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    const url = new URL(assign.mock.calls[0]![0], 'http://localhost');
    expect(url.pathname).toBe('/auth/utrecht/login');
    expect(url.searchParams.get('login_hint')).toBe('Coordinator@Utrecht.demo');
    expect(url.searchParams.get('return_to')).toBe('/beheer/sso?x=1');
    expect(url.searchParams.has('test')).toBe(false);

    const [lookup] = api.callsTo('GET /api/v1/login/lookup');
    expect(lookup!.url.searchParams.get('email')).toBe('Coordinator@Utrecht.demo');
  });

  it('returns to the home page when there is nowhere (safe) to go back to', async () => {
    mockApi({
      ...directoryRoute,
      'GET /api/v1/login/lookup': () => jsonResponse({ slug: 'zeist', name: 'Gemeente Zeist', kind: 'municipality' }),
    });
    const assign = stubNavigation();
    renderApp('/inloggen?terug=%2F%2Fevil.example%2F');

    fireEvent.change(await screen.findByLabelText('Werk-e-mailadres'), { target: { value: 'staff@zeist.demo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Doorgaan' }));

    await waitFor(() => expect(assign).toHaveBeenCalled());
    expect(assign.mock.calls[0]![0]).toBe('/auth/zeist/login?login_hint=staff%40zeist.demo&return_to=%2F');
  });

  it('says so next to the field when no organisation owns the email domain', async () => {
    mockApi({
      ...directoryRoute,
      'GET /api/v1/login/lookup': () => problemResponse(404, 'Niet gevonden'),
    });
    const assign = stubNavigation();
    renderApp('/inloggen');

    const field = await screen.findByLabelText('Werk-e-mailadres');
    fireEvent.change(field, { target: { value: 'iemand@onbekend.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Doorgaan' }));

    const message = await screen.findByText(/Wij kennen geen organisatie met dit e-mailadres/);
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(document.activeElement).toBe(field);
    expect(assign).not.toHaveBeenCalled();
  });

  it('checks the email address before asking the server', async () => {
    const api = mockApi(directoryRoute);
    renderApp('/inloggen');
    fireEvent.click(await screen.findByRole('button', { name: 'Doorgaan' }));
    expect(await screen.findByText('Vul uw werk-e-mailadres in.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Werk-e-mailadres'), { target: { value: 'geen-adres' } });
    fireEvent.click(screen.getByRole('button', { name: 'Doorgaan' }));
    expect(await screen.findByText(/Vul een geldig e-mailadres in/)).toBeTruthy();
    expect(api.callsTo('GET /api/v1/login/lookup')).toHaveLength(0);
  });

  it('filters the organisations by name as you type; each links to its sign-in', async () => {
    mockApi(directoryRoute);
    renderApp('/inloggen?terug=%2Fmijn-sessies');

    const list = await screen.findByRole('list', { name: 'Organisaties om mee in te loggen' });
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Basisteam Utrecht-Centrum',
      'Bureau Regionale Veiligheidsstrategie',
      'Gemeente Utrecht',
      'Gemeente Zeist',
    ]);
    expect(screen.getByText('4 organisaties')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Zoek uw organisatie'), { target: { value: 'UTRECHT' } });
    const links = within(screen.getByRole('list', { name: 'Organisaties om mee in te loggen' })).getAllByRole('link');
    expect(links.map((a) => a.textContent)).toEqual(['Basisteam Utrecht-Centrum', 'Gemeente Utrecht']);
    expect(screen.getByText('2 organisaties gevonden')).toBeTruthy();
    expect(links[1]!.getAttribute('href')).toBe('/auth/utrecht/login?return_to=%2Fmijn-sessies');

    fireEvent.change(screen.getByLabelText('Zoek uw organisatie'), { target: { value: 'Groningen' } });
    expect(screen.getByText('Geen organisatie gevonden met „Groningen”.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Organisaties om mee in te loggen' })).toBeNull();
  });

  it.each([
    ['account_pending', 'Uw account wacht op goedkeuring', /beheerder moet uw account nog goedkeuren/],
    ['account_deactivated', 'Uw account is gedeactiveerd', /heeft uw account uitgeschakeld/],
    ['email_domain', 'Dit e-mailadres hoort niet bij deze organisatie', /niet bij de gekozen organisatie hoort/],
    ['unknown_organisation', 'Organisatie niet gevonden', /onbekend of \(nog\) niet actief/],
    ['unavailable', 'Inloggen is nu niet mogelijk', /niet bereikbaar of nog niet ingesteld/],
    ['login_failed', 'Inloggen is niet gelukt', /Er ging iets mis bij het inloggen/],
    ['iets-anders', 'Inloggen is niet gelukt', /Probeer het opnieuw/],
  ])('explains the failure reason %s', async (reason, title, text) => {
    mockApi(directoryRoute);
    renderApp(`/inloggen?fout=${reason}`);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { level: 2 }).textContent).toBe(title);
    expect(within(alert).getByText(text)).toBeTruthy();
  });

  it('explains the failure reason in English too', async () => {
    mockApi(directoryRoute);
    await i18n.changeLanguage('en');
    renderApp('/inloggen?fout=account_pending');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Your account is waiting for approval' })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy();
  });

  it('shows the demo accounts hint only when the demo identity provider is there', async () => {
    mockApi({
      ...directoryRoute,
      'GET /dev-idp/.well-known/openid-configuration': () =>
        jsonResponse({ issuer: 'http://127.0.0.1:8080/dev-idp', authorization_endpoint: 'x' }),
    });
    renderApp('/inloggen');
    expect(await screen.findByText('<rol>@<organisatie>.demo')).toBeTruthy();
    expect(screen.getByText('coordinator@utrecht.demo')).toBeTruthy();
  });

  it('shows no demo hint on a normal server', async () => {
    mockApi(directoryRoute); // the path falls through to the web app's HTML
    renderApp('/inloggen');
    await screen.findByRole('list', { name: 'Organisaties om mee in te loggen' });
    expect(screen.queryByText('<rol>@<organisatie>.demo')).toBeNull();
  });

  it('tells a signed-in visitor who they are', async () => {
    mockApi({ ...directoryRoute, 'GET /api/v1/me': () => jsonResponse(coordinator) });
    renderApp('/inloggen');
    expect(
      await screen.findByText(/U bent ingelogd als Coördinator \(demo\) — utrecht \(Gemeente Utrecht\)/),
    ).toBeTruthy();
  });
});
