import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/client';
import { municipalRoles, tenantAdmin } from '../../test/fixtures';
import { mockApi, problemResponse, type MockHandler } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

const created = '2026-11-01T09:00:00Z';
const self: User = {
  id: tenantAdmin.user.id,
  email: 'tenant-admin@houten.demo',
  name: 'Beheerder (demo) — houten',
  status: 'active',
  roles: ['tenant-admin'],
  groupRoles: ['tenant-admin'],
  createdAt: created,
  lastLoginAt: created,
};
const pending: User = {
  id: '00000000-0000-7000-8000-0000000000b1',
  email: 'nieuw@houten.demo',
  name: 'Nieuwe Collega',
  status: 'pending',
  roles: [],
  groupRoles: [],
  createdAt: created,
  lastLoginAt: null,
};
const active: User = {
  id: '00000000-0000-7000-8000-0000000000b2',
  email: 'coordinator@houten.demo',
  name: 'Coördinator Houten',
  status: 'active',
  roles: ['coordinator', 'staff'],
  groupRoles: [],
  createdAt: created,
  lastLoginAt: created,
};
const gone: User = { ...active, id: '00000000-0000-7000-8000-0000000000b3', name: 'Oud-collega', email: 'oud@houten.demo', status: 'deactivated', roles: ['staff'] };

function api(routes: Record<string, MockHandler> = {}) {
  let users = [self, pending, active, gone];
  const update = (id: string, change: Partial<User>) => {
    users = users.map((u) => (u.id === id ? { ...u, ...change } : u));
    return jsonResponse(users.find((u) => u.id === id));
  };
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(tenantAdmin),
    'GET /api/v1/tenants/houten/roles': () => jsonResponse({ items: municipalRoles, next: null }),
    'GET /api/v1/tenants/houten/users': () => jsonResponse({ items: users, next: null }),
    'POST /api/v1/tenants/houten/users/:id/approve': ({ params }) => update(params.id!, { status: 'active' }),
    'POST /api/v1/tenants/houten/users/:id/deactivate': ({ params }) => update(params.id!, { status: 'deactivated' }),
    'PUT /api/v1/tenants/houten/users/:id/roles': ({ params, body }) =>
      update(params.id!, { roles: (body as { roles: string[] }).roles }),
    ...routes,
  });
}

const rowOf = async (name: string) => {
  const table = await screen.findByRole('table', { name: 'Gebruikers van Gemeente Houten' });
  return within(table).getByRole('rowheader', { name: new RegExp(`^${name}`) }).closest('tr')!;
};

