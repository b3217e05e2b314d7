import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The WCAG 2.1 A/AA rules every page must pass. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe on the page and expects no violations (listed readably when there are). */
export async function expectNoViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const summary = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  expect(summary).toEqual([]);
}

/** Signs in through the login page's email form and waits until `returnTo` has loaded. */
export async function signIn(page: Page, email: string, returnTo = '/') {
  await page.goto(returnTo === '/' ? '/inloggen' : `/inloggen?terug=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Werk-e-mailadres').fill(email);
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.waitForURL((url) => url.pathname + url.search === returnTo);
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
}
