import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { ensureAppLogin } from './database';
import { MIGRATIONS_DIR, migrate, readMigrations } from './migrate';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('migrations', () => {
  it('are numbered, forward only and already applied to the template with matching checksums', async () => {
    const files = readMigrations();
    expect(files.map((m) => m.version)).toEqual(files.map((_, i) => String(i + 1).padStart(4, '0')));
    const { rows } = await t.ownerPool.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migration ORDER BY version');
    expect(rows).toEqual(files.map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('running again applies nothing', async () => {
    expect(await migrate(t.ownerPool)).toEqual([]);
  });

  it('refuses a migration whose file changed after it was applied', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkou-mig-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) writeFileSync(path.join(dir, f), readFileSync(path.join(MIGRATIONS_DIR, f)));
    writeFileSync(path.join(dir, '0001_roles_and_platform.sql'), readFileSync(path.join(dir, '0001_roles_and_platform.sql'), 'utf8') + '\n-- edited\n');
    await expect(migrate(t.ownerPool, { dir })).rejects.toThrow(/changed after it was applied/);
  });

  it('applies a new migration in one transaction: a failing one leaves no trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'renkou-mig-'));
    for (const f of readdirSync(MIGRATIONS_DIR)) writeFileSync(path.join(dir, f), readFileSync(path.join(MIGRATIONS_DIR, f)));
    const next = String(readMigrations().length + 1).padStart(4, '0');
    writeFileSync(path.join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    await expect(migrate(t.ownerPool, { dir })).rejects.toThrow(/failed/);
    const { rows } = await t.ownerPool.query("SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM schema_migration WHERE version = $1) AS n", [next]);
    expect(rows[0]).toEqual({ t: null, n: 0 });
    writeFileSync(path.join(dir, `${next}_broken.sql`), 'CREATE TABLE half_done (id int);\n');
    expect(await migrate(t.ownerPool, { dir })).toEqual([`${next}_broken`]);
  });

  it('the application role cannot change the schema', async () => {
    await expect(t.appPool.query('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(t.appPool.query('DROP TABLE person')).rejects.toThrow(/must be owner|permission denied/);
  });

  it('set-up run by many commands at once (the role is cluster-wide) all succeed and leave the login working', async () => {
    await Promise.all(Array.from({ length: 8 }, () => ensureAppLogin(t.ownerPool, t.url)));
    const { rows } = await t.appPool.query<{ who: string }>('SELECT current_user AS who');
    expect(rows[0]!.who).toBe('renkou_app');
  });
});
