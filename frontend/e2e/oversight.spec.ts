import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Toezicht (oversight) against `serve --demo`: Bureau RVS follows every demo municipality and
 * police unit except Gemeente Veenendaal. Every test gets a fresh browser context.
 */




async function openOversight(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toezicht' }).click();
  await expect(page).toHaveURL(/\/toezicht$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Toezicht');
}

const CAPTION = 'Organisaties die Bureau Regionale Veiligheidsstrategie volgt';

test.describe('Toezicht', () => {
  test('a bureau admin adds Gemeente Veenendaal, sees it active, then ends it', async ({ page }) => {
    await signIn(page, 'bureau-admin@bureau-rvs.demo');
    await openOversight(page);
    const table = page.getByRole('table', { name: CAPTION });
    await expect(table.getByRole('row').filter({ hasText: 'Gemeente Utrecht' })).toContainText('Actief');
    const veenendaal = () => table.getByRole('row').filter({ hasText: 'Gemeente Veenendaal' });
    const activeVeenendaal = () => veenendaal().filter({ hasText: 'Actief' });
    await expect(activeVeenendaal()).toHaveCount(0);

    const form = page.getByRole('form', { name: 'Organisatie toevoegen' });
    const select = form.getByLabel('Organisatie', { exact: true });
    // Not followed in the demo, so it is offered; Utrecht is followed already, so it is not.
    await expect(select.getByRole('option', { name: 'Gemeente Veenendaal' })).toHaveCount(1);
    await expect(select.getByRole('option', { name: 'Gemeente Utrecht' })).toHaveCount(0);
    await select.selectOption({ label: 'Gemeente Veenendaal' });
    await expect(form.getByLabel('Startdatum')).not.toHaveValue('');
    await form.getByRole('button', { name: 'Toevoegen' }).click();

    const status = page.getByRole('status').filter({ hasText: 'Gemeente Veenendaal is toegevoegd.' });
    await expect(status).toBeVisible();
    await expect(status).toBeFocused();
    await expect(activeVeenendaal()).toHaveCount(1);
    await expect(activeVeenendaal()).toContainText('bureau-admin@bureau-rvs.demo'); // granted by
    await expect(select.getByRole('option', { name: 'Gemeente Veenendaal' })).toHaveCount(0);

    await activeVeenendaal().getByRole('button', { name: 'Beëindigen Gemeente Veenendaal' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Toezicht op Gemeente Veenendaal beëindigen?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Ja, beëindigen' }).click();

    await expect(dialog).toHaveCount(0);
    const ended = page.getByRole('status').filter({ hasText: 'Het toezicht op Gemeente Veenendaal is beëindigd.' });
    await expect(ended).toBeFocused();
    await expect(activeVeenendaal()).toHaveCount(0);
    await expect(veenendaal().filter({ hasText: 'Beëindigd' }).first()).toBeVisible();
    await expect(veenendaal().getByRole('button')).toHaveCount(0);
    // Not followed any more: offered again.
    await expect(select.getByRole('option', { name: 'Gemeente Veenendaal' })).toHaveCount(1);
  });

  test('a bureau advisor sees the relations without manage buttons', async ({ page }) => {
    await signIn(page, 'bureau-advisor@bureau-rvs.demo');
    await openOversight(page);
    const table = page.getByRole('table', { name: CAPTION });
    await expect(table.getByRole('row').filter({ hasText: 'Gemeente Utrecht' })).toContainText('Actief');
    await expect(table.getByRole('row').filter({ hasText: 'Basisteam Heuvelrug' })).toContainText(
      'Politie-eenheid (basisteam)',
    );
    await expect(table.getByRole('columnheader')).toHaveText(['Organisatie', 'Sinds', 'Tot', 'Status', 'Toegekend door']);
    await expect(page.getByRole('button', { name: /^Beëindigen/ })).toHaveCount(0);
    await expect(page.getByRole('form', { name: 'Organisatie toevoegen' })).toHaveCount(0);
  });

  test('a coordinator sees which bureaus follow their municipality', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openOversight(page);
    const table = page.getByRole('table', { name: 'Wie volgt onze organisatie' });
    await expect(table.getByRole('row').filter({ hasText: 'Bureau Regionale Veiligheidsstrategie' })).toContainText(
      'Actief',
    );
    await expect(page.getByRole('button', { name: /^Beëindigen/ })).toHaveCount(0);
  });

  test('accessibility for a bureau admin (axe, WCAG 2.1 A/AA), with the dialog and field errors', async ({ page }) => {
    await signIn(page, 'bureau-admin@bureau-rvs.demo');
    await page.goto('/toezicht');
    await expect(page.getByRole('table', { name: CAPTION })).toBeVisible();
    await expect(
      page.getByLabel('Organisatie', { exact: true }).getByRole('option', { name: 'Gemeente Veenendaal' }),
    ).toHaveCount(1);
    await expectNoViolations(page);

    await page.getByRole('button', { name: /^Beëindigen/ }).first().click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Annuleren' }).click();
    await expect(page.getByRole('alertdialog')).toHaveCount(0);

    // With the error summary and a field error (no organisation chosen).
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await expect(page.getByLabel('Organisatie', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page);
  });
});
