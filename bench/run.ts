/**
 * `npm run bench`: every benchmark in bench/, one after the other, in name order — they must not compete
 * for the machine. A benchmark is a file `bench/<name>.ts` (helpers carry a second dot, like
 * `person-lookup.server.ts`, and are skipped). Each runs in a process of its own, so one bench's pools,
 * clusters or type parsers cannot leak into the next, and prints its own figures with a ratio against a
 * baseline measured in the same run. Not part of the tests.
 *
 *   npm run bench                  all of them
 *   npm run bench -- person-lookup  only the named ones
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const all = readdirSync(dir)
  .filter((f) => /^[a-z0-9-]+\.ts$/.test(f) && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`no such bench: ${unknown.join(', ')} (there are: ${all.join(', ')})`);
  process.exit(2);
}
const benches = wanted.length > 0 ? all.filter((b) => wanted.includes(b)) : all;

const failed: string[] = [];
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(name);
  console.log(`=== ${name}: ${r.status === 0 ? 'done' : `FAILED (${r.status ?? r.signal})`} in ${((performance.now() - started) / 1000).toFixed(0)} s ===`);
}
if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
process.exitCode = failed.length > 0 ? 1 : 0;
