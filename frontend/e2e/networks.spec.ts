import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Netwerken against `serve --demo`, which seeds Bondgenoten Utrecht-Centrum (utrecht +
 * basisteam-utrecht-centrum), Amersfoort, Zeist and Veenendaal (both with basisteam-heuvelrug).
 * The tests run in order: the first starts Bondgenoten Houten, the next ones use it.
 */

test.describe.configure({ mode: 'serial' });




async function openNetworks(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await expect(page).toHaveURL(/\/netwerken$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Netwerken');
}

async function openNetwork(page: Page, name: string) {
  await openNetworks(page);
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

const GOALS = 'Elkaar kennen vóór het spant in Houten.';
const partnerRow = (page: Page, name: string) =>
  page.getByRole('table', { name: /^Partners van/ }).getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });

test.describe('Netwerken', () => {
  test('a coordinator of Houten starts Bondgenoten Houten with Basisteam Utrecht-Centrum', async ({ page }) => {
    await signIn(page, 'coordinator@houten.demo');
    await openNetworks(page);
    await expectNoViolations(page);
    await page.getByRole('link', { name: 'Netwerk starten' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Netwerk starten');

    const form = page.getByRole('form', { name: 'Netwerk starten' });
    // The own municipality is fixed; the guide's defaults are filled in.
    const municipality = form.getByLabel('Gemeente', { exact: true });
    await expect(municipality).toBeDisabled();
    await expect(municipality).toHaveValue('houten');
    await expect(form.getByLabel('Maximaal aantal actieve bondgenoten')).toHaveValue('15');
    await expect(form.getByLabel('Bijeenkomsten per jaar')).toHaveValue('5');
    await expect(form.getByLabel('Volgende bijeenkomst plannen binnen (dagen)')).toHaveValue('14');
    await expectNoViolations(page);

    await form.getByLabel('Naam van het netwerk').fill('Bondgenoten Houten');
    await form.getByRole('radio', { name: 'Hele gemeente' }).check();
    await form.getByLabel('Doelen').fill(GOALS);
    await form.getByLabel('Verwachtingen').fill('Iedereen komt als gelijke.');
    await form.getByLabel('Basisteam Utrecht-Centrum').check();
    await form.getByRole('button', { name: 'Netwerk starten' }).click();

    await expect(page).toHaveURL(/\/netwerken\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten Houten');
    await expect(page.getByText(GOALS)).toBeVisible();
    await expect(partnerRow(page, 'Gemeente Houten')).toContainText('Partner');
    await expect(partnerRow(page, 'Basisteam Utrecht-Centrum')).toContainText('Partner');
    // Coordinators (people with the role who have signed in) with a mail link.
    await expect(partnerRow(page, 'Gemeente Houten').getByRole('link', { name: 'coordinator@houten.demo' })).toHaveAttribute(
      'href',
      'mailto:coordinator@houten.demo',
    );
    await expect(page.getByRole('link', { name: 'Bewerken' })).toBeVisible();
    await expectNoViolations(page);
  });

  test('the last police unit cannot leave; after Heuvelrug joins, Utrecht-Centrum leaves', async ({ page }) => {
    const askToLeave = async () => {
      await partnerRow(page, 'Basisteam Utrecht-Centrum')
        .getByRole('button', { name: 'Vertrek aanvragen Basisteam Utrecht-Centrum' })
        .click();
      const dialog = page.getByRole('alertdialog', { name: 'Vertrek van Basisteam Utrecht-Centrum aanvragen?' });
      await expect(dialog).toBeVisible();
      await dialog.getByRole('button', { name: 'Ja, vertrek aanvragen' }).click();
      return dialog;
    };

    // Utrecht-Centrum is the only police unit: the server refuses, the dialog says why.
    await signIn(page, 'coordinator@basisteam-utrecht-centrum.demo');
    await openNetwork(page, 'Bondgenoten Houten');
    await expect(partnerRow(page, 'Gemeente Houten').getByRole('button')).toHaveCount(0);
    let dialog = await askToLeave();
    await expect(dialog.getByRole('alert')).toContainText('De laatste partner van deze kant kan niet vertrekken');
    await expectNoViolations(page);
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    await expect(dialog).toHaveCount(0);
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    // Houten brings in Basisteam Heuvelrug.
    await signIn(page, 'coordinator@houten.demo');
    await openNetwork(page, 'Bondgenoten Houten');
    const form = page.getByRole('form', { name: 'Politie-eenheid toevoegen' });
    await form.getByLabel('Politie-eenheid').selectOption({ label: 'Basisteam Heuvelrug' });
    await form.getByRole('button', { name: 'Politie-eenheid toevoegen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Basisteam Heuvelrug is toegevoegd als partner.' })).toBeFocused();
    await expect(partnerRow(page, 'Basisteam Heuvelrug')).toContainText('Partner');
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    // Now Utrecht-Centrum may ask to leave.
    await signIn(page, 'coordinator@basisteam-utrecht-centrum.demo');
    await openNetwork(page, 'Bondgenoten Houten');
    dialog = await askToLeave();
    await expect(dialog).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: 'Het vertrek van Basisteam Utrecht-Centrum is aangevraagd.' }),
    ).toBeFocused();
    await expect(partnerRow(page, 'Basisteam Utrecht-Centrum')).toContainText('Wil vertrekken');
    await expect(
      partnerRow(page, 'Basisteam Utrecht-Centrum').getByRole('button', { name: 'Aanvraag intrekken Basisteam Utrecht-Centrum' }),
    ).toBeVisible();
    // The other police unit is on the same side: it cannot confirm.
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    // Houten (the other side) sees the request and confirms it.
    await signIn(page, 'coordinator@houten.demo');
    await openNetwork(page, 'Bondgenoten Houten');
    const centrum = partnerRow(page, 'Basisteam Utrecht-Centrum');
    await expect(centrum).toContainText('Wil vertrekken');
    await centrum.getByRole('button', { name: 'Vertrek bevestigen Basisteam Utrecht-Centrum' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Vertrek van Basisteam Utrecht-Centrum bevestigen?' });
    await confirm.getByRole('button', { name: 'Ja, vertrek bevestigen' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: 'Basisteam Utrecht-Centrum is vertrokken uit het netwerk.' }),
    ).toBeFocused();
    await expect(centrum).toContainText('Vertrokken');
    await expect(centrum.getByRole('button')).toHaveCount(0);
    await expect(partnerRow(page, 'Basisteam Heuvelrug')).toContainText('Partner');
  });

  test('a staff member of Utrecht sees Bondgenoten Utrecht-Centrum without edit buttons', async ({ page }) => {
    await signIn(page, 'staff@utrecht.demo');
    await openNetworks(page);
    await expect(page.getByRole('link', { name: 'Netwerk starten' })).toHaveCount(0);
    await openNetwork(page, 'Bondgenoten Utrecht-Centrum');
    await expect(page.getByRole('heading', { level: 2, name: 'Doelen' })).toBeVisible();
    await expect(page.getByText('Elkaar kennen vóór het spant')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Bewerken' })).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('form')).toHaveCount(0);
  });

  test('a bureau advisor sees the networks of overseen organisations without edit buttons', async ({ page }) => {
    await signIn(page, 'bureau-advisor@bureau-rvs.demo');
    await openNetworks(page);
    const table = page.getByRole('table', { name: 'Netwerken' });
    await expect(table.getByRole('link', { name: 'Bondgenoten Utrecht-Centrum' })).toBeVisible();
    await expect(table.getByRole('link', { name: 'Bondgenoten Zeist' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Netwerk starten' })).toHaveCount(0);
    await openNetwork(page, 'Bondgenoten Zeist');
    await expect(page.getByRole('link', { name: 'Bewerken' })).toHaveCount(0);
    await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
    // Zeist and Basisteam Heuvelrug accepted Bureau RVS's oversight (demo data).
    const seenBy = page.getByRole('region', { name: 'Wie ziet de cijfers van dit netwerk' });
    await expect(seenBy.getByRole('listitem').filter({ hasText: 'Bureau Regionale Veiligheidsstrategie' })).toHaveCount(1);
  });
});
