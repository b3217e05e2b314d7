import { expect, test } from '@playwright/test';
import { expectNoHorizontalScroll, expectNoViolations, signIn } from './support';

/*
 * The half-yearly evaluation against `serve --demo`: Bondgenoten Zeist has an evaluation 20 days
 * overdue and two active allies. Its coordinator sees it due with the figures of the period,
 * decides per ally (pause one, replace the other), finds guidance while a decision is missing,
 * completes it, and the allies' statuses change; the report can be printed and downloaded.
 */

test.describe.configure({ mode: 'serial' });

const NETWORK = 'Bondgenoten Zeist';

test('a coordinator completes an overdue evaluation and the allies change', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'coordinator@zeist.demo');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NETWORK);
  await page.getByRole('link', { name: 'Halfjaarlijkse evaluaties' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evaluaties');
  await expect(page.getByRole('heading', { name: 'Open evaluatie' })).toBeVisible();
  await expect(page.getByText(/^Te laat: moest af op/).first()).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  await page.getByRole('link', { name: 'Evaluatie invullen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Evaluatie ${NETWORK}`);
  const figures = page.getByRole('table', { name: 'Cijfers over de periode' });
  await expect(figures.getByRole('rowheader', { name: 'Bijeenkomsten gehouden' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Per partij' })).toBeVisible();
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // A decision missing: guidance, nothing completed.
  const mustafa = page.getByRole('group', { name: /^Mustafa Kaya/ });
  const ingrid = page.getByRole('group', { name: /^Ingrid Jansen/ });
  await mustafa.getByLabel('Pauzeert').check();
  await page.getByRole('button', { name: 'Evaluatie afronden' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'De evaluatie is nog niet compleet' });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole('link', { name: /Ingrid Jansen/ })).toBeVisible();
  await expectNoViolations(page);

  await ingrid.getByLabel('Wordt vervangen').check();
  await page.getByLabel(/^Toelichting bij Ingrid Jansen/).fill('Verhuist naar Utrecht');
  await page.getByRole('group', { name: 'Zitten de juiste mensen aan tafel?' }).getByLabel('Nee').check();
  await page.getByLabel(/^Toelichting: wie ontbreekt er/).fill('De studenten en de Afrikaanse kerken ontbreken nog.');
  await page.getByRole('group', { name: 'Zijn doelen en verwachtingen nog helder?' }).getByLabel('Ja').check();
  await page.getByRole('button', { name: 'Verbeterpunt toevoegen' }).click();
  await page.getByLabel('Verbeterpunt 1', { exact: true }).fill('Kandidaten uit Kerckebosch uitnodigen');
  await page.getByLabel('Wie pakt verbeterpunt 1 op?').selectOption('police');
  await page.getByRole('button', { name: 'Evaluatie afronden' }).click();

  // The report: completed, decisions, print and PDF.
  await expect(page.getByText(/^Afgerond op/).first()).toBeVisible();
  await expect(page.getByText(/Mustafa Kaya \(fictief\): Pauzeert/)).toBeVisible();
  await expect(page.getByText(/Ingrid Jansen \(fictief\): Wordt vervangen — Verhuist naar Utrecht/)).toBeVisible();
  const pdf = page.getByRole('link', { name: 'Download als PDF' });
  await expect(pdf).toBeVisible();
  const response = await page.request.get((await pdf.getAttribute('href'))!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  await expectNoViolations(page);
  await expectNoHorizontalScroll(page);

  // The allies' statuses changed.
  const url = new URL(page.url());
  const networkId = url.pathname.split('/')[2]!;
  const allies = await page.request.get(`/api/v1/networks/${networkId}/allies?limit=50`);
  const items = ((await allies.json()) as { items: { name: string; status: string }[] }).items;
  expect(items.find((a) => a.name.startsWith('Mustafa Kaya'))?.status).toBe('paused');
  expect(items.find((a) => a.name.startsWith('Ingrid Jansen'))?.status).toBe('left');
  await page.goto(`/netwerken/${networkId}/bondgenoten`);
  await expect(page.getByText('Gepauzeerd').first()).toBeVisible();
});

test('an evaluation started early reaches the coordinators by email', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'coordinator@zeist.demo');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name: NETWORK, exact: true }).click();
  await page.getByRole('link', { name: 'Halfjaarlijkse evaluaties' }).click();
  await page.getByRole('button', { name: 'Nu een evaluatie starten' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Evaluatie ${NETWORK}`);

  // The demo mailbox catches it within seconds (the relay runs every 5 s).
  const subject = `Halfjaarlijkse evaluatie van ${NETWORK}`;
  const email = page
    .getByRole('listitem')
    .filter({ hasText: 'aan coordinator@zeist.demo' })
    .filter({ hasText: subject });
  await expect
    .poll(
      async () => {
        await page.goto('/dev-mail/');
        return email.count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await email.first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
  await expect(page.getByText(/zitten de juiste mensen nog aan tafel\?/)).toBeVisible();
});
