import { test } from '@playwright/test';
test('shot', async ({ page }) => {
  await page.goto('/inloggen');
  await page.getByLabel('Werk-e-mailadres').fill('bureau-admin@bureau-rvs.demo');
  await page.getByRole('button', { name: 'Doorgaan' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await page.goto('/toezicht');
  await page.getByRole('table').waitFor();
  await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: 'Basisteam Utrecht-Centrum' });
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('alert').waitFor();
  await page.screenshot({ path: '/tmp/oversight.png', fullPage: true });
});
