import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coordinator, tenantAdmin } from '../../test/fixtures';
import { mockApi, problemResponse } from '../../test/mockApi';
import { jsonResponse, renderApp } from '../../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('E-mail over meldingen', () => {
  it('shows the current choice and stores a new one', async () => {
    let stored = { email: 'immediate', language: 'nl' };
    const requests = mockApi({
      'GET /api/v1/me': () => jsonResponse({ ...coordinator, unreadNotifications: 0 }),
      'GET /api/v1/me/notifications': () => jsonResponse({ items: [], unread: 0 }),
      'GET /api/v1/me/notification-preferences': () => jsonResponse(stored),
      'PUT /api/v1/me/notification-preferences': ({ body }) => {
        stored = body as typeof stored;
        return jsonResponse(stored);
      },
    });
    renderApp('/meldingen');
    const section = await screen.findByRole('region', { name: 'E-mail over meldingen' });
    const when = await within(section).findByRole('group', { name: 'Wanneer wilt u e-mail krijgen?' });
    expect((within(when).getByLabelText(/Direct, bij elke melding/) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(within(when).getByLabelText(/Eén keer per dag/));
    fireEvent.click(within(section).getByLabelText(/Engels/));
    fireEvent.click(within(section).getByRole('button', { name: 'Voorkeuren opslaan' }));
    expect(await within(section).findByText('Uw voorkeuren zijn opgeslagen.')).toBeTruthy();
    await waitFor(() => expect(stored).toEqual({ email: 'digest', language: 'en' }));
    expect(requests.calls.some((r) => r.method === 'PUT')).toBe(true);
  });

  it('says why when the server refuses', async () => {
    mockApi({
      'GET /api/v1/me': () => jsonResponse({ ...tenantAdmin, unreadNotifications: 0 }),
      'GET /api/v1/me/notifications': () => jsonResponse({ items: [], unread: 0 }),
      'GET /api/v1/me/notification-preferences': () => jsonResponse({ email: 'app', language: 'nl' }),
      'PUT /api/v1/me/notification-preferences': () => problemResponse(400, 'Ongeldige invoer'),
    });
    renderApp('/meldingen');
    const section = await screen.findByRole('region', { name: 'E-mail over meldingen' });
    fireEvent.click(await within(section).findByRole('button', { name: 'Voorkeuren opslaan' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(within(section).queryByText('Uw voorkeuren zijn opgeslagen.')).toBeNull();
  });
});
