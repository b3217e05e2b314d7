import { expect, test, type Page } from '@playwright/test';
import { expectNoViolations, signIn } from './support';

/*
 * Bijeenkomsten against `serve --demo`, which seeds Bondgenoten Amersfoort (amersfoort +
 * basisteam-amersfoort) with five active allies. The tests run in order: the first plans a
 * series in the demo network; the second starts a fresh network (so that no later meeting
 * is planned), plans a meeting in the past and closes it; the third opens that meeting as
 * a staff member. Names carry a run-unique suffix.
 */

test.describe.configure({ mode: 'serial' });

const RUN = Date.now().toString(36);
const DEMO_NETWORK = 'Bondgenoten Amersfoort';
const FRESH_NETWORK = `Bondgenoten Amersfoort-Noord ${RUN}`;
const SERIES_PLACE = `Het Klokhuis ${RUN}`;
const PAST_PLACE = `Buurthuis De Kolk ${RUN}`;
const ACTION = `Sporthal openstellen ${RUN}`;

/** The meeting page planned in the second test, for the third. */
let meetingPath = '';

/** A calendar day in Amsterdam, `offset` days from today, as YYYY-MM-DD. */
function amsterdamDay(offset: number): string {
  const instant = new Date(Date.now() + offset * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Amsterdam',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** "dinsdag 3 maart 2026" for "2026-03-03", as the app writes it. */
function dutchDay(day: string): string {
  return new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(new Date(`${day}T12:00:00Z`))
    .replace(',', '');
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

async function openNetworks(page: Page) {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Netwerken' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Netwerken');
}

async function openNetwork(page: Page, name: string) {
  await openNetworks(page);
  await page.getByRole('table', { name: 'Netwerken' }).getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

const overview = (page: Page) => page.getByRole('region', { name: 'Overzicht' });

test.describe('Bijeenkomsten', () => {
  test('a coordinator of Amersfoort plans a series of three meetings and sees them listed', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openNetwork(page, DEMO_NETWORK);
    await expect(overview(page).getByText(/bijeenkomsten gehouden in de afgelopen 12 maanden/)).toBeVisible();
    await expect(overview(page).getByText(/van max 15 bondgenoten actief/)).toBeVisible();
    await expectNoViolations(page);

    await overview(page).getByRole('link', { name: 'Bijeenkomsten', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijeenkomsten');
    await expectNoViolations(page);

    // The planner proposes the ally who chaired least recently.
    await page.getByRole('link', { name: 'Bijeenkomst plannen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijeenkomst plannen');
    await expect(page.getByText(/^Voorstel: .+ (zat het langst geleden voor|heeft nog niet voorgezeten)\./)).toBeVisible();
    await expect(page.getByLabel('Voorzitter')).not.toHaveValue('');
    await expectNoViolations(page);
    await page.getByRole('link', { name: 'Terug naar de bijeenkomsten' }).click();

    await page.getByRole('link', { name: 'Reeks plannen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reeks plannen');
    const form = page.getByRole('form', { name: 'Reeks plannen' });
    const first = amsterdamDay(70);
    await form.getByLabel('Datum van de eerste bijeenkomst').fill(first);
    await form.getByLabel('Begintijd').fill('19:00');
    await form.getByLabel('Aantal bijeenkomsten').fill('3');
    await form.getByLabel('Om de hoeveel weken').fill('2');
    await form.getByLabel('Plaats').fill(SERIES_PLACE);
    await form.getByRole('checkbox', { name: 'Er is een maaltijd' }).check();
    await form.getByLabel('Dieetwensen').fill('Halal en vegetarisch');
    await expectNoViolations(page);
    await form.getByRole('button', { name: 'Reeks plannen' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijeenkomsten');
    const planned = page.getByRole('table', { name: 'Geplande bijeenkomsten' });
    await expect(planned.getByRole('row').filter({ hasText: SERIES_PLACE })).toHaveCount(3);
    for (const day of [first, addDays(first, 14), addDays(first, 28)]) {
      await expect(planned.getByRole('link', { name: `${dutchDay(day)}, 19:00–21:00 uur` }).first()).toBeVisible();
    }
  });

  test('closing a meeting without a next one asks for a reason; with one it closes', async ({ page }) => {
    await signIn(page, 'coordinator@amersfoort.demo');
    await openNetworks(page);
    await page.getByRole('link', { name: 'Netwerk starten' }).click();
    const start = page.getByRole('form', { name: 'Netwerk starten' });
    await start.getByLabel('Naam van het netwerk').fill(FRESH_NETWORK);
    await start.getByRole('radio', { name: 'Hele gemeente' }).check();
    await start.getByLabel('Doelen').fill('Samen optrekken in Amersfoort-Noord.');
    await start.getByLabel('Verwachtingen').fill('Iedereen komt als gelijke.');
    await start.getByLabel('Basisteam Amersfoort').check();
    await start.getByRole('button', { name: 'Netwerk starten' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(FRESH_NETWORK);

    // A new network: nothing held, nothing planned.
    await expect(overview(page).getByText('0 van 5 bijeenkomsten gehouden in de afgelopen 12 maanden.')).toBeVisible();
    await expect(overview(page).getByText(/^Let op: minder dan 4 bijeenkomsten/)).toBeVisible();
    await expect(overview(page).getByText('Er is nog geen bijeenkomst gepland.')).toBeVisible();
    await expectNoViolations(page);

    // Plan a meeting a week ago (recording one that was held before).
    await overview(page).getByRole('link', { name: 'Bijeenkomst plannen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijeenkomst plannen');
    const planner = page.getByRole('form', { name: 'Bijeenkomst plannen' });
    const day = amsterdamDay(-7);
    await planner.getByLabel('Datum').fill(day);
    await planner.getByLabel('Begintijd').fill('19:00');
    await planner.getByLabel('Plaats').fill(PAST_PLACE);
    await expectNoViolations(page);
    await planner.getByRole('button', { name: 'Bijeenkomst plannen' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Bijeenkomst van ${dutchDay(day)}`);
    await expect(page.getByText('Samen optrekken in Amersfoort-Noord.')).toBeVisible();
    await expect(page.getByText('Er is nog geen volgende bijeenkomst gepland.')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Toevoegen aan mijn agenda (.ics-bestand)' })).toHaveAttribute(
      'href',
      /\/calendar\.ics$/,
    );
    meetingPath = new URL(page.url()).pathname;
    await expectNoViolations(page);

    // An action agreed in the meeting.
    await page.getByRole('button', { name: 'Actie toevoegen' }).click();
    const actionDialog = page.getByRole('dialog', { name: 'Actie toevoegen' });
    await actionDialog.getByLabel('Actie', { exact: true }).fill(ACTION);
    await actionDialog.getByRole('radio', { name: 'Gemeente' }).check();
    await actionDialog.getByLabel('Uiterlijk klaar op').fill(amsterdamDay(-1));
    await expectNoViolations(page);
    await actionDialog.getByRole('button', { name: 'Actie toevoegen' }).click();
    await expect(page.getByRole('status').filter({ hasText: `De actie „${ACTION}” is opgeslagen.` })).toBeFocused();
    const actions = page.getByRole('table', { name: 'Acties uit deze bijeenkomst' });
    await expect(actions.getByRole('row').filter({ hasText: ACTION })).toContainText('Verlopen');

    // Closing without a next meeting and without a reason is refused.
    await page.getByRole('button', { name: 'Bijeenkomst afsluiten' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bijeenkomst afsluiten?' });
    await expect(dialog.getByRole('link', { name: 'Volgende bijeenkomst plannen' })).toBeVisible();
    const reason = dialog.getByLabel('Waarom komt er geen volgende bijeenkomst?');
    await expect(reason).toBeVisible();
    await dialog.getByRole('button', { name: 'Afsluiten', exact: true }).click();
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toBeVisible();
    await expect(refusal.getByRole('link', { name: /^Waarom komt er geen volgende bijeenkomst\?: / })).toBeVisible();
    await expect(reason).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page);

    await reason.fill('Het netwerk gaat op in Bondgenoten Amersfoort.');
    await dialog.getByRole('button', { name: 'Afsluiten', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'De bijeenkomst is afgesloten.' })).toBeFocused();
    await expect(page.getByText('Het netwerk gaat op in Bondgenoten Amersfoort.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Bijeenkomst afsluiten' })).toHaveCount(0);

    // The network's actions, overdue in words.
    await page.getByRole('link', { name: 'Alle acties van het netwerk' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acties');
    const list = page.getByRole('table', { name: `Acties van ${FRESH_NETWORK}` });
    await expect(list.getByRole('row').filter({ hasText: ACTION })).toContainText('Verlopen');
    await expectNoViolations(page);

    // The meetings list shows it as held.
    await page.goto(meetingPath.replace(/\/[^/]+$/, ''));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijeenkomsten');
    await expect(
      page.getByRole('table', { name: 'Gehouden en afgezegde bijeenkomsten' }).getByRole('row').filter({ hasText: PAST_PLACE }),
    ).toContainText('Gehouden');
  });

  test('a staff member of Amersfoort sees the meeting read-only', async ({ page }) => {
    expect(meetingPath).not.toBe('');
    await signIn(page, 'staff@amersfoort.demo', meetingPath);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Bijeenkomst van /);
    await expect(page.getByText('Samen optrekken in Amersfoort-Noord.')).toBeVisible();
    await expect(page.getByText(ACTION)).toBeVisible();
    await expect(page.getByRole('main').getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Bijeenkomst wijzigen' })).toHaveCount(0);
    await expect(page.getByRole('form')).toHaveCount(0);
    await expectNoViolations(page);

    await page.getByRole('link', { name: 'Alle acties van het netwerk' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acties');
    await expect(page.getByRole('table', { name: `Acties van ${FRESH_NETWORK}` }).getByRole('button')).toHaveCount(0);
  });
});
