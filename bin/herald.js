#!/usr/bin/env node
// Runs the compiled CLI from dist/ (npm run build; npm start and npm run herald build first when src/ changed).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('herald: not built yet; run: npm run build\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
