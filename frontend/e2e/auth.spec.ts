import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, otherPerson, signIn } from './support';

/*
 * Sign-in through the demo identity provider that `serve --demo` serves at /dev-idp/, and the
 * pages behind it. Every test gets a fresh browser context, so it starts signed out.
 */




const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test.describe('sign-in', () => {
  test('a coordinator signs in with their work email, then signs out', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('banner').getByRole('link', { name: 'Inloggen' }).click();
    await expect(page).toHaveURL(/\/inloggen$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen');
    await expect(page.getByText('<rol>@<organisatie>.demo')).toBeVisible(); // demo hint

    await page.getByLabel('Werk-e-mailadres').fill('coordinator@utrecht.demo');
    await page.getByRole('button', { name: 'Doorgaan' }).click();

    await page.waitForURL((url) => url.pathname === '/');
    const banner = page.getByRole('banner');
    await expect(banner).toContainText('Coördinator (demo) — utrecht');
    await expect(banner).toContainText('Gemeente Utrecht');
    const nav = mainNav(page);
    await expect(nav.getByRole('link', { name: 'Mijn sessies' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Start' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Organisaties' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Beheer' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Platform' })).toHaveCount(0);

    await page.getByRole('button', { name: 'Uitloggen' }).click();

    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('banner').getByRole('link', { name: 'Inloggen' })).toBeVisible();
    await expect(page.getByRole('banner')).not.toContainText('Coördinator (demo)');
    await expect(mainNav(page).getByRole('link', { name: 'Mijn sessies' })).toHaveCount(0);
    expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  });

  test('a bureau advisor chooses their organisation and an account at the demo provider', async ({ page }) => {
    await page.goto('/inloggen');
    await page.getByLabel('Zoek uw organisatie').fill('veiligheid');
    const list = page.getByRole('list', { name: 'Organisaties om mee in te loggen' });
    await expect(list.getByRole('link')).toHaveCount(1);
    await list.getByRole('link', { name: 'Bureau Regionale Veiligheidsstrategie' }).click();

    // The demo identity provider's own page lists its accounts as buttons.
    await expect(page).toHaveURL(/\/dev-idp\/login\?/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Demo-inlogpagina');
    await page.getByRole('button', { name: /bureau-advisor@bureau-rvs\.demo/ }).click();

    await page.waitForURL((url) => url.pathname === '/');
    const banner = page.getByRole('banner');
    await expect(banner).toContainText('Adviseur (demo) — bureau-rvs');
    await expect(banner).toContainText('Bureau Regionale Veiligheidsstrategie');
    const nav = mainNav(page);
    await expect(nav.getByRole('link', { name: 'Mijn sessies' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Beheer' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Platform' })).toHaveCount(0);

    // Beheer is not for bureau advisors: a friendly "no access", not an empty page.
    await page.goto('/beheer/gebruikers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen toegang');
  });

  test('an unknown email domain gets a message next to the field', async ({ page }) => {
    await page.goto('/inloggen');
    await page.getByLabel('Werk-e-mailadres').fill('iemand@onbekend.example');
    await page.getByRole('button', { name: 'Doorgaan' }).click();
    await expect(page.getByText('Wij kennen geen organisatie met dit e-mailadres.', { exact: false })).toBeVisible();
    await expect(page.getByLabel('Werk-e-mailadres')).toHaveAttribute('aria-invalid', 'true');
    await expect(page).toHaveURL(/\/inloggen$/);
  });

  test('a failed sign-in is explained on the login page', async ({ page }) => {
    await page.goto('/inloggen?fout=account_deactivated');
    await expect(page.getByRole('alert')).toContainText('Uw account is gedeactiveerd');
  });
});

