import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, otherPerson, signIn, WCAG_TAGS } from './support';

/*
 * Email against `serve --demo`, which catches every email in its own SMTP server and shows it
 * at /dev-mail/. An urgent signal in Bondgenoten Amersfoort emails the partners' coordinators:
 * the email names the network and links to the product, and no email in the mailbox holds what
 * the signal says. Preferences live on Meldingen; failed emails on Beheer › E-mail.
 */

test.describe.configure({ timeout: 90_000 });

const RUN = Date.now().toString(36);
const SECRET = `Geheim signaal over de buurtvader ${RUN}`;
const SUBJECT = 'Urgent signaal in Bondgenoten Amersfoort';

async function checkPage(page: Page) {
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);
}

/** The mailbox's emails to `to` with `subject`, as the list page shows them. */
async function mailsTo(page: Page, to: string, subject: string) {
  await page.goto('/dev-mail/');
  const items = page.getByRole('listitem').filter({ hasText: `aan ${to}` }).filter({ hasText: subject });
  return items.count();
}

test('an urgent signal reaches the coordinators by email, without its content', async ({ page, browser }, testInfo) => {
  // People exist once they have signed in (just-in-time provisioning).
  const { context, page: mailbox } = await otherPerson(browser, testInfo, 'coordinator@basisteam-amersfoort.demo');
  const before = await mailsTo(mailbox, 'coordinator@basisteam-amersfoort.demo', SUBJECT);

  await signIn(page, 'staff@amersfoort.demo');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: 'Bondgenoten Amersfoort', exact: true }).click();
  await page.getByRole('region', { name: 'Wat speelt er' }).getByRole('link', { name: 'Signalen' }).click();
  await page.goto((await page.getByRole('link', { name: 'Signaal melden' }).getAttribute('href'))!);
  await page.getByLabel('Urgent: er moet nu gehandeld worden').check();
  await page.getByLabel('Thema').selectOption({ label: 'Demonstratie' });
  await page.getByLabel('Wat is er waargenomen?').fill(SECRET);
  await page.getByLabel('4 – Hoge spanning').check();
  await page.getByRole('button', { name: 'Signaal opslaan' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');

  // Delivered within seconds: the relay runs every 5 s.
  await expect
    .poll(() => mailsTo(mailbox, 'coordinator@basisteam-amersfoort.demo', SUBJECT), { timeout: 30_000 })
    .toBeGreaterThan(before);
  await checkPage(mailbox);
  await mailbox
    .getByRole('listitem')
    .filter({ hasText: 'aan coordinator@basisteam-amersfoort.demo' })
    .filter({ hasText: SUBJECT })
    .first()
    .getByRole('link')
    .click();
  await expect(mailbox.getByRole('heading', { level: 1 })).toHaveText(SUBJECT);
  await expect(mailbox.getByText('Er is een urgent signaal vastgelegd in het netwerk Bondgenoten Amersfoort.')).toBeVisible();
  await expect(mailbox.getByText(/Openen in Bondgenoten: http:\/\/127\.0\.0\.1:\d+\/netwerken\//)).toBeVisible();
  // The formatted version, in its sandboxed frame: the email itself, where axe cannot run
  // (the sandbox allows no scripts); the page around it is checked.
  await expect(mailbox.frameLocator('iframe').getByRole('heading', { level: 1 })).toHaveText(SUBJECT);
  const results = await new AxeBuilder({ page: mailbox }).withTags(WCAG_TAGS).exclude('iframe').setLegacyMode(true).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await expectNoHorizontalScroll(mailbox);

  // No email in the mailbox, in any part, holds what the signal says.
  const links = await mailbox.goto('/dev-mail/').then(() => mailbox.getByRole('listitem').getByRole('link').all());
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    const href = await link.getAttribute('href');
    const raw = await mailbox.request.get(`${href}/raw`);
    expect(raw.status()).toBe(200);
    expect(await raw.text()).not.toContain(RUN);
  }
  await context.close();
});

test('a person chooses a daily digest and English for their emails', async ({ page }) => {
  await signIn(page, 'crisis-liaison@zeist.demo', '/meldingen');
  const section = page.getByRole('region', { name: 'E-mail over meldingen' });
  await expect(section.getByLabel(/Direct, bij elke melding/)).toBeChecked();
  await section.getByLabel(/Eén keer per dag/).check();
  await section.getByLabel(/Engels/).check();
  await section.getByRole('button', { name: 'Voorkeuren opslaan' }).click();
  await expect(section.getByText('Uw voorkeuren zijn opgeslagen.')).toBeVisible();
  await checkPage(page);

  await page.reload();
  await expect(section.getByLabel(/Eén keer per dag/)).toBeChecked();
  await expect(section.getByLabel(/Engels/)).toBeChecked();
  // Back as it was, for whoever signs in as this person next.
  await section.getByLabel(/Direct, bij elke melding/).check();
  await section.getByLabel(/Nederlands/).check();
  await section.getByRole('button', { name: 'Voorkeuren opslaan' }).click();
  await expect(section.getByText('Uw voorkeuren zijn opgeslagen.')).toBeVisible();
});

test('an administrator sees the emails that did not arrive', async ({ page }) => {
  await signIn(page, 'tenant-admin@veenendaal.demo', '/beheer/e-mail');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('E-mail die niet aankwam');
  await expect(page.getByText('Er is geen e-mail mislukt.')).toBeVisible();
  await checkPage(page);
});
