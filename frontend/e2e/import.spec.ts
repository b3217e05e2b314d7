import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Importing and exporting allies, and the calendar feed, against `serve --demo`. The import
 * adds candidates (not active allies, so the network's cap and the make-up checks of the
 * other specs are not touched) with unique names and email addresses.
 */

test.describe.configure({ mode: 'serial' });

const NETWORK = 'Bondgenoten Utrecht-Centrum';
const SUFFIX = Date.now().toString(36);
const FIRST = `Import Een ${SUFFIX}`;
const SECOND = `Import Twee ${SUFFIX}`;
const HEADER =
  'naam;mobiel;e-mail;organisatie;achterban;wijk;startdatum;status;vertrokken_op;reden_vertrek;' +
  'contact_toegestaan;toestemming_op;toestemming_reikwijdte;toestemming_hoe;intakegesprek;gedragscode;' +
  'belangenverklaring;leeftijd;gender';

/** A CSV as Excel saves it for Dutch users: BOM, ";" separated, CRLF. */
function csv(rows: string[][]): Buffer {
  const lines = [['naam', 'e-mail', 'organisatie', 'wijk', 'status', 'startdatum', 'contact_toegestaan'], ...rows];
  return Buffer.from(`\uFEFF${lines.map((cells) => cells.join(';')).join('\r\n')}\r\n`, 'utf-8');
}

function file(rows: string[][]) {
  return { name: 'bondgenoten.csv', mimeType: 'text/csv', buffer: csv(rows) };
}

async function openAllies(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NETWORK);
  await page.getByRole('link', { name: 'Bondgenoten en contactgegevens' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
}

const allyRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: `Bondgenoten van ${NETWORK}` })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) });

test.describe('Bondgenoten importeren en exporteren', () => {
  test('a coordinator checks a file with a bad row, fixes it, imports it and exports the list', async ({ page }) => {
    await signIn(page, 'coordinator@utrecht.demo');
    await openAllies(page);
    await page.getByRole('link', { name: 'Importeren', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten importeren');
    await expect(page.getByRole('table', { name: 'Kolommen van het importbestand' })).toBeVisible();
    await expectNoViolations(page);

    const good = [FIRST, `een-${SUFFIX}@example.nl`, 'Buurthuis De Pijler', 'Lombok', 'kandidaat', '2026-03-01', 'nee'];
    const bad = [SECOND, `twee-${SUFFIX}@example.nl`, 'Sportclub Zuilen', 'Zuilen', 'onbekend', '2026-03-01', 'nee'];
    await page.getByLabel('Importbestand', { exact: true }).setInputFiles(file([good, bad]));
    await page.getByRole('button', { name: 'Controleren' }).click();

    const result = page.getByRole('heading', { level: 2, name: 'Resultaat van de controle' });
    await expect(result).toBeFocused();
    await expect(page.getByText('2 rijen, 1 in orde, 1 fout')).toBeVisible();
    const errors = page.getByRole('table', { name: '1 fout in het bestand' });
    const errorRow = errors.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
    await expect(errorRow.getByRole('cell').first()).toHaveText('status');
    await expect(page.getByRole('button', { name: 'Importeren', exact: true })).toHaveCount(0);
    await expectNoViolations(page);

    const fixed = [...bad];
    fixed[4] = 'kandidaat';
    await page.getByLabel('Importbestand', { exact: true }).setInputFiles(file([good, fixed]));
    await page.getByRole('button', { name: 'Controleren' }).click();
    await expect(result).toBeFocused();
    await expect(page.getByText('2 rijen, 2 in orde, 0 fouten')).toBeVisible();
    await expect(page.getByRole('table', { name: /fouten? in het bestand/ })).toHaveCount(0);
    await page.getByRole('button', { name: 'Importeren', exact: true }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'Import voltooid' })).toBeFocused();
    await expect(page.getByText(`2 bondgenoten zijn toegevoegd aan ${NETWORK}.`)).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole('link', { name: `Naar de bondgenoten van ${NETWORK}` }).last().click(); // the one under the result
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bondgenoten');
    await expect(allyRow(page, FIRST)).toContainText('Kandidaat');
    await expect(allyRow(page, SECOND)).toContainText('Sportclub Zuilen');

    await expect(page.getByText(/worden niet geëxporteerd\. Elke export wordt vastgelegd\./)).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporteren (CSV)' }).click(),
    ]);
    const text = (await readFile(await download.path())).toString('utf-8').replace(/^\uFEFF/, '');
    const lines = text.split(/\r?\n/);
    expect(lines[0]).toBe(HEADER);
    expect(lines.some((line) => line.startsWith(`${FIRST};`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`${SECOND};`))).toBe(true);
  });

  test('a staff member sees neither import nor export, and may not export', async ({ page }) => {
    await signIn(page, 'staff@utrecht.demo');
    await openAllies(page);
    await expect(page.getByRole('link', { name: 'Importeren', exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: /^Exporteren/ })).toHaveCount(0);
    const networkId = new URL(page.url()).pathname.split('/')[2];
    const response = await page.request.get(`/api/v1/networks/${networkId}/allies/export?format=csv`);
    expect(response.status()).toBe(403);
  });
});

test.describe('Agenda-abonnement', () => {
  test('a coordinator makes a feed address, sees it once, and stops the feed', async ({ page, request }) => {
    await signIn(page, 'coordinator@utrecht.demo', '/mijn-sessies');
    await expect(page.getByRole('heading', { level: 2, name: 'Agenda-abonnement' })).toBeVisible();
    // A run against a reused server may find a feed already: renewing then asks first.
    await expect(page.getByText(/^(U heeft geen agenda-abonnement\.|Uw agenda-abonnement is actief)/)).toBeVisible();
    const renewing = await page.getByRole('button', { name: 'Abonnement stoppen' }).isVisible();
    await page.getByRole('button', { name: 'Nieuw adres maken' }).click();
    if (renewing) {
      await page.getByRole('alertdialog', { name: 'Nieuw adres maken?' }).getByRole('button', { name: 'Ja, nieuw adres maken' }).click();
    }

    await expect(page.getByRole('heading', { level: 3, name: 'Uw nieuwe agenda-adres' })).toBeFocused();
    const field = page.getByLabel('Adres van uw agenda-abonnement');
    await expect(field).toHaveAttribute('readonly', '');
    const address = await field.inputValue();
    expect(address).toMatch(/\/api\/v1\/calendar-feeds\/[^/]+$/);
    await expect(page.getByText(/Uw agenda-abonnement is actief sinds/)).toBeVisible();
    await expectNoViolations(page);

    // The address works without a session (calendar apps cannot sign in): `request` has no cookies.
    const path = new URL(address).pathname;
    const feed = await request.get(path);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');

    // Shown once: after reloading, only that the feed is active.
    await page.reload();
    await expect(page.getByText(/Uw agenda-abonnement is actief sinds/)).toBeVisible();
    await expect(page.getByLabel('Adres van uw agenda-abonnement')).toHaveCount(0);

    await page.getByRole('button', { name: 'Abonnement stoppen' }).click();
    await page.getByRole('alertdialog', { name: 'Agenda-abonnement stoppen?' }).getByRole('button', { name: 'Ja, stoppen' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Het agenda-abonnement is gestopt. Het adres werkt niet meer.' }),
    ).toBeFocused();
    await expect(page.getByText('U heeft geen agenda-abonnement.')).toBeVisible();
    expect((await request.get(path)).status()).toBe(404);
  });
});