test.describe('administration', () => {
  test('a tenant admin is sent to sign in, then sees users and the SSO settings', async ({ page }) => {
    await page.goto('/beheer/gebruikers');
    await expect(page).toHaveURL(/\/inloggen\?terug=%2Fbeheer%2Fgebruikers$/);

    await page.getByLabel('Werk-e-mailadres').fill('tenant-admin@houten.demo');
    await page.getByRole('button', { name: 'Doorgaan' }).click();

    await page.waitForURL((url) => url.pathname === '/beheer/gebruikers');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gebruikers');
    await expect(mainNav(page).getByRole('link', { name: 'Beheer' })).toHaveAttribute('aria-current', 'page');
    const table = page.getByRole('table', { name: 'Gebruikers van Gemeente Houten' });
    const self = table.getByRole('row').filter({ hasText: 'tenant-admin@houten.demo' });
    await expect(self.getByRole('rowheader')).toContainText('Beheerder (demo) — houten');
    await expect(self.getByRole('rowheader')).toContainText('(u)');
    await expect(self).toContainText('Actief');
    await expect(self).toContainText('Beheerder organisatie');
    await expect(self.getByRole('button', { name: /^Deactiveren/ })).toHaveCount(0); // not yourself

    const adminNav = page.getByRole('navigation', { name: 'Beheer' });
    await adminNav.getByRole('link', { name: 'Eenmalige aanmelding (SSO)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eenmalige aanmelding (SSO)');
    await expect(page.getByLabel('Issuer-URL')).toHaveValue(/\/dev-idp$/);
    await expect(page.getByLabel('Client-ID')).toHaveValue('demo-houten');
    await expect(page.getByLabel('Clientgeheim')).toHaveAttribute('placeholder', 'Er is een geheim opgeslagen.');
    await expect(adminNav.getByRole('link', { name: 'Audit' })).toBeVisible();
  });

  test('an invalid SSO setting is refused with the error next to the field', async ({ page }) => {
    await signIn(page, 'tenant-admin@houten.demo', '/beheer/sso');
    const issuer = page.getByLabel('Issuer-URL');
    const stored = await issuer.inputValue();
    await issuer.fill('ftp://login.example');
    await page.getByRole('button', { name: 'Opslaan' }).click();

    const alert = page.getByRole('alert').filter({ hasText: 'Issuer-URL' });
    await expect(alert).toBeVisible();
    await expect(issuer).toHaveAttribute('aria-invalid', 'true');

    // Nothing was stored.
    await page.reload();
    await expect(page.getByLabel('Issuer-URL')).toHaveValue(stored);
  });

  test('the SSO test sign-in comes back without naming the account, and keeps the session', async ({ page }) => {
    await signIn(page, 'tenant-admin@houten.demo', '/beheer/sso');
    await page.getByRole('button', { name: 'Testaanmelding' }).click();

    await expect(page).toHaveURL(/\/dev-idp\/login\?/);
    await page.getByRole('button', { name: /staff@houten\.demo/ }).click();

    await page.waitForURL((url) => url.pathname === '/beheer/sso' && url.searchParams.get('sso_test') === 'ok');
    // The tested account is not in the address (history, logs, referrers), nor on the page.
    expect(new URL(page.url()).searchParams.has('email')).toBe(false);
    const result = page.getByRole('status').filter({ hasText: 'Testaanmelding gelukt' });
    await expect(result).toContainText('De identiteitsprovider heeft de aanmelding bevestigd.');
    await expect(result).not.toContainText('staff@houten.demo');
    await expect(page.getByRole('banner')).toContainText('Beheerder (demo) — houten');
  });

  test('an operator sees the platform', async ({ page }) => {
    await signIn(page, 'operator@platform.demo', '/platform');
    await expect(mainNav(page).getByRole('link', { name: 'Platform' })).toHaveAttribute('aria-current', 'page');
    // Operators are the platform organisation's administrators: its users, roles, SSO and trail.
    await expect(mainNav(page).getByRole('link', { name: 'Beheer' })).toHaveCount(1);
    const table = page.getByRole('table');
    await expect(table.getByRole('row').filter({ hasText: 'bureau-rvs' })).toContainText('Actief');
  });
});

test.describe('accessibility of sign-in and administration (axe, WCAG 2.1 A/AA)', () => {
  test('login page', async ({ page }) => {
    await page.goto('/inloggen?fout=account_pending');
    await expect(page.getByRole('link', { name: 'Gemeente Utrecht' })).toBeVisible();
    await expect(page.getByText('<rol>@<organisatie>.demo')).toBeVisible();
    await expectNoViolations(page);
  });

  test('demo identity provider login page', async ({ page }) => {
    await page.goto('/auth/utrecht/login?return_to=/');
    await expect(page).toHaveURL(/\/dev-idp\/login\?/);
    await expect(page.getByRole('button', { name: /coordinator@utrecht\.demo/ })).toBeVisible();
    await expectNoViolations(page);
  });

  test('Beheer › Gebruikers, with the roles dialog', async ({ page, browser }, testInfo) => {
    // Someone else to change the roles of: nobody changes their own.
    const staff = await otherPerson(browser, testInfo, 'staff@houten.demo');
    await staff.context.close();
    await signIn(page, 'tenant-admin@houten.demo', '/beheer/gebruikers');
    const table = page.getByRole('table', { name: 'Gebruikers van Gemeente Houten' });
    await expect(table).toBeVisible();
    const self = table.getByRole('row').filter({ hasText: 'tenant-admin@houten.demo' });
    await expect(self).toContainText('Uw eigen rollen wijzigt een andere beheerder.');
    await expect(self.getByRole('button', { name: /^Rollen wijzigen/ })).toHaveCount(0);
    await expectNoViolations(page);

    await page.getByRole('button', { name: /^Rollen wijzigen/ }).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoViolations(page);
  });

  test('Beheer › Eenmalige aanmelding', async ({ page }) => {
    await signIn(page, 'tenant-admin@houten.demo', '/beheer/sso');
    await expect(page.getByLabel('Issuer-URL')).toHaveValue(/\/dev-idp$/);
    await expectNoViolations(page);
  });

  test('Mijn sessies', async ({ page }) => {
    await signIn(page, 'tenant-admin@houten.demo', '/mijn-sessies');
    await expect(page.getByRole('table', { name: 'Uw sessies' })).toBeVisible();
    await expectNoViolations(page);
  });
});
