import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Bondgenoten against `serve --demo`, which seeds Bondgenoten Utrecht-Centrum (utrecht +
 * basisteam-utrecht-centrum) without allies. The first test adds an ally with a unique name;
 * the others only read, so the order of specs does not matter.
 */

test.describe.configure({ mode: 'serial' });

const NETWORK = 'Bondgenoten Utrecht-Centrum';
const ALLY = `Fatima El Amrani ${Date.now().toString(36)}`;



async function openNetwork(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NETWORK);
}

async function openAllies(page: Page) {
  await openNetwork(page);
  await page.getByRole('link', { name: 'Bondgenoten en contactgegevens' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
}

const allyRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: `Bondgenoten van ${NETWORK}` })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) });

test.describe('Bondgenoten', () => {
  test('a coordinator adds an active ally with consent and records special-category data', async ({ page }) => {
    await signIn(page, 'coordinator@utrecht.demo');
    await openAllies(page);
    await expect(page.getByText(/van max 15 actief/)).toBeVisible();
    await page.getByRole('link', { name: 'Bondgenoot toevoegen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoot toevoegen');
    const form = page.getByRole('form', { name: 'Bondgenoot toevoegen' });
    await expectNoViolations(page);

    await form.getByLabel('Naam', { exact: true }).fill(ALLY);
    await form.getByLabel('Mobiel nummer').fill('0612345678');
    await form.getByLabel('Organisatie', { exact: true }).fill('Moskee Al Fath');
    await form.getByLabel('Achterban').fill('Jongeren in Lombok');
    await form.getByLabel('Wijk').fill('Lombok');
    await form.getByRole('radio', { name: 'Actief' }).check();
    await form.getByLabel('Startdatum').fill('2026-02-01');
    await form.getByRole('checkbox', { name: 'Contact toegestaan' }).check();
    await form.getByLabel('Datum van toestemming').fill('2026-02-01');
    await form.getByLabel('Reikwijdte van de toestemming').fill('Benaderen bij spanningen');
    await form.getByLabel('Hoe is de toestemming gegeven?').fill('Mondeling tijdens de intake');
    await form.getByRole('checkbox', { name: 'Intakegesprek gevoerd' }).check();
    await form.getByRole('checkbox', { name: 'Gedragscode getekend' }).check();
    await form.getByRole('checkbox', { name: 'Belangenverklaring ingevuld' }).check();
    await form.getByLabel('Leeftijdsgroep').selectOption({ label: '26 tot en met 40' });
    await form.getByLabel('Gender').selectOption({ label: 'Vrouw' });
    await form.getByRole('button', { name: 'Bondgenoot toevoegen' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
    const row = allyRow(page, ALLY);
    await expect(row).toContainText('Actief');
    await expect(row).toContainText('Moskee Al Fath / Jongeren in Lombok');
    await expect(row.getByRole('link', { name: '0612345678' })).toHaveAttribute('href', 'tel:0612345678');
    await expectNoViolations(page);

    await row.getByRole('link', { name: ALLY }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ALLY);
    await expect(page.getByRole('heading', { level: 2, name: 'Bijzondere persoonsgegevens' })).toBeVisible();
    await page.getByRole('button', { name: 'Toon bijzondere gegevens' }).click();
    const special = page.getByRole('form', { name: 'Bijzondere persoonsgegevens' });
    await special.getByLabel('Achtergrond').fill('Marokkaans-Nederlands');
    await special.getByLabel('Religie of levensovertuiging').fill('Islam');
    await special.getByLabel('Datum van uitdrukkelijke toestemming').fill('2026-02-01');
    await special.getByLabel('Hoe is de toestemming gegeven?').fill('Schriftelijk, formulier getekend');
    await special.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De bijzondere persoonsgegevens zijn opgeslagen.' })).toBeFocused();
    await expectNoViolations(page);

    // After reloading, the data is shown again only after "Toon".
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ALLY);
    await expect(page.getByLabel('Achtergrond')).toHaveCount(0);
    await page.getByRole('button', { name: 'Toon bijzondere gegevens' }).click();
    await expect(page.getByLabel('Achtergrond')).toHaveValue('Marokkaans-Nederlands');
    await expect(page.getByLabel('Religie of levensovertuiging')).toHaveValue('Islam');
  });

  test('a staff member sees the list without the add button and no special-category section', async ({ page }) => {
    await signIn(page, 'staff@utrecht.demo');
    await openAllies(page);
    await expect(page.getByRole('link', { name: 'Bondgenoot toevoegen' })).toHaveCount(0);
    const row = allyRow(page, ALLY);
    await expect(row).toBeVisible();
    await row.getByRole('link', { name: ALLY }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(ALLY);
    await expect(page.getByLabel('Naam', { exact: true })).toBeDisabled();
    await expect(page.getByRole('heading', { name: 'Bijzondere persoonsgegevens' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Toon bijzondere gegevens' })).toHaveCount(0);
  });

  test('a bureau advisor opens Samenstelling, not the allies', async ({ page }) => {
    await signIn(page, 'bureau-advisor@bureau-rvs.demo');
    await openNetwork(page);
    await expect(page.getByRole('link', { name: 'Bondgenoten en contactgegevens' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Samenstelling');
    await expect(page.getByText(/van max 15 actief/)).toBeVisible();
    // Background and religion are for coordinators only: one sentence instead of the counts.
    await expect(
      page.getByText('Achtergrond en levensovertuiging zijn bijzondere persoonsgegevens: alleen coördinatoren zien de verdeling.'),
    ).toBeVisible();
    await expect(page.getByText(/zonder vastgelegde toestemming voor bijzondere gegevens/)).toHaveCount(0);
    // One ally in the demo data at most: every group is smaller than 3.
    await expect(page.getByText('Groepen kleiner dan 3 worden niet getoond, zodat niemand herkenbaar is.')).toBeVisible();
    await expectNoViolations(page);
  });

  test('a coordinator lists neighbourhoods and sees the white spots', async ({ page }) => {
    const unique = `Wijk-${Date.now()}`;
    await signIn(page, 'coordinator@utrecht.demo');
    await openNetwork(page);
    await page.getByRole('link', { name: 'Samenstelling van het netwerk (aantallen)' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Samenstelling');
    await expect(page.getByRole('heading', { level: 2, name: 'Witte vlekken' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Lijsten bijwerken' });
    await expectNoViolations(page);

    await form.getByLabel('Wijken', { exact: true }).fill(`Kanaleneiland\n\n  Zuilen \n${unique}\n`);
    await form.getByRole('button', { name: 'Lijsten bijwerken' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De lijsten zijn bijgewerkt.' })).toBeFocused();

    const table = page.getByRole('table', { name: 'Wijken', exact: true });
    const count = (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell');
    // No ally in the demo data lives there, unless another spec added one: a 0 is marked in words.
    for (const name of ['Kanaleneiland', 'Zuilen']) {
      await expect(count(name)).toHaveText(/^(0 \(Witte vlek\)|[1-9]\d*)$/);
    }
    await expect(count(unique)).toHaveText('0 (Witte vlek)');
    await expect(page.getByText(/^\d+ witte vlek(ken)?$/)).toBeVisible();
    // The textarea now holds the saved list, one per line (in the server's order).
    const saved = (await form.getByLabel('Wijken', { exact: true }).inputValue()).split('\n');
    expect(saved.sort()).toEqual(['Kanaleneiland', unique, 'Zuilen'].sort());
    await expectNoViolations(page);
  });
});
