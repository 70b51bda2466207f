#!/usr/bin/env node
// Compiles src/ to dist/ (tsc -p tsconfig.build.json) when dist/ is missing or older than the sources.
//   node scripts/build-if-needed.mjs            build only if some file under src/ (or a tsconfig*.json)
//                                               is newer than dist/.build-stamp, or src/ lost or gained a file
//   node scripts/build-if-needed.mjs --force    build in any case (npm run build)
// A build starts from an empty dist/, so the output of a removed or renamed source never lingers.
// The stamp is written only when tsc succeeds, and it carries the time the build started, so an edit
// made while tsc runs still counts as newer. Messages and compiler errors go to stderr.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const force = process.argv.includes('--force');

/** The newest mtime of src/ (files and folders: a removed file changes its folder's mtime) and the tsconfigs. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    newest = Math.max(newest, statSync(dir).mtimeMs);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  for (const name of readdirSync(root)) if (/^tsconfig.*\.json$/.test(name)) newest = Math.max(newest, statSync(join(root, name)).mtimeMs);
  return newest;
}

function reason() {
  if (force) return 'build requested';
  if (!existsSync(stamp) || !existsSync(join(dist, 'cli', 'main.js'))) return 'no finished build in dist/';
  return newestInput() > statSync(stamp).mtimeMs ? 'src/ changed' : undefined;
}

const why = reason();
if (why === undefined) process.exit(0);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.error('herald: cannot build: typescript is not installed (run npm install; it is a devDependency)');
  process.exit(1);
}
process.stderr.write(`herald: building dist/ (${why})\n`);
const started = Date.now();
rmSync(dist, { recursive: true, force: true });
// tsc prints its errors on stdout: send them to stderr, so `npm run herald -- ...` keeps stdout for the CLI.
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
if (r.status !== 0) {
  process.stderr.write(`herald: build failed (tsc ${r.status === null ? `killed by ${r.signal}` : `exit ${r.status}`})\n`);
  process.exit(1);
}
closeSync(openSync(stamp, 'w'));
utimesSync(stamp, started / 1000, started / 1000);
process.stderr.write(`herald: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
