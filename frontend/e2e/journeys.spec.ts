import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Journeys the networks issue names, against `serve --demo`:
 * - a coordinator of Nieuwegein starts a network with room for two active allies, adds two,
 *   and sees the third refused with the cap named (a run-unique network, so reruns work);
 * - a staff member of Amersfoort sees the make-up of the allies as counts, but background and
 *   religion only as a sentence saying they are for coordinators, and never any special-category
 *   value, on the counts page or an ally's page, nor in what the server sends;
 * - the coordinator sees them in counts: the demo allies recorded "christelijk" (three) and
 *   "islam" (two, so left out) with consent.
 */

test.describe.configure({ mode: 'serial' });

const RUN = Date.now().toString(36);
const NETWORK = `Bondgenoten Nieuwegein ${RUN}`;

async function openNetwork(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

async function addActiveAlly(page: Page, name: string) {
  await page.getByRole('link', { name: 'Bondgenoot toevoegen' }).click();
  const form = page.getByRole('form', { name: 'Bondgenoot toevoegen' });
  await form.getByLabel('Naam', { exact: true }).fill(name);
  await form.getByRole('radio', { name: 'Actief' }).check();
  await form.getByRole('button', { name: 'Bondgenoot toevoegen' }).click();
}

test('a coordinator adds allies up to the cap and sees the refusal naming it', async ({ page }) => {
  await signIn(page, 'coordinator@nieuwegein.demo');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('link', { name: 'Netwerk starten' }).click();
  const start = page.getByRole('form', { name: 'Netwerk starten' });
  await start.getByLabel('Naam van het netwerk').fill(NETWORK);
  await start.getByRole('radio', { name: 'Hele gemeente' }).check();
  await start.getByLabel('Maximaal aantal actieve bondgenoten').fill('2');
  await start.getByLabel('Basisteam Utrecht-Centrum').check();
  await start.getByRole('button', { name: 'Netwerk starten' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NETWORK);

  await page.getByRole('link', { name: 'Bondgenoten en contactgegevens' }).click();
  await expect(page.getByText(/van max 2 actief/)).toBeVisible();
  for (const name of [`Els ${RUN}`, `Mo ${RUN}`]) {
    await addActiveAlly(page, name);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
  }
  await addActiveAlly(page, `Derde ${RUN}`);
  // Refused: the form stays, with the cap in the message next to the status.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoot toevoegen');
  await expect(page.getByText('Dit netwerk heeft al het maximum van 2 actieve bondgenoten.').first()).toBeVisible();
  await expectNoViolations(page);

  // As a candidate the third one may join.
  const form = page.getByRole('form', { name: 'Bondgenoot toevoegen' });
  await form.getByRole('radio', { name: 'Kandidaat' }).check();
  await form.getByRole('button', { name: 'Bondgenoot toevoegen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
  await expect(page.getByText(/2 van max 2 actief/)).toBeVisible();
});

test('a staff member sees counts of the make-up but never a special-category value', async ({ page }) => {
  const answers: string[] = [];
  page.on('response', async (response) => {
    if (response.url().includes('/api/v1/') && response.request().method() === 'GET') {
      answers.push(await response.text().catch(() => ''));
    }
  });
  await signIn(page, 'staff@amersfoort.demo');
  await openNetwork(page, 'Bondgenoten Amersfoort');
  await page.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Samenstelling');
  // Background and religion only for coordinators: comparing two moments could reveal one person's.
  await expect(
    page.getByText('Achtergrond en levensovertuiging zijn bijzondere persoonsgegevens: alleen coördinatoren zien de verdeling.'),
  ).toBeVisible();
  await expect(page.getByText('christelijk')).toHaveCount(0);
  await expect(page.getByText('islam', { exact: false })).toHaveCount(0);
  await expectNoViolations(page);

  await page.goBack();
  await page.getByRole('link', { name: 'Bondgenoten en contactgegevens' }).click();
  await page.getByRole('link', { name: 'Samira El Amrani (fictief)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Samira El Amrani (fictief)');
  await expect(page.getByRole('heading', { name: 'Bijzondere persoonsgegevens' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Toon bijzondere gegevens' })).toHaveCount(0);
  // Not on screen, and not in anything the server sent this browser either.
  for (const body of answers) {
    expect(body).not.toContain('"Marokkaans-Nederlands"'); // Samira's background, as a JSON value
    expect(body.toLowerCase()).not.toContain('islam');
    expect(body).not.toContain('"christelijk"');
  }
});

test('a coordinator sees background and religion in counts, groups under 3 left out', async ({ page }) => {
  await signIn(page, 'coordinator@amersfoort.demo');
  await openNetwork(page, 'Bondgenoten Amersfoort');
  await page.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Samenstelling');
  const religions = page.getByRole('table', { name: 'Religie of levensovertuiging' });
  await expect(religions.getByRole('row').filter({ hasText: 'christelijk' })).toContainText('3');
  await expect(page.getByText('islam', { exact: false })).toHaveCount(0);
  await expect(page.getByText('Groepen kleiner dan 3 worden niet getoond, zodat niemand herkenbaar is.').first()).toBeVisible();
  await expect(page.getByText(/alleen coördinatoren zien de verdeling/)).toHaveCount(0);
  await expectNoViolations(page);
});
