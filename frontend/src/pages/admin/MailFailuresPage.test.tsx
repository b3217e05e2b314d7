import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coordinator, tenantAdmin } from '../../test/fixtures';
import { mockApi } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

const failure = {
  id: '00000000-0000-7000-8000-00000000f001',
  kind: 'signal_urgent',
  recipient: 'user',
  userId: '00000000-0000-7000-8000-00000000a001',
  userName: 'Coördinator (demo)',
  attempts: 10,
  lastError: 'dial tcp 127.0.0.1:25: connect: connection refused',
  createdAt: '2026-12-01T08:00:00Z',
  failedAt: '2026-12-02T01:00:00Z',
};

describe('Beheer › E-mail', () => {
  it('lists the failed emails without content and sends one again', async () => {
    let items = [failure, { ...failure, id: '00000000-0000-7000-8000-00000000f002', recipient: 'ally', userId: undefined, userName: undefined, kind: 'meeting_reminder' }];
    const requests = mockApi({
      'GET /api/v1/me': () => jsonResponse({ ...tenantAdmin, unreadNotifications: 0 }),
      'GET /api/v1/tenants/:tenant/mail-failures': () => jsonResponse({ items, next: null }),
      'POST /api/v1/tenants/:tenant/mail-failures/:id/retry': ({ params }) => {
        items = items.filter((item) => item.id !== params.id);
        return new Response(null, { status: 202 });
      },
    });
    renderApp('/beheer/e-mail');
    const table = await screen.findByRole('table', { name: '2 e-mails die niet aankwamen' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('Coördinator (demo)');
    expect(rows[1]!.textContent).toContain('connection refused');
    expect(rows[2]!.textContent).toContain('Een bondgenoot');
    expect(rows[2]!.textContent).toContain('Herinnering bijeenkomst');
    expect(rows[1]!.textContent).toContain('Urgent signaal');
    fireEvent.click(within(rows[1]!).getByRole('button', { name: 'E-mail aan Coördinator (demo) opnieuw versturen' }));
    expect(await screen.findByText('De e-mail aan Coördinator (demo) wordt binnen enkele seconden opnieuw verstuurd.')).toBeTruthy();
    expect(await screen.findByRole('table', { name: '1 e-mail die niet aankwam' })).toBeTruthy();
    expect(requests.calls.some((r) => r.method === 'POST' && r.path.endsWith('/retry'))).toBe(true);
  });

  it('is not for someone who does not administer the organisation', async () => {
    mockApi({ 'GET /api/v1/me': () => jsonResponse({ ...coordinator, unreadNotifications: 0 }) });
    renderApp('/beheer/e-mail');
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
