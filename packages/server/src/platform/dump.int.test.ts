import { buildIdNumber } from '@renkou/core';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/harness';

let t: TestApp;
let dump: Awaited<ReturnType<typeof dumpAll>>;
const ids = [
  buildIdNumber('330522', '1990-03-04', 122),
  buildIdNumber('330522', '1988-11-30', 135),
  buildIdNumber('330522', '2001-01-01', 998),
  buildIdNumber('330522', '1990-03-05', 1), // a plain-looking sequence
];

/** Every table of every schema, catalogs included, as `COPY … TO STDOUT` writes it: what a dump holds. */
async function dumpAll(): Promise<{ text: string; tables: string[]; skipped: string[] }> {
  const client = await t.db.ownerPool.connect();
  const tables: string[] = [];
  const skipped: string[] = [];
  const parts: string[] = [];
  try {
    const { rows } = await client.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') ORDER BY 1, 2`,
    );
    for (const { schema, name } of rows) {
      const qualified = `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`;
      try {
        const stream = client.query(copyTo(`COPY (SELECT * FROM ${qualified}) TO STDOUT`));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        parts.push(Buffer.concat(chunks).toString('utf8'));
        tables.push(`${schema}.${name}`);
      } catch (e) {
        skipped.push(`${schema}.${name}: ${(e as Error).message}`);
      }
    }
  } finally {
    client.release();
  }
  return { text: parts.join('\n'), tables, skipped };
}

beforeAll(async () => {
  t = await startTestApp({ today: '2025-06-30' });
  const village = await t.village('330522001');
  const clerk = await t.user('township_officer', '330522001');
  for (const [i, idNumber] of ids.entries()) {
    const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
    const sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
    const res = await t.request('POST', '/api/v1/persons', {
      cookie: clerk.cookie,
      body: { idNumber, name: `测试人员${i}`, sex, birthDate, hukouRegion: village, residenceRegion: village, residenceType: 'rural' },
    });
    expect(res.statusCode, res.body).toBe(201);
    // Searching and revealing leave records too.
    await t.request('GET', `/api/v1/persons?idNumber=${idNumber}`, { cookie: clerk.cookie });
    await t.request('POST', `/api/v1/persons/${res.json().id}/reveal`, { cookie: clerk.cookie, body: { reason: '核对' } });
  }
  // Statistics hold sample column values: make sure they are in the dump too.
  await t.db.ownerPool.query('ANALYZE');
  dump = await dumpAll();
}, 120_000);
afterAll(() => t.close());

describe('a database dump', () => {
  it('covers every table of every schema', async () => {
    const { tables, skipped, text } = dump;
    expect(skipped).toEqual([]);
    expect(tables).toEqual(expect.arrayContaining(['public.person', 'public.audit_log', 'public.app_user', 'public.session', 'pg_catalog.pg_statistic']));
    // It really holds the registry: the names are there (they are not encrypted), and the masked IDs.
    expect(text).toContain('测试人员0');
  });

  it('shows no plaintext ID number, in text, hex (bytea) or base64', async () => {
    const { text } = dump;
    for (const id of ids) {
      expect(text, id).not.toContain(id);
      expect(text, `${id} without check character`).not.toContain(id.slice(0, 17));
      expect(text, `${id} as hex`).not.toContain(Buffer.from(id).toString('hex'));
      expect(text, `${id} as base64`).not.toContain(Buffer.from(id).toString('base64').slice(0, 20));
    }
  });

  it('does not contain the keys (the key file stays outside the database)', async () => {
    const { text } = dump;
    const keys = t.server.deps.keys;
    for (const [name, key] of Object.entries(keys) as [string, Buffer][]) {
      expect(text, `${name} as hex`).not.toContain(key.toString('hex'));
      expect(text, `${name} as base64`).not.toContain(key.toString('base64'));
    }
    const settings = await t.db.db.selectFrom('system_setting').selectAll().execute();
    expect(JSON.stringify(settings)).not.toMatch(/key/i);
  });
});
