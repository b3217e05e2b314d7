import { rmSync } from 'node:fs';

/** Removes the run's temporary database folder. */
export default function globalTeardown() {
  const dir = process.env.BONDGENOTEN_E2E_TMP;
  if (dir && dir.includes('bondgenoten-e2e-')) {
    rmSync(dir, { recursive: true, force: true });
  }
}
