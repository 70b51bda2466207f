// Vitest globalSetup: builds dist/ once before the tests when src/ changed (scripts/build-if-needed.mjs),
// since the end-to-end tests spawn bin/herald.js, which runs the compiled CLI.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../scripts/build-if-needed.mjs', import.meta.url));
  execFileSync(process.execPath, [script], { stdio: 'inherit' });
}
