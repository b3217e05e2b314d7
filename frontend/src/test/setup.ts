import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { DEFAULT_LANGUAGE, i18n } from '../i18n';

// jsdom has no layout; the router's scroll restoration calls this.
window.scrollTo = () => {};

beforeEach(async () => {
  localStorage.clear();
  await i18n.changeLanguage(DEFAULT_LANGUAGE);
  localStorage.clear();
});

afterEach(() => {
  cleanup();
});
