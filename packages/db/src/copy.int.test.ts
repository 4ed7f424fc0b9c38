import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@renkou/testing';
import { CopyLines, copyRows, encodeCopyValue, escapeCopyText, syncIdentity, withIndexesDeferred } from './copy';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('COPY helper', () => {
  it('encodes values in COPY text format', () => {
    expect(encodeCopyValue(null)).toBe('\\N');
    expect(encodeCopyValue(undefined)).toBe('\\N');
    expect(encodeCopyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(encodeCopyValue(true)).toBe('t');
    expect(encodeCopyValue(12n)).toBe('12');
    expect(encodeCopyValue(Buffer.from([0, 255]))).toBe('\\\\x00ff');
    expect(encodeCopyValue([1, null, 'a"b'])).toBe('{1,NULL,"a\\\\"b"}');
    expect(encodeCopyValue({ k: 'v\n' })).toBe('{"k":"v\\\\n"}');
    expect(escapeCopyText('王小明')).toBe('王小明');
  });

  it('round-trips awkward values, pre-encoded lines and identity columns through one COPY', async () => {
    const c = await t.ownerPool.connect();
    try {
      await c.query('CREATE TABLE copy_t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, s text, b bytea, a bigint[], j jsonb, d date)');
      const rows = async function* () {
        yield [1, 'tab\there, newline\nhere, back\\slash, 汉字', Buffer.from('\x00\x01ÿ', 'latin1'), [1, 2, 3], { x: 'y\tz' }, '2020-11-01'];
        yield [2, null, null, [], null, null];
        yield new CopyLines('3\tline\t\\N\t{4}\t{}\t2021-01-01\n4\tmore\t\\N\t\\N\t\\N\t\\N\n', 2);
      };
      expect(await copyRows(c, 'copy_t', ['id', 's', 'b', 'a', 'j', 'd'], rows())).toBe(4);
      await syncIdentity(c, 'copy_t');
      const { rows: back } = await c.query<{ id: number; s: string | null; b: Buffer | null; a: string[] | null; j: unknown; d: string | null }>('SELECT * FROM copy_t ORDER BY id');
      expect(back[0]).toEqual({ id: 1, s: 'tab\there, newline\nhere, back\\slash, 汉字', b: Buffer.from('\x00\x01ÿ', 'latin1'), a: ['1', '2', '3'], j: { x: 'y\tz' }, d: '2020-11-01' });
      expect(back[1]).toMatchObject({ s: null, b: null, a: [] });
      expect(back.map((r) => r.s)).toEqual(['tab\there, newline\nhere, back\\slash, 汉字', null, 'line', 'more']);
      const next = await c.query<{ id: number }>("INSERT INTO copy_t (s) VALUES ('next') RETURNING id");
      expect(next.rows[0]!.id).toBe(5);
    } finally {
      c.release();
    }
  });

  it('defers indexes, unique constraints and foreign keys and rebuilds them as they were; a violation fails the load', async () => {
    const c = await t.ownerPool.connect();
    const shape = async () =>
      (await c.query<{ d: string }>(
        `SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = 'household_member'::regclass
         UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'household_member'::regclass ORDER BY 1`,
      )).rows.map((r) => r.d);
    try {
      const before = await shape();
      await c.query('BEGIN');
      const during: string[][] = [];
      await withIndexesDeferred(c, ['household_member'], async () => {
        during.push(await shape());
      }, undefined, ['household_member_person_id_fkey']);
      expect(during[0]!.some((d) => d.includes('household_member_household_idx'))).toBe(false);
      expect(during[0]!.some((d) => d.startsWith('household_member_person_id_fkey'))).toBe(true);
      expect(await shape()).toEqual(before);
      await c.query('ROLLBACK');
      await c.query('BEGIN');
      await expect(
        withIndexesDeferred(c, ['parent_link'], async () => {
          await copyRows(c, 'parent_link', ['child_id', 'parent_id', 'kind'], [[999_999, 999_998, 'mother']]);
        }),
      ).rejects.toThrow(/foreign key/);
      await c.query('ROLLBACK');
      expect(await shape()).toEqual(before);
    } finally {
      c.release();
    }
  });
});
