import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SSOProposal, SSOSettings } from '../../api/client';
import { browser } from '../../navigation';
import { municipalRoles, tenantAdmin } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

const stored: SSOSettings = {
  issuer: 'https://login.houten.example',
  clientId: 'bondgenoten',
  clientSecretSet: true,
  scopes: ['openid', 'email', 'profile'],
  emailDomains: ['houten.example', 'houten.nl'],
  groupsClaim: 'groups',
  groupRoles: { 'BG-Coordinatoren': ['coordinator'], 'BG-Medewerkers': ['staff'] },
  provisioning: 'jit',
  updatedAt: '2026-11-01T09:00:00Z',
};

function api(routes: Record<string, MockHandler> = {}) {
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(tenantAdmin),
    'GET /api/v1/tenants/houten/roles': () => jsonResponse({ items: municipalRoles, next: null }),
    'GET /api/v1/tenants/houten/sso': () => jsonResponse(stored),
    ...routes,
  });
}

/** The error message a control refers to (aria-describedby), if any. */
function errorOf(control: HTMLElement): string | undefined {
  const ids = control.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids
    .map((id) => document.getElementById(id))
    .find((el) => el?.classList.contains('utrecht-form-field-error-message'))?.textContent ?? undefined;
}

describe('Beheer › Eenmalige aanmelding', () => {
  it('shows the stored settings; the secret stays empty with a placeholder saying one is stored', async () => {
    api();
    renderApp('/beheer/sso');
    const issuer = await screen.findByLabelText('Issuer-URL');
    expect((issuer as HTMLInputElement).value).toBe('https://login.houten.example');
    expect((screen.getByLabelText('Client-ID') as HTMLInputElement).value).toBe('bondgenoten');
    const secret = screen.getByLabelText('Clientgeheim') as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toBe('Er is een geheim opgeslagen.');
    expect((screen.getByLabelText('Scopes') as HTMLInputElement).value).toBe('openid email profile');
    expect((screen.getByLabelText('E-maildomeinen') as HTMLTextAreaElement).value).toBe('houten.example\nhouten.nl');
    expect((screen.getByLabelText('Direct toegang (JIT)') as HTMLInputElement).checked).toBe(true);

    const group1 = screen.getByRole('group', { name: 'Groep 1: BG-Coordinatoren' });
    expect((within(group1).getByLabelText('Naam van de groep') as HTMLInputElement).value).toBe('BG-Coordinatoren');
    expect((within(group1).getByLabelText('Coördinator') as HTMLInputElement).checked).toBe(true);
    expect((within(group1).getByLabelText('Medewerker') as HTMLInputElement).checked).toBe(false);
    expect(document.title).toBe('Eenmalige aanmelding (SSO) – Beheer – Bondgenoten');
  });

  it('shows the field errors of a 400 problem next to the fields, and its title in an alert', async () => {
    const calls = api({
      'PUT /api/v1/tenants/houten/sso': () =>
        problemResponse(400, 'Ongeldige invoer', {
          detail: 'Controleer de gemarkeerde velden.',
          errors: {
            issuer: 'Ongeldige waarde.',
            'scopes[1]': 'Minimaal 1 tekens.',
            'groupRoles.BG-Medewerkers': 'Ongeldige waarde.',
          },
        }),
    });
    renderApp('/beheer/sso');
    const issuer = await screen.findByLabelText('Issuer-URL');
    fireEvent.change(issuer, { target: { value: 'ftp://login.houten.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { level: 2, name: 'Ongeldige invoer' })).toBeTruthy();
    expect(within(alert).getByText('Controleer de gemarkeerde velden.')).toBeTruthy();
    // Error summary: each message links to its field.
    const summary = within(alert).getAllByRole('link');
    expect(summary.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Issuer-URL: Ongeldige waarde.', '#sso-issuer'],
      ['Scopes: Minimaal 1 tekens.', '#sso-scopes'],
      [expect.stringMatching(/^Groep 2: Ongeldige waarde\.$/), expect.stringMatching(/^#sso-group-\d+-name$/)],
    ]);
    expect(document.activeElement?.closest('.utrecht-alert')).toBeTruthy(); // focus moved to the summary

    expect(issuer.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(issuer)).toBe('Ongeldige waarde.');
    const scopes = screen.getByLabelText('Scopes');
    expect(scopes.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(scopes)).toBe('Minimaal 1 tekens.');
    const clientId = screen.getByLabelText('Client-ID');
    expect(clientId.getAttribute('aria-invalid')).toBeNull();
    expect(errorOf(clientId)).toBeUndefined();
    const group2 = screen.getByRole('group', { name: 'Groep 2: BG-Medewerkers' });
    expect(errorOf(within(group2).getByLabelText('Naam van de groep'))).toBe('Ongeldige waarde.');

    // What was sent: lists split, no secret (leave empty to keep), group rows as a map.
    const [put] = calls.callsTo('PUT /api/v1/tenants/houten/sso');
    expect(put!.body).toEqual({
      issuer: 'ftp://login.houten.example',
      clientId: 'bondgenoten',
      scopes: ['openid', 'email', 'profile'],
      emailDomains: ['houten.example', 'houten.nl'],
      groupsClaim: 'groups',
      groupRoles: { 'BG-Coordinatoren': ['coordinator'], 'BG-Medewerkers': ['staff'] },
      provisioning: 'jit',
    });
  });

  it('saves edits: a new secret, domains per line, an added group, approval; then confirms', async () => {
    let saved: unknown;
    const calls = api({
      'PUT /api/v1/tenants/houten/sso': (req) => {
        saved = req.body;
        return jsonResponse({ ...stored, updatedAt: '2026-11-29T10:00:00Z', provisioning: 'approval' });
      },
    });
    renderApp('/beheer/sso');
    fireEvent.change(await screen.findByLabelText('Clientgeheim'), { target: { value: 's3cret' } });
    fireEvent.change(screen.getByLabelText('E-maildomeinen'), { target: { value: ' houten.nl \n\nhouten.example\n' } });
    fireEvent.change(screen.getByLabelText('Scopes'), { target: { value: '  openid   email groups ' } });
    fireEvent.click(screen.getByLabelText('Na goedkeuring door beheerder'));
    fireEvent.click(screen.getByRole('button', { name: 'Groep toevoegen' }));
    const group3 = screen.getByRole('group', { name: 'Groep 3' });
    fireEvent.change(within(group3).getByLabelText('Naam van de groep'), { target: { value: 'BG-Beheer' } });
    fireEvent.click(within(group3).getByLabelText('Beheerder organisatie'));
    fireEvent.click(within(group3).getByLabelText('Coördinator'));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));

    expect(await screen.findByText('De instellingen zijn opgeslagen.')).toBeTruthy();
    expect(saved).toEqual({
      issuer: 'https://login.houten.example',
      clientId: 'bondgenoten',
      clientSecret: 's3cret',
      scopes: ['openid', 'email', 'groups'],
      emailDomains: ['houten.nl', 'houten.example'],
      groupsClaim: 'groups',
      groupRoles: {
        'BG-Coordinatoren': ['coordinator'],
        'BG-Medewerkers': ['staff'],
        'BG-Beheer': ['coordinator', 'tenant-admin'],
      },
      provisioning: 'approval',
    });
    expect(calls.callsTo('PUT /api/v1/tenants/houten/sso')).toHaveLength(1);
    await waitFor(() => expect((screen.getByLabelText('Clientgeheim') as HTMLInputElement).value).toBe(''));
  });

  it('removes a group row, and refuses a row with roles but no name before asking the server', async () => {
    const calls = api();
    renderApp('/beheer/sso');
    const group1 = await screen.findByRole('group', { name: 'Groep 1: BG-Coordinatoren' });
    fireEvent.click(within(group1).getByRole('button', { name: /^Verwijderen/ }));
    expect(screen.queryByRole('group', { name: 'Groep 1: BG-Coordinatoren' })).toBeNull();
    expect(screen.getByRole('group', { name: 'Groep 1: BG-Medewerkers' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Groep toevoegen' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Groep 2' })).getByLabelText('Medewerker'));
    fireEvent.click(screen.getByRole('button', { name: 'Opslaan' }));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: 'Groep 2: Vul de naam van de groep in.' })).toBeTruthy();
    expect(calls.callsTo('PUT /api/v1/tenants/houten/sso')).toHaveLength(0);
  });

  it('starts with an empty form when SSO is not set up yet (404)', async () => {
    api({ 'GET /api/v1/tenants/houten/sso': () => problemResponse(404, 'Niet gevonden') });
    renderApp('/beheer/sso');
    expect(await screen.findByText(/Eenmalige aanmelding is nog niet ingesteld/)).toBeTruthy();
    expect((screen.getByLabelText('Issuer-URL') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Clientgeheim') as HTMLInputElement).placeholder).toBe(
      'Er is nog geen geheim opgeslagen.',
    );
    expect((screen.getByLabelText('Na goedkeuring door beheerder') as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('button', { name: 'Testaanmelding' })).toBeNull(); // nothing stored to test
  });

  it('starts a test sign-in that comes back here, and shows its result', async () => {
    api();
    const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {});
    // The server no longer names the tested account in the address (history, logs, referrers).
    renderApp('/beheer/sso?sso_test=ok');

    const result = await screen.findByRole('heading', { level: 2, name: 'Testaanmelding gelukt' });
    expect(result.closest('.utrecht-alert')?.textContent).toContain(
      'De identiteitsprovider heeft de aanmelding bevestigd. Uw eigen sessie is niet veranderd.',
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Testaanmelding' }));
    expect(assign).toHaveBeenCalledWith('/auth/houten/login?test=1&return_to=%2Fbeheer%2Fsso');
  });
  describe('a change proposed by a platform operator', () => {
    const proposal: SSOProposal = {
      id: '01a2355a-0000-7000-8000-00000000abcd',
      settings: {
        ...stored,
        issuer: 'https://login.nieuw.houten.example',
        clientId: 'bondgenoten-2',
        emailDomains: ['houten.nl'],
        groupRoles: { 'BG-Coordinatoren': ['coordinator', 'tenant-admin'] },
        updatedAt: '2026-11-28T10:00:00Z',
      },
      changes: ['issuer', 'clientId', 'emailDomains', 'groupRoles'],
      proposedBy: 'Platformoperator (demo) — platform',
      proposedAt: '2026-11-28T10:00:00Z',
      expiresAt: '2026-12-05T10:00:00Z',
    };
    const confirmed: SSOSettings = { ...proposal.settings, updatedAt: '2026-11-29T12:00:00Z' };

    function proposalApi(routes: Record<string, MockHandler> = {}) {
      let waiting: SSOProposal | null = proposal;
      let current = stored;
      return api({
        'GET /api/v1/tenants/houten/sso': () => jsonResponse(current),
        'GET /api/v1/tenants/houten/sso/proposal': () => jsonResponse({ proposal: waiting }),
        'POST /api/v1/tenants/houten/sso/proposal/confirm': () => {
          waiting = null;
          current = confirmed;
          return jsonResponse(confirmed);
        },
        'POST /api/v1/tenants/houten/sso/proposal/reject': () => {
          waiting = null;
          return new Response(null, { status: 204 });
        },
        ...routes,
      });
    }

    const panel = () => screen.findByRole('region', { name: 'Er wacht een wijziging van de instellingen voor inloggen' });

    it('shows who proposed what, and until when it waits, at the top of the page', async () => {
      proposalApi();
      renderApp('/beheer/sso');
      const region = await panel();
      // Before the form.
      expect(
        region.compareDocumentPosition(await screen.findByRole('form', { name: 'Instellingen voor eenmalige aanmelding' })) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
      expect(region.textContent).toContain(
        'Platformoperator (demo) — platform (platformbeheer) heeft op 28 november 2026 om 11:00 een wijziging voorgesteld. Die gaat pas in als een beheerder van Gemeente Houten haar doorvoert. Het voorstel wacht tot 5 december 2026 om 11:00.',
      );
      const facts = [...region.querySelectorAll('.utrecht-data-list__item')].map((item) => [
        item.querySelector('.utrecht-data-list__item-key')!.textContent,
        item.querySelector('.utrecht-data-list__item-value')!.textContent,
      ]);
      expect(facts).toEqual([
        ['Wat verandert', 'Issuer-URLClient-IDE-maildomeinenGroepen en rollen'],
        ['Issuer-URL', 'https://login.nieuw.houten.example'],
        ['Client-ID', 'bondgenoten-2'],
        ['E-maildomeinen', 'houten.nl'],
        ['Groepen en rollen', 'BG-Coordinatoren: Coördinator, Beheerder organisatie'],
        ['Nieuwe gebruikers', 'Direct toegang (JIT)'],
      ]);
      expect(within(region).getByRole('button', { name: 'Wijziging doorvoeren' })).toBeTruthy();
      expect(within(region).getByRole('button', { name: 'Wijziging weigeren' })).toBeTruthy();
      // The stored settings stay in the form until the change is confirmed.
      expect((screen.getByLabelText('Issuer-URL') as HTMLInputElement).value).toBe('https://login.houten.example');
    });

    it('confirms through a dialog that warns about everyone’s sign-in, then shows the new settings', async () => {
      const calls = proposalApi();
      renderApp('/beheer/sso');
      fireEvent.click(within(await panel()).getByRole('button', { name: 'Wijziging doorvoeren' }));
      let dialog = await screen.findByRole('alertdialog', {
        name: 'Wijziging van de instellingen voor inloggen doorvoeren?',
      });
      expect(within(dialog).getByText(/Dit verandert hoe iedereen van Gemeente Houten inlogt/)).toBeTruthy();
      fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
      expect(calls.callsTo('POST /api/v1/tenants/houten/sso/proposal/confirm')).toHaveLength(0);

      fireEvent.click(within(await panel()).getByRole('button', { name: 'Wijziging doorvoeren' }));
      dialog = await screen.findByRole('alertdialog');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, doorvoeren' }));

      const message = await screen.findByText('De wijziging is doorgevoerd. De nieuwe instellingen gelden nu.');
      await waitFor(() => expect(document.activeElement).toBe(message.closest('.utrecht-alert')));
      expect(calls.callsTo('POST /api/v1/tenants/houten/sso/proposal/confirm')).toHaveLength(1);
      // The confirmation names the proposal that was read.
      expect(calls.callsTo('POST /api/v1/tenants/houten/sso/proposal/confirm')[0]?.body).toEqual({ id: proposal.id });
      await waitFor(() =>
        expect((screen.getByLabelText('Issuer-URL') as HTMLInputElement).value).toBe('https://login.nieuw.houten.example'),
      );
      await waitFor(() =>
        expect(screen.queryByRole('region', { name: 'Er wacht een wijziging van de instellingen voor inloggen' })).toBeNull(),
      );
      expect(screen.queryByRole('alertdialog')).toBeNull();
    });

    it('rejects the change and keeps the settings', async () => {
      const calls = proposalApi();
      renderApp('/beheer/sso');
      fireEvent.click(within(await panel()).getByRole('button', { name: 'Wijziging weigeren' }));
      const message = await screen.findByText('De wijziging is geweigerd. De instellingen zijn niet veranderd.');
      await waitFor(() => expect(document.activeElement).toBe(message.closest('.utrecht-alert')));
      expect(calls.callsTo('POST /api/v1/tenants/houten/sso/proposal/reject')).toHaveLength(1);
      await waitFor(() =>
        expect(screen.queryByRole('region', { name: 'Er wacht een wijziging van de instellingen voor inloggen' })).toBeNull(),
      );
      expect((screen.getByLabelText('Issuer-URL') as HTMLInputElement).value).toBe('https://login.houten.example');
    });

    it('shows a 409 in the dialog (the one who proposed it cannot confirm it)', async () => {
      proposalApi({
        'POST /api/v1/tenants/houten/sso/proposal/confirm': () =>
          problemResponse(409, 'Wie de wijziging voorstelde, kan haar niet zelf doorvoeren.'),
      });
      renderApp('/beheer/sso');
      fireEvent.click(within(await panel()).getByRole('button', { name: 'Wijziging doorvoeren' }));
      const dialog = await screen.findByRole('alertdialog');
      fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, doorvoeren' }));
      const alert = await within(dialog).findByRole('alert');
      expect(
        within(alert).getByRole('heading', { name: 'Wie de wijziging voorstelde, kan haar niet zelf doorvoeren.' }),
      ).toBeTruthy();
      expect(await panel()).toBeTruthy(); // still waiting
    });

    it('shows a refused rejection in the panel', async () => {
      proposalApi({
        'POST /api/v1/tenants/houten/sso/proposal/reject': () => problemResponse(409, 'Er wacht geen wijziging.'),
      });
      renderApp('/beheer/sso');
      const region = await panel();
      fireEvent.click(within(region).getByRole('button', { name: 'Wijziging weigeren' }));
      const alert = await within(region).findByRole('alert');
      expect(within(alert).getByRole('heading', { name: 'Er wacht geen wijziging.' })).toBeTruthy();
    });

    it('shows nothing when no change waits', async () => {
      api({ 'GET /api/v1/tenants/houten/sso/proposal': () => jsonResponse({ proposal: null }) });
      renderApp('/beheer/sso');
      await screen.findByLabelText('Issuer-URL');
      expect(screen.queryByRole('button', { name: 'Wijziging doorvoeren' })).toBeNull();
      expect(screen.queryByText(/Er wacht een wijziging/)).toBeNull();
    });

    it('is available in English', async () => {
      proposalApi();
      renderApp('/beheer/sso');
      await panel();
      fireEvent.click(screen.getByRole('button', { name: 'English' }));
      const region = await screen.findByRole('region', { name: 'A change of the sign-in settings is waiting' });
      expect(within(region).getByRole('button', { name: 'Confirm the change' })).toBeTruthy();
      expect(within(region).getByText(/proposed a change on 28 November 2026/)).toBeTruthy();
    });
  });
});