describe('Beheer › Gebruikers', () => {
  it('lists users with their status and Dutch role labels', async () => {
    api();
    renderApp('/beheer/gebruikers');
    const table = await screen.findByRole('table', { name: 'Gebruikers van Gemeente Houten' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Naam',
      'E-mailadres',
      'Status',
      'Rollen',
      'Acties',
    ]);
    const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((td) => td.textContent);
    await waitFor(async () => expect(cells(await rowOf('Coördinator Houten'))[2]).toBe('Coördinator, Medewerker'));
    expect(cells(await rowOf('Beheerder'))).toEqual(
      expect.arrayContaining(['tenant-admin@houten.demo', 'Actief', 'Beheerder organisatie']),
    );
    expect(cells(await rowOf('Nieuwe Collega')).slice(0, 3)).toEqual([
      'nieuw@houten.demo',
      'Wacht op goedkeuring',
      'Geen rollen',
    ]);
    expect(cells(await rowOf('Oud-collega'))[1]).toBe('Gedeactiveerd');
    expect(within(await rowOf('Beheerder')).getByRole('rowheader').textContent).toContain('(u)');
  });

  it('approves a pending user', async () => {
    const calls = api();
    renderApp('/beheer/gebruikers');
    const row = await rowOf('Nieuwe Collega');
    fireEvent.click(within(row).getByRole('button', { name: 'Goedkeuren Nieuwe Collega' }));

    expect(await screen.findByText('Nieuwe Collega is goedgekeurd en heeft nu toegang.')).toBeTruthy();
    expect(calls.callsTo(`POST /api/v1/tenants/houten/users/${pending.id}/approve`)).toHaveLength(1);
    await waitFor(async () => expect(within(await rowOf('Nieuwe Collega')).getByText('Actief')).toBeTruthy());
  });

  it('deactivates after confirmation, and never offers it for yourself', async () => {
    const calls = api();
    renderApp('/beheer/gebruikers');
    expect(within(await rowOf('Beheerder')).queryByRole('button', { name: /^Deactiveren/ })).toBeNull();

    fireEvent.click(within(await rowOf('Coördinator Houten')).getByRole('button', { name: /^Deactiveren/ }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Coördinator Houten deactiveren?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.callsTo(`POST /api/v1/tenants/houten/users/${active.id}/deactivate`)).toHaveLength(0);

    fireEvent.click(within(await rowOf('Coördinator Houten')).getByRole('button', { name: /^Deactiveren/ }));
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Ja, deactiveren' }),
    );
    expect(await screen.findByText('Coördinator Houten is gedeactiveerd.')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.callsTo(`POST /api/v1/tenants/houten/users/${active.id}/deactivate`)).toHaveLength(1);
  });

  it('shows the reason when the server refuses to deactivate', async () => {
    api({
      'POST /api/v1/tenants/houten/users/:id/deactivate': () =>
        problemResponse(400, 'Ongeldige invoer', { errors: { userId: 'Ongeldige waarde.' } }),
    });
    renderApp('/beheer/gebruikers');
    fireEvent.click(within(await rowOf('Coördinator Houten')).getByRole('button', { name: /^Deactiveren/ }));
    const dialog = await screen.findByRole('alertdialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, deactiveren' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Ongeldige invoer' })).toBeTruthy();
    expect(within(alert).getByText(/U kunt uw eigen account niet deactiveren/)).toBeTruthy();
  });

  it('changes roles with a checkbox per role of the catalogue', async () => {
    const calls = api();
    renderApp('/beheer/gebruikers');
    fireEvent.click(
      within(await rowOf('Coördinator Houten')).getByRole('button', { name: 'Rollen wijzigen Coördinator Houten' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Rollen van Coördinator Houten' });
    const boxes = within(dialog).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => [b.value, b.checked])).toEqual([
      ['coordinator', true],
      ['staff', true],
      ['crisis-liaison', false],
      ['tenant-admin', false],
    ]);
    fireEvent.click(within(dialog).getByLabelText('Medewerker'));
    fireEvent.click(within(dialog).getByLabelText('Contactpersoon crisisorganisatie'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));

    expect(await screen.findByText('De rollen van Coördinator Houten zijn opgeslagen.')).toBeTruthy();
    const [put] = calls.callsTo(`PUT /api/v1/tenants/houten/users/${active.id}/roles`);
    expect(put!.body).toEqual({ roles: ['coordinator', 'crisis-liaison'] });
    await waitFor(async () =>
      expect(within(await rowOf('Coördinator Houten')).getByText('Coördinator, Contactpersoon crisisorganisatie')).toBeTruthy(),
    );
  });

  it('never offers to change your own roles, and says who does', async () => {
    const calls = api();
    renderApp('/beheer/gebruikers');
    const own = await rowOf('Beheerder');
    expect(within(own).queryByRole('button', { name: /^Rollen wijzigen/ })).toBeNull();
    expect(within(own).getByText('Uw eigen rollen wijzigt een andere beheerder.')).toBeTruthy();
    // Everyone else keeps the button.
    expect(within(await rowOf('Coördinator Houten')).getByRole('button', { name: 'Rollen wijzigen Coördinator Houten' })).toBeTruthy();
    expect(within(await rowOf('Coördinator Houten')).queryByText(/Uw eigen rollen/)).toBeNull();
    expect(calls.callsTo(`PUT /api/v1/tenants/houten/users/${self.id}/roles`)).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByText('Another administrator changes your own roles.')).toBeTruthy();
  });

  it('shows a refusal (403) of a role change in the dialog', async () => {
    api({
      'PUT /api/v1/tenants/houten/users/:id/roles': () =>
        problemResponse(403, 'Niemand wijzigt de eigen rollen.'),
    });
    renderApp('/beheer/gebruikers');
    fireEvent.click(within(await rowOf('Coördinator Houten')).getByRole('button', { name: /^Rollen wijzigen/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Opslaan' }));
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'Niemand wijzigt de eigen rollen.' })).toBeTruthy();
  });

  it('shows role labels in English after switching language', async () => {
    api();
    renderApp('/beheer/gebruikers');
    await rowOf('Coördinator Houten');
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    const table = await screen.findByRole('table', { name: 'Users of Gemeente Houten' });
    expect(within(table).getByText('Coordinator, Staff member')).toBeTruthy();
    expect(within(table).getByText('Waiting for approval')).toBeTruthy();
  });
});
