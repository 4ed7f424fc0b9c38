import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_TABLE_END, PERMISSIONS_TABLE_START, renderPermissionsTable } from './permissions-table';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './roles';

const DOC = fileURLToPath(new URL('../../../../docs/domain/permissions.md', import.meta.url));

describe('docs/domain/permissions.md', () => {
  it('holds the table generated from ROLE_PERMISSIONS (UPDATE_DOCS=1 rewrites it)', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(PERMISSIONS_TABLE_START);
    const end = doc.indexOf(PERMISSIONS_TABLE_END);
    expect(start, 'start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'end marker').toBeGreaterThan(start);
    const current = doc.slice(start + PERMISSIONS_TABLE_START.length, end).trim();
    const expected = renderPermissionsTable();
    if (current !== expected && process.env.UPDATE_DOCS === '1') {
      writeFileSync(DOC, `${doc.slice(0, start + PERMISSIONS_TABLE_START.length)}\n${expected}\n${doc.slice(end)}`);
      return;
    }
    expect(current, 'the permission table in docs/domain/permissions.md is out of date: run UPDATE_DOCS=1 npx vitest run packages/core/src/platform').toBe(expected);
  });

  it('the rendered table marks exactly the granted permissions', () => {
    const lines = renderPermissionsTable().split('\n');
    for (const r of ROLES) {
      const row = lines.find((l) => l.startsWith(`| \`${r}\``))!;
      const cells = row.split('|').slice(3, 3 + PERMISSIONS.length).map((c) => c.trim());
      expect(cells, r).toEqual(PERMISSIONS.map((p) => (ROLE_PERMISSIONS[r].includes(p) ? '✓' : '')));
    }
  });
});
