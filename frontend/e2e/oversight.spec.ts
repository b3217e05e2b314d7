import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, otherPerson, signIn } from './support';

/*
 * Toezicht (oversight) against `serve --demo`: Bureau RVS follows every demo municipality and
 * police unit except Gemeente Veenendaal (the demo relations are accepted). A bureau's request
 * waits for the overseen organisation's administrator: only after acceptance is it in force.
 * Serial: the Veenendaal tests build on each other.
 */

test.describe.configure({ mode: 'serial' });

async function openOversight(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toezicht' }).click();
  await expect(page).toHaveURL(/\/toezicht$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Toezicht');
}

const CAPTION = 'Organisaties die Bureau Regionale Veiligheidsstrategie volgt';
const OVERSEEN_CAPTION = 'Wie volgt onze organisatie';
const RVS = 'Bureau Regionale Veiligheidsstrategie';

async function askForVeenendaal(page: Page) {
  const form = page.getByRole('form', { name: 'Organisatie toevoegen' });
  const select = form.getByLabel('Organisatie', { exact: true });
  await select.selectOption({ label: 'Gemeente Veenendaal' });
  await expect(form.getByLabel('Startdatum')).not.toHaveValue('');
  await form.getByRole('button', { name: 'Toevoegen' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Gemeente Veenendaal is toegevoegd en wacht op akkoord.' });
  await expect(status).toBeVisible();
  await expect(status).toBeFocused();
}

test.describe('Toezicht', () => {
  test('a bureau admin asks to follow Veenendaal; its administrator is told and accepts; the bureau ends it', async ({
    page,
    browser,
  }, testInfo) => {
    // Veenendaal's administrator has signed in before (only existing people are told).
    const admin = await otherPerson(browser, testInfo, 'tenant-admin@veenendaal.demo');
    await signIn(page, 'bureau-admin@bureau-rvs.demo');
    await openOversight(page);
    const table = page.getByRole('table', { name: CAPTION });
    await expect(table.getByRole('row').filter({ hasText: 'Gemeente Utrecht' })).toContainText('Actief');
    const veenendaal = () => table.getByRole('row').filter({ hasText: 'Gemeente Veenendaal' });
    const activeVeenendaal = () => veenendaal().filter({ hasText: 'Actief' });
    const pendingVeenendaal = () => veenendaal().filter({ hasText: 'Wacht op akkoord' });
    await expect(activeVeenendaal()).toHaveCount(0);

    const select = page.getByRole('form', { name: 'Organisatie toevoegen' }).getByLabel('Organisatie', { exact: true });
    // Not followed in the demo, so it is offered; Utrecht is followed already, so it is not.
    await expect(select.getByRole('option', { name: 'Gemeente Veenendaal' })).toHaveCount(1);
    await expect(select.getByRole('option', { name: 'Gemeente Utrecht' })).toHaveCount(0);
    await askForVeenendaal(page);

    // Asked, not in force: it waits for Veenendaal's administrator, with nothing to end yet.
    await expect(pendingVeenendaal()).toHaveCount(1);
    await expect(activeVeenendaal()).toHaveCount(0);
    await expect(pendingVeenendaal()).toContainText('bureau-admin@bureau-rvs.demo'); // granted by
    await expect(pendingVeenendaal().getByRole('button')).toHaveCount(0);
    await expect(select.getByRole('option', { name: 'Gemeente Veenendaal' })).toHaveCount(0);

    // Veenendaal's administrator sees the request among their notifications, and accepts it.
    await admin.page.reload();
    const nav = admin.page.getByRole('navigation', { name: 'Hoofdmenu' });
    const notifications = nav.getByRole('link', { name: /^Meldingen, \d+ ongelezen$/ });
    await expect(notifications).toBeVisible();
    await notifications.click();
    await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText('Meldingen');
    const message = admin.page
      .getByRole('list', { name: 'Uw meldingen' })
      .getByRole('listitem')
      .filter({ hasText: `${RVS} vraagt om de netwerkgezondheid van uw organisatie te volgen` });
    await expect(message).toHaveCount(1);
    await expect(message).toContainText('Ongelezen');
    await message.getByRole('link', { name: 'Naar Toezicht' }).click();
    await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText('Toezicht');
    await expect(admin.page.getByText('Een bureau ziet alleen totalen en voortgang, nooit namen')).toBeVisible();
    const request = admin.page.getByRole('table', { name: OVERSEEN_CAPTION }).getByRole('row').filter({ hasText: RVS });
    await expect(request.filter({ hasText: 'Wacht op akkoord' })).toHaveCount(1);
    await request.getByRole('button', { name: `Accepteren ${RVS}` }).click();
    const accepted = admin.page.getByRole('status').filter({ hasText: `U hebt het verzoek van ${RVS} geaccepteerd.` });
    await expect(accepted).toBeFocused();
    await expect(request).toContainText('Actief');
    await expect(request.getByRole('button', { name: `Beëindigen ${RVS}` })).toBeVisible();
    // Following the link marked the request read.
    await admin.page.goto('/meldingen');
    await expect(message).not.toContainText('Ongelezen');
    await admin.context.close();

    // The bureau sees it in force now, and is told.
    await page.reload();
    await expect(activeVeenendaal()).toHaveCount(1);
    await expect(activeVeenendaal()).toContainText('Akkoord: ');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: /^Meldingen/ }).click();
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Gemeente Veenendaal heeft het verzoek om toezicht van uw bureau geaccepteerd' }),
    ).toHaveCount(1);
    await openOversight(page);

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

  test('Veenendaal’s administrator declines a new request (axe on the page and the dialog)', async ({
    page,
    browser,
  }, testInfo) => {
    await signIn(page, 'bureau-admin@bureau-rvs.demo', '/toezicht');
    await expect(page.getByRole('table', { name: CAPTION })).toBeVisible();
    await askForVeenendaal(page);

    const admin = await otherPerson(browser, testInfo, 'tenant-admin@veenendaal.demo', '/toezicht');
    const request = admin.page
      .getByRole('table', { name: OVERSEEN_CAPTION })
      .getByRole('row')
      .filter({ hasText: RVS })
      .filter({ hasText: 'Wacht op akkoord' });
    await expect(request).toHaveCount(1);
    await expect(admin.page.getByText('1 verzoek wacht op uw antwoord.')).toBeVisible();
    await expectNoViolations(admin.page);
    await expectNoHorizontalScroll(admin.page);

    await request.getByRole('button', { name: `Weigeren ${RVS}` }).click();
    const dialog = admin.page.getByRole('alertdialog', { name: `Verzoek van ${RVS} weigeren?` });
    await expect(dialog).toBeVisible();
    await expectNoViolations(admin.page);
    await dialog.getByRole('button', { name: 'Ja, weigeren' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(admin.page.getByRole('status').filter({ hasText: `U hebt het verzoek van ${RVS} geweigerd.` })).toBeFocused();
    await expect(
      admin.page.getByRole('table', { name: OVERSEEN_CAPTION }).getByRole('row').filter({ hasText: 'Geweigerd' }),
    ).toHaveCount(1);
    await admin.context.close();

    await page.reload();
    const declined = page
      .getByRole('table', { name: CAPTION })
      .getByRole('row')
      .filter({ hasText: 'Gemeente Veenendaal' })
      .filter({ hasText: 'Geweigerd' });
    await expect(declined).toHaveCount(1);
    await expect(declined.getByRole('button')).toHaveCount(0);
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

  test('a coordinator sees which bureaus follow their municipality, without answering', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openOversight(page);
    const table = page.getByRole('table', { name: OVERSEEN_CAPTION });
    await expect(table.getByRole('row').filter({ hasText: RVS })).toContainText('Actief');
    await expect(table.getByRole('columnheader')).toHaveText([
      'Ondersteuningsbureau',
      'Sinds',
      'Tot',
      'Status',
      'Aangevraagd door',
    ]);
    await expect(page.getByRole('button', { name: /^(Beëindigen|Accepteren|Weigeren)/ })).toHaveCount(0);
  });

  test('accessibility for a bureau admin (axe, WCAG 2.1 A/AA), with the dialog and field errors', async ({ page }) => {
    await signIn(page, 'bureau-admin@bureau-rvs.demo');
    await page.goto('/toezicht');
    await expect(page.getByRole('table', { name: CAPTION })).toBeVisible();
    // Declined in the test before, so it may be asked again.
    await expect(
      page.getByLabel('Organisatie', { exact: true }).getByRole('option', { name: 'Gemeente Veenendaal' }),
    ).toHaveCount(1);
    await expectNoViolations(page);
    await expectNoHorizontalScroll(page);

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
