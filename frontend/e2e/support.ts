import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page, type TestInfo } from '@playwright/test';

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

/**
 * At 320 CSS pixels wide (WCAG 1.4.10 Reflow) the page needs no horizontal scrolling; tables
 * scroll inside their own region. The viewport is restored afterwards.
 */
export async function expectNoHorizontalScroll(page: Page) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: before?.height ?? 800 });
  try {
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000 })
      .toBeLessThanOrEqual(320);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}

/**
 * A second person in their own browser context (cookies are per context), signed in and at
 * `returnTo`. Close `context` when done.
 */
export async function otherPerson(browser: Browser, testInfo: TestInfo, email: string, returnTo = '/') {
  const { baseURL, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId });
  const page = await context.newPage();
  await signIn(page, email, returnTo);
  return { context, page };
}
