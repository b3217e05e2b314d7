import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, signIn } from './support';

/*
 * Crisis mode against `serve --demo`: Bondgenoten Amersfoort has active allies who permit
 * contact, a past crisis (the AZC in spring) and its next meeting planned. A coordinator
 * activates a crisis: the banner appears on the network's pages and the rapid contact list
 * appears; a poll of two allies gets answers; closing with aftercare makes both disappear.
 */

test.describe.configure({ mode: 'serial' });

const RUN = Date.now().toString(36);
const DEMO_NETWORK = 'Bondgenoten Amersfoort';
const TITLE = `Onrust na een incident ${RUN}`;

async function openNetwork(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Netwerken');
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: DEMO_NETWORK, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(DEMO_NETWORK);
}

const contactList = (page: Page) => page.getByRole('heading', { name: 'Snelle contactlijst' });

test('a coordinator activates a crisis, polls allies and closes it with aftercare', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'coordinator@amersfoort.demo');
  await openNetwork(page);
  await page.getByRole('link', { name: 'Crisismodus', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Crisismodus');
  await expect(page.getByText('Dit netwerk heeft geen actieve crisis.')).toBeVisible();
  // The past crisis of the demo, with its aftercare.
  await expect(page.getByRole('heading', { name: 'Onrust rond het AZC Amersfoort-Noord' })).toBeVisible();
  await expect(contactList(page)).toHaveCount(0);
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  await page.getByLabel(/^Titel/).fill(TITLE);
  await page.getByLabel(/^Aanleiding/).fill('Een vechtpartij bij het station gaat rond op sociale media.');
  await page.getByLabel('Demonstratie').check();
  await page.getByRole('button', { name: 'Crisis activeren' }).click();
  await expect(page.getByRole('heading', { level: 2, name: TITLE })).toBeVisible();

  // The rapid contact list, with tel: links and the vCard.
  await expect(contactList(page)).toBeVisible();
  const phone = page.getByRole('table', { name: /Bondgenoten die contact toestaan/ }).locator('a[href^="tel:"]').first();
  await expect(phone).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download als vCard (contacten)' })).toBeVisible();

  // A poll of two allies, and their answers.
  const allies = page.getByRole('group', { name: 'Bondgenoten' }).getByRole('checkbox');
  await allies.nth(0).check();
  await allies.nth(1).check();
  await page.getByLabel(/^Vraag \(optioneel\)/).fill('Wat hoort u?');
  await page.getByRole('button', { name: /Peiling starten/ }).click();
  await expect(page.getByText('0 van 2 bondgenoten hebben geantwoord.')).toBeVisible();
  const record = page.getByRole('form', { name: 'Antwoord vastleggen' });
  await record.getByLabel('Stemming in de achterban').selectOption('4');
  await record.getByLabel('Wat hoort de bondgenoot?').fill('Zorgen bij ouders');
  await record.getByRole('button', { name: 'Antwoord vastleggen' }).click();
  await expect(page.getByText('1 van 2 bondgenoten hebben geantwoord.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Peiling 1 per gemeenschap' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Peiling 1 per gemeenschap' }).getByText('minder dan 3')).toBeVisible();
  await expect(page.locator('.bg-crisis-timeline').getByText(/Antwoord op peiling/)).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // The banner on the network's pages.
  await openNetwork(page);
  await expect(page.getByText(`Actieve crisis: ${TITLE}.`)).toBeVisible();
  await expectNoViolations(page);
  await page.getByRole('link', { name: 'Naar de crisispagina' }).click();
  await expect(page.getByRole('heading', { level: 2, name: TITLE })).toBeVisible();

  // Closing asks for aftercare.
  await page.getByRole('button', { name: 'Crisis afsluiten…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(/Vervolgbijeenkomst/)).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);
  await dialog.getByLabel(/Wat ging goed/).fill('Binnen het uur een beeld van de stemming.');
  await dialog.getByLabel(/Wat leren we/).fill('Eerder peilen.');
  await dialog.getByRole('button', { name: 'Afsluiten' }).click();
  await expect(page.getByText('Dit netwerk heeft geen actieve crisis.')).toBeVisible();
  await expect(contactList(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 3, name: TITLE })).toBeVisible();
  await openNetwork(page);
  await expect(page.getByText(`Actieve crisis: ${TITLE}.`)).toHaveCount(0);
});
