import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { coordinator } from '../test/fixtures';
import { mockApi } from '../test/mockApi';
import { jsonResponse, renderApp } from '../test/renderApp';

afterEach(() => {
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'clipboard');
});

const FEED = '/api/v1/me/calendar-feed';
const URL_1 = 'https://bondgenoten.example/api/v1/calendar-feeds/geheim-1';
const URL_2 = 'https://bondgenoten.example/api/v1/calendar-feeds/geheim-2';

function api(initial: { active: boolean; createdAt: string | null }) {
  let state = initial;
  const urls = [URL_1, URL_2];
  return mockApi({
    'GET /api/v1/me': () => jsonResponse(coordinator),
    'GET /api/v1/me/sessions': () => jsonResponse({ items: [], next: null }),
    [`GET ${FEED}`]: () => jsonResponse(state),
    [`POST ${FEED}`]: () => {
      state = { active: true, createdAt: '2026-11-29T10:00:00Z' };
      return jsonResponse({ ...state, url: urls.shift() }, 201);
    },
    [`DELETE ${FEED}`]: () => {
      state = { active: false, createdAt: null };
      return new Response(null, { status: 204 });
    },
  });
}

describe('Agenda-abonnement', () => {
  it('shows the secret address once after making it, copies it, renews after confirming, and stops', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const calls = api({ active: false, createdAt: null });
    renderApp('/mijn-sessies');

    expect(await screen.findByRole('heading', { level: 2, name: 'Agenda-abonnement' })).toBeTruthy();
    expect(await screen.findByText('U heeft geen agenda-abonnement.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Abonnement stoppen' })).toBeNull();
    expect(screen.queryByLabelText('Adres van uw agenda-abonnement')).toBeNull();

    // No feed yet: made without asking.
    fireEvent.click(screen.getByRole('button', { name: 'Nieuw adres maken' }));
    const heading = await screen.findByRole('heading', { level: 3, name: 'Uw nieuwe agenda-adres' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    const field = screen.getByLabelText('Adres van uw agenda-abonnement') as HTMLInputElement;
    expect(field.value).toBe(URL_1);
    expect(field.readOnly).toBe(true);
    const description = document.getElementById(field.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toMatch(/Het adres is geheim: iedereen die het heeft, ziet uw overleggen\./);
    expect(calls.callsTo(`POST ${FEED}`)).toHaveLength(1);
    expect(await screen.findByText('Uw agenda-abonnement is actief sinds 29 november 2026 om 11:00.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Adres kopiëren' }));
    expect(await screen.findByText('Het adres is gekopieerd.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(URL_1);

    // Renewing an active feed asks first: the old address stops working.
    fireEvent.click(screen.getByRole('button', { name: 'Nieuw adres maken' }));
    const renew = await screen.findByRole('alertdialog', { name: 'Nieuw adres maken?' });
    expect(renew.textContent).toContain('Het huidige adres werkt daarna niet meer.');
    fireEvent.click(within(renew).getByRole('button', { name: 'Ja, nieuw adres maken' }));
    await waitFor(() =>
      expect((screen.getByLabelText('Adres van uw agenda-abonnement') as HTMLInputElement).value).toBe(URL_2),
    );
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.callsTo(`POST ${FEED}`)).toHaveLength(2);

    fireEvent.click(screen.getByRole('button', { name: 'Abonnement stoppen' }));
    const stop = await screen.findByRole('alertdialog', { name: 'Agenda-abonnement stoppen?' });
    fireEvent.click(within(stop).getByRole('button', { name: 'Ja, stoppen' }));
    const stopped = await screen.findByText('Het agenda-abonnement is gestopt. Het adres werkt niet meer.');
    await waitFor(() => expect(document.activeElement).toBe(stopped));
    expect(stopped.getAttribute('role')).toBe('status');
    expect(calls.callsTo(`DELETE ${FEED}`)).toHaveLength(1);
    expect(screen.queryByLabelText('Adres van uw agenda-abonnement')).toBeNull();
    expect(await screen.findByText('U heeft geen agenda-abonnement.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Abonnement stoppen' })).toBeNull();
  });

  it('does not show an address for an existing feed, and cancelling the stop keeps it', async () => {
    const calls = api({ active: true, createdAt: '2026-07-01T06:15:00Z' });
    renderApp('/mijn-sessies');
    expect(await screen.findByText('Uw agenda-abonnement is actief sinds 1 juli 2026 om 08:15.')).toBeTruthy();
    expect(screen.queryByLabelText('Adres van uw agenda-abonnement')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Abonnement stoppen' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Agenda-abonnement stoppen?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Annuleren' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls.callsTo(`DELETE ${FEED}`)).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Abonnement stoppen' })).toBeTruthy();
  });

  it('says so when copying does not work', async () => {
    api({ active: false, createdAt: null });
    renderApp('/mijn-sessies');
    fireEvent.click(await screen.findByRole('button', { name: 'Nieuw adres maken' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Adres kopiëren' }));
    expect(await screen.findByText('Kopiëren is niet gelukt. Selecteer het adres en kopieer het zelf.')).toBeTruthy();
  });
});
