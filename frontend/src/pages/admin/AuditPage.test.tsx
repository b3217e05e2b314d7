import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditEvent } from '../../api/client';
import { i18n } from '../../i18n';
import { tenantAdmin } from '../../test/fixtures';
import { mockApi } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

const event: AuditEvent = {
  id: '00000000-0000-7000-8000-00000000e001',
  at: '2026-03-29T00:59:58Z', // just before summer time starts in Amsterdam
  tenantId: tenantAdmin.tenant.id,
  userId: tenantAdmin.user.id,
  category: 'contacts',
  action: 'read',
  objectType: '/api/v1/tenants/:tenant/contacts',
  objectId: '',
  allowed: false,
  requestId: 'abc123',
};

describe('Beheer › Audit', () => {
  it('lists events with Amsterdam time in Dutch, labels and the request id', async () => {
    const calls = mockApi({
      'GET /api/v1/me': () => jsonResponse(tenantAdmin),
      'GET /api/v1/tenants/houten/audit': () =>
        jsonResponse({ items: [event, { ...event, id: 'x2', at: '2026-03-29T01:00:00Z', category: 'weird', action: 'write', allowed: true, requestId: 'def456' }], next: null }),
    });
    renderApp('/beheer/audit');
    const table = await screen.findByRole('table', { name: 'De 2 nieuwste auditgebeurtenissen' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(within(first!).getByRole('rowheader').textContent).toBe('29 maart 2026 om 01:59:58');
    expect(within(first!).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Contactgegevens',
      'Lezen',
      '—',
      'Nee',
      'abc123',
    ]);
    expect(within(second!).getByRole('rowheader').textContent).toBe('29 maart 2026 om 03:00:00');
    expect(within(second!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['weird', 'Wijzigen', '—', 'Ja', 'def456']);
    expect(calls.callsTo('GET /api/v1/tenants/houten/audit')[0]!.url.searchParams.get('limit')).toBe('200');

    await i18n.changeLanguage('en');
    expect(await screen.findByText('29 March 2026 at 01:59:58')).toBeTruthy();
  });

  it('says what an administrative change changed: roles from and to, by whom', async () => {
    mockApi({
      'GET /api/v1/me': () => jsonResponse(tenantAdmin),
      'GET /api/v1/tenants/houten/audit': () =>
        jsonResponse({
          items: [
            { ...event, category: 'admin', action: 'write', allowed: true, objectType: 'user_roles', objectId: 'u1',
              detail: JSON.stringify({ from: ['staff'], to: ['coordinator', 'staff'], source: 'admin', by: 'Beheerder Houten' }) },
            { ...event, id: 'x3', category: 'oversight', action: 'manage', allowed: true, objectType: 'oversight', objectId: 'o1',
              detail: JSON.stringify({ step: 'accepted', by: 'Beheerder Houten' }) },
          ],
          next: null,
        }),
    });
    renderApp('/beheer/audit');
    expect(await screen.findByText('Rollen van Medewerker naar Coördinator, Medewerker (door Beheerder Houten)')).toBeTruthy();
    expect(screen.getByText('Toezicht geaccepteerd (door Beheerder Houten)')).toBeTruthy();
  });

  it('is not offered to administrators without the audit permission', async () => {
    const bureauAdmin = { ...tenantAdmin, permissions: { admin: ['read', 'write'], self: ['read'] } };
    mockApi({ 'GET /api/v1/me': () => jsonResponse(bureauAdmin) });
    renderApp('/beheer/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'Geen toegang' })).toBeTruthy();
    const adminNav = screen.getByRole('navigation', { name: 'Beheer' });
    expect(within(adminNav).queryByRole('link', { name: 'Audit' })).toBeNull();
  });
});
