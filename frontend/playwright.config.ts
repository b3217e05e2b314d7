import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/*
 * End-to-end tests against the real Go binary (which embeds the built frontend):
 *   go build -o bin/bondgenoten ./cmd/bondgenoten   (from the repository root, after `npm run build`)
 *   npm run e2e
 *
 * Environment:
 *   BONDGENOTEN_BIN  binary to start (default ../bin/bondgenoten, relative to frontend/)
 *   E2E_PORT         port for `serve --demo` (default 18080)
 *   E2E_BASE_URL     test an already running server instead of starting one
 *   CHROMIUM_PATH    browser to drive (default /usr/bin/chromium; no browser is downloaded)
 */

const port = Number(process.env.E2E_PORT ?? 18080);
const externalBaseURL = process.env.E2E_BASE_URL;
const baseURL = externalBaseURL ?? `http://127.0.0.1:${port}`;
const binary = process.env.BONDGENOTEN_BIN ?? '../bin/bondgenoten';

// One fresh database folder per run. The config is evaluated again in every worker, so the
// folder made by the main process is handed down through the environment.
if (!externalBaseURL && !process.env.BONDGENOTEN_E2E_TMP) {
  process.env.BONDGENOTEN_E2E_TMP = mkdtempSync(join(tmpdir(), 'bondgenoten-e2e-'));
}
const dataDir = process.env.BONDGENOTEN_E2E_TMP ?? tmpdir();

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunchOptions },
    },
  ],
  webServer: externalBaseURL
    ? undefined
    : {
        command: `${binary} serve --demo --addr 127.0.0.1:${port} --database sqlite:${dataDir}/e2e.db --log-level warn`,
        url: `http://127.0.0.1:${port}/readyz`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
