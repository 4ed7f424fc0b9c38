import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INDICATORS_TABLE_END, INDICATORS_TABLE_START, renderIndicatorsTable } from './indicators-table';
import { INDICATOR_CODES } from './indicators';

const DOC = fileURLToPath(new URL('../../../../docs/domain/statistics.md', import.meta.url));

describe('docs/domain/statistics.md', () => {
  it('holds the indicator table generated from INDICATORS (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(INDICATORS_TABLE_START);
    const end = doc.indexOf(INDICATORS_TABLE_END);
    expect(start, 'start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'end marker').toBeGreaterThan(start);
    const current = doc.slice(start + INDICATORS_TABLE_START.length, end).trim();
    const expected = renderIndicatorsTable();
    if (current !== expected && process.env.UPDATE_DOCS === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + INDICATORS_TABLE_START.length)}\n${expected}\n${doc.slice(end)}`);
      return;
    }
    expect(current, 'the indicator table is out of date: run UPDATE_DOCS=1 npx vitest run packages/core/src/statistics/indicators-table').toBe(expected);
  });

  it('lists every indicator code once', () => {
    const table = renderIndicatorsTable();
    for (const code of INDICATOR_CODES) expect(table.split('\n').filter((l) => l.startsWith(`| \`${code}\` |`)), code).toHaveLength(1);
  });
});
