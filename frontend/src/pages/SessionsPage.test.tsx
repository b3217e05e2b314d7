import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/client';
import { coordinator } from '../test/fixtures';
import { mockApi } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';
import { describeUserAgent } from './SessionsPage';

afterEach(() => {
  vi.unstubAllGlobals();
});

const firefox =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const chrome =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

const current: Session = {
  id: '00000000-0000-7000-8000-00000000c001',
  createdAt: '2026-11-29T08:00:00Z',
  lastSeenAt: '2026-11-29T10:30:00Z',
  expiresAt: '2026-11-29T20:00:00Z',
  userAgent: chrome,
  current: true,
};
const other: Session = {
  id: '00000000-0000-7000-8000-00000000c002',
  createdAt: '2026-07-01T06:15:00Z',
  lastSeenAt: '2026-07-01T07:00:00Z',
  expiresAt: '2026-07-01T18:15:00Z',
  userAgent: firefox,
  current: false,
};

describe('Mijn sessies', () => {
  it('lists the sessions with Amsterdam times, marks the current one, and ends another after confirmation', async () => {
    let sessions = [current, other];
    const calls = mockApi({
      'GET /api/v1/me': () => jsonResponse(coordinator),
      'GET /api/v1/me/sessions': () => jsonResponse({ items: sessions, next: null }),
      'DELETE /api/v1/me/sessions/:id': ({ params }) => {
        sessions = sessions.filter((s) => s.id !== params.id);
        return new Response(null, { status: 204 });
      },
    });
    renderApp('/mijn-sessies');

    const table = await screen.findByRole('table', { name: 'Uw sessies' });
    const [, currentRow, otherRow] = within(table).getAllByRole('row');
    expect(within(currentRow!).getByRole('rowheader').textContent).toContain('Chrome, Linux');
    expect(within(currentRow!).getByText('Deze sessie')).toBeTruthy();
    expect(within(currentRow!).queryByRole('button')).toBeNull();
    // Winter time (UTC+1) and summer time (UTC+2).
    expect(within(currentRow!).getByText('29 november 2026 om 09:00')).toBeTruthy();
    expect(within(otherRow!).getByText('1 juli 2026 om 08:15')).toBeTruthy();
    expect(within(otherRow!).getByRole('rowheader').textContent).toContain('Firefox, Windows');

    fireEvent.click(within(otherRow!).getByRole('button', { name: /^Afmelden sessie op Firefox, Windows/ }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Sessie afmelden?' });
    expect(dialog.textContent).toContain('U wordt uitgelogd op Firefox, Windows');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ja, afmelden' }));

    expect(await screen.findByText('De sessie op Firefox, Windows is afgemeld.')).toBeTruthy();
    expect(calls.callsTo(`DELETE /api/v1/me/sessions/${other.id}`)).toHaveLength(1);
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
  });

  it('describes user agents briefly', () => {
    expect(describeUserAgent(firefox)).toBe('Firefox, Windows');
    expect(describeUserAgent(chrome)).toBe('Chrome, Linux');
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari, iOS');
    expect(describeUserAgent('curl/8.0')).toBeUndefined();
  });
});
