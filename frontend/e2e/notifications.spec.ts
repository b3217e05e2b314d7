import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, otherPerson, signIn } from './support';

/*
 * Meldingen and an operator's SSO proposal against `serve --demo`. Gemeente Zeist is used: no
 * other spec signs in there. Its administrator signs in first, so that the tenant is in use and
 * an operator's change becomes a proposal (202) that the administrator confirms or rejects.
 * Serial: the second test builds on the first.
 */

test.describe.configure({ mode: 'serial' });

const ADMIN = 'tenant-admin@zeist.demo';
const PANEL = 'Er wacht een wijziging van de instellingen voor inloggen';
// Unsafe requests from outside the web app must say they come from the same origin.
const HEADERS = { 'Sec-Fetch-Site': 'same-origin', Accept: 'application/json' };

interface Settings {
  issuer: string;
  clientId: string;
  scopes: string[];
  emailDomains: string[];
  groupsClaim: string;
  groupRoles: Record<string, string[]>;
  provisioning: 'jit' | 'approval';
}

/** Zeist's id and current SSO settings, as the operator API gives them. */
async function zeistSettings(request: APIRequestContext) {
  const tenants = await request.get('/api/v1/operator/tenants?limit=1000', { headers: HEADERS });
  expect(tenants.status()).toBe(200);
  const { items } = (await tenants.json()) as { items: Array<{ id: string; slug: string }> };
  const id = items.find((item) => item.slug === 'zeist')!.id;
  const sso = await request.get(`/api/v1/operator/tenants/${id}/sso`, { headers: HEADERS });
  expect(sso.status()).toBe(200);
  const { issuer, clientId, scopes, emailDomains, groupsClaim, groupRoles, provisioning } = (await sso.json()) as Settings;
  return { id, settings: { issuer, clientId, scopes, emailDomains, groupsClaim, groupRoles, provisioning } };
}

/** An operator proposes `change` to Zeist's SSO settings; a tenant in use gets a proposal (202). */
async function propose(operator: Page, change: Partial<Settings>) {
  const { id, settings } = await zeistSettings(operator.request);
  const response = await operator.request.put(`/api/v1/operator/tenants/${id}/sso`, {
    headers: HEADERS,
    data: { ...settings, ...change },
  });
  expect(response.status()).toBe(202);
  return settings;
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Hoofdmenu' });

test.describe('Meldingen and SSO proposals', () => {
  test('an operator proposes a change; Zeist’s administrator is told and rejects it', async ({ page, browser }, testInfo) => {
    await signIn(page, ADMIN, '/beheer/sso');
    await expect(page.getByLabel('Issuer-URL')).toHaveValue(/\/dev-idp$/);
    const clientId = await page.getByLabel('Client-ID').inputValue();
    await expect(page.getByRole('region', { name: PANEL })).toHaveCount(0);

    const operator = await otherPerson(browser, testInfo, 'operator@platform.demo', '/platform');
    await propose(operator.page, { clientId: 'voorstel-e2e', emailDomains: ['zeist.example'] });

    // The administrator is told: an unread count in the navigation and the message.
    await page.goto('/');
    const link = mainNav(page).getByRole('link', { name: /^Meldingen, \d+ ongelezen$/ });
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meldingen');
    const message = page
      .getByRole('list', { name: 'Uw meldingen' })
      .getByRole('listitem')
      .filter({ hasText: 'stelt een wijziging voor van de instellingen waarmee uw organisatie inlogt' })
      .first();
    await expect(message).toContainText('Ongelezen');
    await expect(message).toContainText('Die gaat pas in als een beheerder van uw organisatie haar bevestigt.');
    await expectNoViolations(page);
    await expectNoHorizontalScroll(page);

    await message.getByRole('link', { name: 'Naar Eenmalige aanmelding' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Eenmalige aanmelding (SSO)');
    const panel = page.getByRole('region', { name: PANEL });
    await expect(panel).toContainText('voorstel-e2e');
    await expect(panel).toContainText('zeist.example');
    await expect(panel).toContainText('Client-ID');
    await expectNoViolations(page);
    await expectNoHorizontalScroll(page);

    await panel.getByRole('button', { name: 'Wijziging weigeren' }).click();
    await expect(page.locator('.utrecht-alert').filter({ hasText: 'De wijziging is geweigerd.' })).toBeFocused();
    await expect(panel).toHaveCount(0);
    await expect(page.getByLabel('Client-ID')).toHaveValue(clientId);
    await operator.context.close();
  });

  test('Zeist’s administrator confirms a proposal through the warning dialog', async ({ page, browser }, testInfo) => {
    const operator = await otherPerson(browser, testInfo, 'operator@platform.demo', '/platform');
    // The same settings again: confirming changes nothing, so Zeist's sign-in keeps working.
    const settings = await propose(operator.page, {});
    await operator.context.close();

    await signIn(page, ADMIN, '/beheer/sso');
    const panel = page.getByRole('region', { name: PANEL });
    await expect(panel).toContainText(settings.clientId);
    await panel.getByRole('button', { name: 'Wijziging doorvoeren' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Wijziging van de instellingen voor inloggen doorvoeren?' });
    await expect(dialog).toContainText('Dit verandert hoe iedereen van Gemeente Zeist inlogt.');
    await expectNoViolations(page);
    await dialog.getByRole('button', { name: 'Ja, doorvoeren' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.locator('.utrecht-alert').filter({ hasText: 'De wijziging is doorgevoerd.' })).toBeFocused();
    await expect(panel).toHaveCount(0);
    await expect(page.getByLabel('Client-ID')).toHaveValue(settings.clientId);

    // Everything read at once: the count leaves the navigation.
    await mainNav(page).getByRole('link', { name: /^Meldingen/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Meldingen');
    await page.getByRole('button', { name: 'Alles gelezen' }).click();
    await expect(page.getByText('Alle meldingen zijn gemarkeerd als gelezen.')).toBeFocused();
    await expect(mainNav(page).getByRole('link', { name: 'Meldingen', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Markeer als gelezen' })).toHaveCount(0);
    await expect(page.getByText('U hebt geen ongelezen meldingen.')).toBeVisible();
    await expectNoViolations(page);
  });
});
