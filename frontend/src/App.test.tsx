import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from './i18n';
import { mockApi } from './test/mockApi';
import { renderApp } from './test/renderApp';

describe('app shell', () => {
  beforeEach(() => {
    mockApi({}); // signed out
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('renders the Dutch shell by default', async () => {
    renderApp('/');

    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Bondgenoten')).toBeTruthy();

    const skip = screen.getByRole('link', { name: 'Naar hoofdinhoud' });
    expect(skip.getAttribute('href')).toBe('#main');

    const nav = screen.getByRole('navigation', { name: 'Hoofdmenu' });
    expect(within(nav).getByRole('link', { name: 'Start' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Organisaties' }).getAttribute('href')).toBe('/organisaties');

    const main = screen.getByRole('main');
    expect(main.id).toBe('main');
    expect(within(main).getByRole('heading', { level: 1, name: 'Welkom bij Bondgenoten' })).toBeTruthy();
    expect(screen.getByRole('contentinfo')).toBeTruthy();

    expect(screen.getByRole('button', { name: 'Nederlands' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.lang).toBe('nl');
    expect(document.title).toBe('Bondgenoten');
  });

  it('switches to English, sets <html lang> and remembers the choice', async () => {
    renderApp('/');
    const english = await screen.findByRole('button', { name: 'English' });

    fireEvent.click(english);

    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome to Bondgenoten' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Skip to main content' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main menu' });
    expect(within(nav).getByRole('link', { name: 'Organisations' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Choose language' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');

    fireEvent.click(screen.getByRole('button', { name: 'Nederlands' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welkom bij Bondgenoten' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('nl');
  });

  it('shows a not-found page for unknown routes', async () => {
    renderApp('/bestaat-niet');
    expect(await screen.findByRole('heading', { level: 1, name: 'Pagina niet gevonden' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Naar de startpagina' }).getAttribute('href')).toBe('/');
    expect(screen.getByRole('banner')).toBeTruthy();
  });
});
