#!/usr/bin/env node
/* global process, console */
/**
 * Builds the web app (packages/web/dist) when it is missing or older than its sources, so `npm start`
 * always serves a fresh build without a manual step. Run by the root `prestart` script; also usable as
 * `node packages/web/scripts/ensure-built.mjs [--force]`.
 *
 * Sources: packages/web/src, packages/core/src and packages/client/src (bundled into the app), plus the
 * web package's index.html, public/, vite.config.ts and package.json. Test files are ignored.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = path.dirname(webDir);
const distIndex = path.join(webDir, 'dist', 'index.html');

const SOURCES = [
  path.join(webDir, 'src'),
  path.join(packagesDir, 'core', 'src'),
  path.join(packagesDir, 'client', 'src'),
  path.join(webDir, 'public'),
  path.join(webDir, 'index.html'),
  path.join(webDir, 'vite.config.ts'),
  path.join(webDir, 'package.json'),
];

/** The newest modification time under a file or folder (0 when it does not exist). */
function newest(p) {
  if (!existsSync(p)) return { time: 0, file: null };
  const st = statSync(p);
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(p) ? { time: 0, file: null } : { time: st.mtimeMs, file: p };
  let best = { time: 0, file: null };
  for (const entry of readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const n = newest(path.join(p, entry));
    if (n.time > best.time) best = n;
  }
  return best;
}

export function needsBuild() {
  if (!existsSync(distIndex)) return { build: true, why: 'packages/web/dist is missing' };
  const built = statSync(distIndex).mtimeMs;
  let latest = { time: 0, file: null };
  for (const s of SOURCES) {
    const n = newest(s);
    if (n.time > latest.time) latest = n;
  }
  if (latest.time > built) return { build: true, why: `${path.relative(packagesDir, latest.file)} is newer than the build` };
  return { build: false, why: 'packages/web/dist is up to date' };
}

export async function ensureBuilt({ force = false, quiet = false } = {}) {
  const state = force ? { build: true, why: 'forced' } : needsBuild();
  if (!state.build) {
    if (!quiet) console.log(`web: ${state.why}`);
    return false;
  }
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn(`web: ${state.why}, but Vite is not installed (npm install --include=dev); the server will ${existsSync(distIndex) ? 'serve the old build' : 'serve the API only'}`);
    return false;
  }
  console.log(`web: building (${state.why}) …`);
  const started = Date.now();
  // Vite keeps a NODE_ENV it finds set (vitest sets 'test'), which would bundle React and antd in their
  // development builds: a build for serving is always a production build.
  const saved = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: path.join(webDir, 'vite.config.ts'), root: webDir, mode: 'production', logLevel: quiet ? 'error' : 'warn' });
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  }
  console.log(`web: built packages/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureBuilt({ force: process.argv.includes('--force') }).catch((error) => {
    console.error('web: build failed:', error?.message ?? error);
    process.exit(1);
  });
}
