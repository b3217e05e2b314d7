import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { WCAG_TAGS } from './support';


test.describe('shell (Dutch by default)', () => {
  test('home page shows the Dutch shell', async ({ page }) => {
    await page.goto('/');

    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page).toHaveTitle('Bondgenoten');
    await expect(page.getByRole('banner')).toContainText('Bondgenoten');

    const skip = page.getByRole('link', { name: 'Naar hoofdinhoud' });
    await expect(skip).toHaveAttribute('href', '#main');

    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    await expect(nav.getByRole('link', { name: 'Start' })).toHaveAttribute('aria-current', 'page');
    await expect(nav.getByRole('link', { name: 'Organisaties' })).toBeVisible();

    const main = page.getByRole('main');
    await expect(main).toHaveAttribute('id', 'main');
    await expect(main.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Bondgenoten');
    await expect(page.getByRole('contentinfo')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Nederlands' })).toHaveAttribute('aria-pressed', 'true');
  });

  test('skip link moves focus to the main content', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Naar hoofdinhoud' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport(); // hidden off-screen until it has focus
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });
});

test.describe('directory', () => {
  test('lists the demo tenants via the navigation', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Organisaties' }).click();

    await expect(page).toHaveURL(/\/organisaties$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organisaties');
    const table = page.getByRole('table', { name: 'Organisaties' });
    await expect(table).toBeVisible();
    await expect(table.getByRole('columnheader')).toHaveText(['Naam', 'Soort', 'Code']);
    for (const slug of ['utrecht', 'amersfoort', 'bureau-rvs']) {
      await expect(table.getByRole('cell', { name: slug, exact: true })).toBeVisible();
    }
    const rowOf = (slug: string) =>
      table.getByRole('row').filter({ has: page.getByRole('cell', { name: slug, exact: true }) });
    await expect(rowOf('utrecht').getByRole('rowheader')).toContainText('Utrecht');
    await expect(rowOf('utrecht').getByRole('cell').first()).toHaveText('Gemeente');
    await expect(rowOf('bureau-rvs').getByRole('cell').first()).toHaveText('Ondersteuningsbureau');
  });

  test('deep link works and the kind filter narrows the table', async ({ page }) => {
    const response = await page.goto('/organisaties');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('table', { name: 'Organisaties' })).toBeVisible();

    await page.getByLabel('Soort organisatie').selectOption('bureau');
    await expect(page).toHaveURL(/kind=bureau/);
    const table = page.getByRole('table', { name: 'Organisaties: Ondersteuningsbureau' });
    await expect(table.getByRole('cell', { name: 'bureau-rvs', exact: true })).toBeVisible();
    await expect(table.getByRole('cell', { name: 'utrecht', exact: true })).toHaveCount(0);

    await page.reload();
    await expect(page.getByRole('table', { name: 'Organisaties: Ondersteuningsbureau' })).toBeVisible();
  });

  test('unknown routes show the not-found page inside the shell', async ({ page }) => {
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeVisible();
  });
});

test('language switch to English persists across a reload', async ({ page }) => {
  const dutchRequest = page.waitForRequest((request) => request.url().includes('/api/v1/tenants'));
  await page.goto('/organisaties');
  expect((await dutchRequest).headers()['accept-language']).toBe('nl');
  await expect(page.getByRole('table', { name: 'Organisaties' })).toBeVisible();

  const englishRequest = page.waitForRequest(
    (request) => request.url().includes('/api/v1/tenants') && request.headers()['accept-language'] === 'en',
  );
  await page.getByRole('button', { name: 'English' }).click();
  await englishRequest; // the directory is asked for again, in English

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organisations');
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toHaveAttribute('href', '#main');
  await expect(page.getByRole('table', { name: 'Organisations' }).getByRole('columnheader')).toHaveText([
    'Name',
    'Type',
    'Code',
  ]);

  await page.reload();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organisations');
  await expect(page).toHaveTitle('Organisations – Bondgenoten');
  await expect(page.getByRole('cell', { name: 'Municipality', exact: true }).first()).toBeVisible();
});

test.describe('accessibility (axe, WCAG 2.1 A/AA)', () => {
  async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
    const context = await browser.newContext({
      baseURL,
      locale: 'nl-NL',
      timezoneId: 'Europe/Amsterdam',
    });
    return context.newPage();
  }

  async function expectNoViolations(page: Page) {
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    const summary = results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
    expect(summary).toEqual([]);
  }

  test('home page', async ({ browser, baseURL }) => {
    const page = await newPage(browser, baseURL);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoViolations(page);
    await page.context().close();
  });

  test('directory page', async ({ browser, baseURL }) => {
    const page = await newPage(browser, baseURL);
    await page.goto('/organisaties');
    await expect(page.getByRole('table')).toBeVisible();
    await expectNoViolations(page);
    await page.context().close();
  });

  test('directory page in English', async ({ browser, baseURL }) => {
    const page = await newPage(browser, baseURL);
    await page.goto('/organisaties');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('table', { name: 'Organisations' })).toBeVisible();
    await expectNoViolations(page);
    await page.context().close();
  });

  test('not-found page', async ({ browser, baseURL }) => {
    const page = await newPage(browser, baseURL);
    await page.goto('/bestaat-niet');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoViolations(page);
    await page.context().close();
  });
});
