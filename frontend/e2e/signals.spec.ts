import { expect, test, type Page } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, otherPerson, signIn } from './support';

/*
 * Signals, the tension picture and mood pictures against `serve --demo`, which seeds
 * Bondgenoten Amersfoort (amersfoort + basisteam-amersfoort) with a year of signals. The tests
 * run in order: a staff member logs an urgent signal on a phone; the crisis liaison cannot see
 * it; a coordinator assesses, shares and records the feedback; then the liaison sees it. Names
 * carry a run-unique suffix.
 */

// Each test checks several pages and dialogs with axe at two widths: more time than the default.
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const RUN = Date.now().toString(36);
const NETWORK = 'Bondgenoten Amersfoort';
const DESCRIPTION = `Jongeren op scooters onderweg naar de demonstratie ${RUN}`;
const MOOD_TITLE = `Sfeerbeeld e2e ${RUN}`;

/** The signal logged in the first test, for the others. */
let signalPath = '';

async function openNetwork(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NETWORK);
}

const insight = (page: Page) => page.getByRole('region', { name: 'Wat speelt er' });

/** axe, and no sideways scrolling at 320 px. */
async function checkPage(page: Page) {
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);
}

test.describe('Signalen', () => {
  test('a staff member logs an urgent signal from a phone in well under a minute', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'staff@amersfoort.demo');
    await openNetwork(page);
    await insight(page).getByRole('link', { name: 'Signalen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signalen');
    await checkPage(page);
    const newSignal = page.getByRole('link', { name: 'Signaal melden' });
    const href = await newSignal.getAttribute('href');
    expect(href).toBeTruthy();

    // From loading the form to the saved signal.
    const started = Date.now();
    await page.goto(href!);
    await page.getByLabel('Urgent: er moet nu gehandeld worden').check();
    await page.getByLabel('Thema').selectOption({ label: 'Demonstratie' });
    await page.getByLabel('Wat is er waargenomen?').fill(DESCRIPTION);
    await page.getByLabel('4 – Hoge spanning').check();
    await page.getByRole('button', { name: 'Signaal opslaan' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
    const took = Date.now() - started;
    test.info().annotations.push({ type: 'urgent signal logged in', description: `${took} ms` });
    console.log(`urgent signal logged in ${took} ms`);
    expect(took).toBeLessThan(20_000);
    signalPath = new URL(page.url()).pathname;
    await expect(page.getByText(DESCRIPTION)).toBeVisible();
    await expect(page.getByText('Urgent', { exact: true }).first()).toBeVisible();
    await checkPage(page);

    // The form itself, checked after the timing.
    await page.goto(href!);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal melden');
    await checkPage(page);
    // Staff do not assess: no BOB form, no sharing.
    await page.goto(signalPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
    await expect(page.getByRole('button', { name: 'Delen met crisisorganisatie' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Beoordeling opslaan' })).toHaveCount(0);
    // The staff member may change their own signal.
    await page.getByRole('link', { name: 'Signaal wijzigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal wijzigen');
    await expect(page.getByLabel('Wat is er waargenomen?')).toHaveValue(DESCRIPTION);
    await expect(page.getByLabel('Urgent: er moet nu gehandeld worden')).toBeChecked();
    await checkPage(page);
  });

  test('the crisis liaison cannot see the signal before it is shared', async ({ page }) => {
    expect(signalPath).not.toBe('');
    await signIn(page, 'crisis-liaison@amersfoort.demo');
    await page.goto(signalPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pagina niet gevonden');
    await page.goto(signalPath.replace(/\/[^/]+$/, ''));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signalen');
    await expect(page.getByText(/alleen de signalen die een coördinator heeft gedeeld/)).toBeVisible();
    await expect(page.getByRole('link', { name: 'Signaal melden' })).toHaveCount(0);
    await expect(page.locator(`a[href="${signalPath}"]`)).toHaveCount(0);
    await checkPage(page);
  });

  test('a coordinator assesses the signal, shares it and records the feedback', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo', signalPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
    await checkPage(page);

    await page.getByLabel('Beeldvorming').fill('Groep van ongeveer tien jongeren, onderweg naar het plein.');
    await page.getByLabel('Oordeelsvorming').fill('Kans op ongeregeldheden bij de demonstratie.');
    await page.getByLabel('Besluitvorming').fill('Wijkagenten en jongerenwerk gaan erheen.');
    await page.getByLabel('Status').selectOption({ label: 'Opgepakt' });
    await page.getByRole('button', { name: 'Beoordeling opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De beoordeling is opgeslagen.' })).toBeVisible();

    await page.getByRole('button', { name: 'Delen met crisisorganisatie' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Signaal delen met de crisisorganisatie?' });
    await expect(dialog).toBeVisible();
    await checkPage(page);
    await dialog.getByRole('button', { name: 'Ja, delen' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/Gedeeld met de crisisorganisatie door/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Delen met crisisorganisatie' })).toHaveCount(0);

    await page.getByLabel('Wat is teruggekoppeld?').fill('Bondgenoot gebeld: politie en jongerenwerk waren ter plaatse.');
    await page.getByRole('button', { name: 'Terugkoppeling opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De terugkoppeling is opgeslagen.' })).toBeVisible();
    await expect(page.getByText(/^Teruggekoppeld op /)).toBeVisible();
    await checkPage(page);
  });

  test('the crisis liaison sees the signal once it is shared', async ({ browser }, testInfo) => {
    const liaison = await otherPerson(browser, testInfo, 'crisis-liaison@amersfoort.demo', signalPath);
    try {
      await expect(liaison.page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
      await expect(liaison.page.getByText(DESCRIPTION)).toBeVisible();
      await expect(liaison.page.getByRole('button', { name: 'Beoordeling opslaan' })).toHaveCount(0);
      await liaison.page.goto(signalPath.replace(/\/[^/]+$/, ''));
      await expect(liaison.page.locator(`a[href="${signalPath}"]`)).toHaveCount(1);
      await checkPage(liaison.page);
    } finally {
      await liaison.context.close();
    }
  });

  test('police write a police note and read it only on request; others see no police note at all', async ({ page, browser }, testInfo) => {
    const note = `Bekende groep uit de wijk ${RUN}`;
    await signIn(page, 'coordinator@basisteam-amersfoort.demo', signalPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
    const region = page.getByRole('region', { name: 'Politienotitie' });
    await expect(region.getByRole('textbox')).toHaveCount(0);
    await region.getByRole('button', { name: 'Toon politienotitie' }).click();
    await region.getByRole('textbox', { name: 'Politienotitie' }).fill(note);
    await region.getByRole('button', { name: 'Notitie opslaan' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'De politienotitie is opgeslagen.' })).toBeVisible();
    await checkPage(page);
    await page.reload();
    await page.getByRole('button', { name: 'Toon politienotitie' }).click();
    await expect(page.getByRole('textbox', { name: 'Politienotitie' })).toHaveValue(note);

    const municipality = await otherPerson(browser, testInfo, 'coordinator@amersfoort.demo', signalPath);
    try {
      await expect(municipality.page.getByRole('heading', { level: 1 })).toHaveText('Signaal: Demonstratie');
      await expect(municipality.page.getByRole('button', { name: 'Toon politienotitie' })).toHaveCount(0);
      await expect(municipality.page.getByText(note)).toHaveCount(0);
    } finally {
      await municipality.context.close();
    }
  });

  test('a coordinator manages the themes', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openNetwork(page);
    await insight(page).getByRole('link', { name: 'Signalen' }).click();
    await page.getByRole('link', { name: "Thema's beheren" }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Thema's voor signalen");
    const label = `Buurtfeest ${RUN}`;
    await page.getByLabel('Nieuw thema').fill(label);
    await page.getByRole('button', { name: 'Thema toevoegen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Het thema „${label}” is toegevoegd.` })).toBeVisible();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
    await row.getByRole('button', { name: `Archiveren ${label}` }).click();
    await expect(row.getByRole('cell', { name: 'Gearchiveerd' })).toBeVisible();
    await checkPage(page);
  });
});

test.describe('Spanningsbeeld', () => {
  test('per theme the level, the trend and a chart with the same figures as a table', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openNetwork(page);
    await insight(page).getByRole('link', { name: 'Spanningsbeeld' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spanningsbeeld');
    const chart = page.getByRole('img', { name: /Hoogste spanningsniveau per week: Asielopvang/ });
    await expect(chart).toBeVisible();
    const details = page.locator('details').filter({ has: page.locator('caption', { hasText: /^Per week: Asielopvang$/ }) });
    await details.locator('summary').click();
    const table = page.getByRole('table', { name: 'Per week: Asielopvang' });
    await expect(table).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(53);
    await checkPage(page);

    // The municipality's picture across its networks.
    await page.getByRole('link', { name: /Spanningsbeeld van heel Gemeente Amersfoort/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spanningsbeeld van Gemeente Amersfoort');
    await expect(page.getByRole('table', { name: 'Per netwerk' }).getByRole('link', { name: NETWORK, exact: true })).toBeVisible();
    await checkPage(page);
  });
});

test.describe('Sfeerbeelden', () => {
  test('a coordinator makes a mood picture, edits it and downloads it as PDF', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openNetwork(page);
    await insight(page).getByRole('link', { name: 'Sfeerbeelden' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sfeerbeelden');
    await checkPage(page);
    await page.getByRole('button', { name: 'Concept maken' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Tekst bewerken' })).toBeVisible();

    await page.getByLabel('Titel').fill(MOOD_TITLE);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Het sfeerbeeld is opgeslagen.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(MOOD_TITLE);
    await checkPage(page);

    // The print stylesheet hides the navigation.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    const href = await page.getByRole('link', { name: 'Download als pdf' }).getAttribute('href');
    expect(href).toMatch(/\/pdf$/);
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const bytes = await response.body();
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(bytes.toString('latin1')).toContain(MOOD_TITLE);

    // Sharing asks first.
    await page.getByRole('button', { name: 'Delen met crisisorganisatie' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Sfeerbeeld delen met de crisisorganisatie?' });
    await expect(dialog).toBeVisible();
    await checkPage(page);
    await dialog.getByRole('button', { name: 'Ja, delen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Het sfeerbeeld is gedeeld met de crisisorganisatie.' })).toBeVisible();
  });
});
