import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, otherPerson, signIn } from './support';

/*
 * A new colleague's network introduction against `serve --demo`. A new staff member of
 * Amersfoort (nieuwe-medewerker@amersfoort.demo, in the staff group, used by no other spec)
 * signs in for the first time: the follow-up of gaining the role creates their programme. They
 * find "Mijn introductie" in the navigation, open it, log two contact moments, and the
 * coordinator sees their progress. Noor, the demo's new colleague, is halfway.
 */

test.describe.configure({ mode: 'serial' });

const NETWORK = 'Bondgenoten Amersfoort';
const NEW_STAFF = 'nieuwe-medewerker@amersfoort.demo';

test('a new staff member finds their introduction and logs two contact moments; the coordinator sees the progress', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, NEW_STAFF);
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await nav.getByRole('link', { name: 'Mijn introductie' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn introductie');
  // The programme is made by a job right after the first sign-in: it appears within seconds.
  const open = page.getByRole('link', { name: `Bekijk uw introductie in ${NETWORK}` });
  await expect(async () => {
    await page.reload();
    await expect(open).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // The start page points to it too.
  await nav.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { name: 'Uw introductie' })).toBeVisible();
  await page.getByRole('link', { name: 'Naar mijn introductie' }).click();
  await open.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Introductie in ${NETWORK}`);
  await expect(page.getByText(/^Voortgang: 0 van \d+ stappen \(0%\)$/)).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  const allies = page.getByRole('list', { name: 'Bondgenoten om mee kennis te maken' });
  const names: string[] = [];
  for (const mode of ['Persoonlijk', 'Telefonisch']) {
    const first = allies.getByRole('listitem').filter({ has: page.getByRole('button', { name: /^Contactmoment vastleggen/ }) }).first();
    const name = (await first.getByRole('heading', { level: 3 }).textContent())!;
    names.push(name);
    await first.getByRole('button', { name: /^Contactmoment vastleggen/ }).click();
    const form = page.getByRole('form', { name: `Contactmoment met ${name}` });
    await expect(form).toBeVisible();
    await form.getByRole('button', { name: 'Vastleggen' }).click();
    // No mode chosen: guidance, nothing written.
    await expect(form.getByText('Kies hoe u contact had.').first()).toBeVisible();
    await expectNoViolations(page);
    await form.getByLabel(mode).check();
    await form.getByLabel('Korte notitie (optioneel)').fill(`Kennisgemaakt (${mode.toLowerCase()})`);
    await form.getByRole('button', { name: 'Vastleggen' }).click();
    await expect(page.getByRole('status')).toHaveText('Vastgelegd.');
    await expect(allies.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) })).toContainText(
      mode.toLowerCase(),
    );
  }
  await expect(page.getByText(/^Voortgang: 2 van \d+ stappen/)).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // The guide's key points are a page of their own.
  await page.getByRole('link', { name: 'Lees de kernpunten van de handreiking' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kernpunten van de bondgenotenaanpak');
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // The coordinator sees the progress from the network page.
  const { context, page: coordinator } = await otherPerson(browser, testInfo, 'coordinator@amersfoort.demo');
  try {
    await coordinator.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
    await coordinator.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK, exact: true }).click();
    await coordinator.getByRole('link', { name: 'Voortgang van de introducties' }).click();
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(`Introducties in ${NETWORK}`);
    const table = coordinator.getByRole('table', { name: `Introducties van nieuwe collega's in ${NETWORK}` });
    const row = table.getByRole('row').filter({ hasText: 'Nieuwe medewerker (demo)' });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell').last()).not.toHaveText('0%');
    await expect(table.getByRole('row').filter({ hasText: 'Noor de Vries' })).toBeVisible();
    await expectNoViolations(coordinator);
    await expectNoHorizontalScroll(coordinator);
    await row.getByRole('link').click();
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(/^Introductie van Nieuwe medewerker \(demo\)/);
    for (const name of names) {
      await expect(coordinator.getByRole('heading', { name, exact: true })).toBeVisible();
    }
    await expect(coordinator.getByRole('heading', { name: 'Introductie laten vervallen' })).toBeVisible();
    await expectNoViolations(coordinator);
    await expectNoHorizontalScroll(coordinator);
  } finally {
    await context.close();
  }
});

test('the demo new colleague is halfway and prints her introduction sheet', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'nieuwe-collega@amersfoort.demo', '/introductie');
  await page.getByRole('link', { name: `Bekijk uw introductie in ${NETWORK}` }).click();
  await expect(page.getByText(/^Voortgang: \d+ van \d+ stappen \((4\d|5\d)%\)$/)).toBeVisible();
  await expect(page.getByText(/^Afgerond op/).first()).toBeVisible();
  await page.getByRole('link', { name: 'Introductieblad om te printen (met contactgegevens)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Introductieblad: ${NETWORK}`);
  await expect(page.getByRole('table', { name: 'Bondgenoten om mee kennis te maken, met contactgegevens' })).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Afdrukken' })).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
});
