/**
 * Bulk loading with `COPY … FROM STDIN` (pg-copy-streams): rows are encoded in PostgreSQL's text format
 * and streamed in chunks while the server ingests the previous ones, so millions of rows pass without being
 * held in memory. COPY may write identity columns (like OVERRIDING SYSTEM VALUE); call
 * {@link syncIdentity} afterwards so the next ordinary insert does not collide.
 *
 * For very large loads into indexed tables, {@link withIndexesDeferred} drops the tables' secondary indexes,
 * unique constraints and foreign keys inside the caller's transaction and rebuilds them after the load: a
 * sorted index build and one validating join per foreign key are far cheaper than maintaining them row by
 * row (PostgreSQL manual, "Populating a Database").
 *
 * @example
 * await client.query('BEGIN');
 * await copyRows(client, 'parent_link', ['child_id', 'parent_id', 'kind'], links.map((l) => [l.child, l.parent, l.kind]));
 * await client.query('COMMIT');
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Text already in COPY format (one or more tab-separated fields), passed through unchanged. */
export class CopyText {
  constructor(readonly encoded: string) {}
}

/** A value COPY can take: null/undefined → NULL, Buffer → bytea, arrays → array literals, objects → JSON. */
export type CopyValue = CopyText | string | number | bigint | boolean | null | undefined | Date | Uint8Array | readonly (string | number | null)[] | { readonly [key: string]: unknown };

/**
 * Complete lines already in COPY text format (each ending in a newline), passed through unchanged: the fast
 * path for callers that format millions of rows of known shape themselves.
 */
export class CopyLines {
  constructor(
    readonly text: string,
    readonly rows: number,
  ) {}
}

export type CopyRow = readonly CopyValue[] | CopyLines;
export type CopyRows = Iterable<CopyRow> | AsyncIterable<CopyRow>;

export interface CopyOptions {
  /** Called after each chunk with the number of rows sent so far. */
  readonly onProgress?: (rows: number) => void;
  /** Characters per chunk sent to the server (default 256 Ki). */
  readonly chunkChars?: number;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const REPLACEMENT: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Escapes text for COPY's text format: backslash, tab, newline and carriage return. */
export function escapeCopyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIAL_ALL, (c) => REPLACEMENT[c]!) : text;
}

function arrayElement(v: string | number | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** One value in COPY text format (NULL is `\N`). */
export function encodeCopyValue(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  switch (typeof v) {
    case 'string':
      return escapeCopyText(v);
    case 'number':
      if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 't' : 'f';
    default:
      break;
  }
  if (v instanceof CopyText) return v.encoded;
  if (v instanceof Date) return v.toISOString();
  // bytea hex input `\x…`; the backslash itself must be escaped in COPY text.
  if (v instanceof Uint8Array) return `\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) return escapeCopyText(`{${(v as readonly (string | number | null)[]).map(arrayElement).join(',')}}`);
  return escapeCopyText(JSON.stringify(v));
}

/** One row, tab-separated and newline-terminated. */
export function encodeCopyRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + encodeCopyValue(values[i]);
  return `${line}\n`;
}

async function* chunks(rows: CopyRows, size: number, counter: { rows: number }, onProgress?: (rows: number) => void): AsyncGenerator<string> {
  let buffer = '';
  for await (const row of rows as AsyncIterable<CopyRow>) {
    if (row instanceof CopyLines) {
      buffer += row.text;
      counter.rows += row.rows;
    } else {
      buffer += encodeCopyRow(row);
      counter.rows++;
    }
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
      onProgress?.(counter.rows);
    }
  }
  if (buffer.length > 0) yield buffer;
  onProgress?.(counter.rows);
}

/**
 * Streams `rows` into `table (columns…)` with COPY on `client` (in the caller's transaction, if any). A row is
 * an array of values, or a {@link CopyLines} block of pre-encoded rows.
 * Returns the number of rows the server inserted; throws if it differs from the rows sent.
 */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: CopyRows, options: CopyOptions = {}): Promise<number> {
  const sql = `COPY ${pg.escapeIdentifier(table)} (${columns.map((c) => pg.escapeIdentifier(c)).join(', ')}) FROM STDIN`;
  const counter = { rows: 0 };
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks(rows, options.chunkChars ?? 256 * 1024, counter, options.onProgress)), stream);
  if (stream.rowCount !== counter.rows) throw new Error(`copyRows ${table}: sent ${counter.rows} rows, server inserted ${stream.rowCount}`);
  return counter.rows;
}

/** Moves a table's identity sequence past its largest id (after COPY wrote ids explicitly). */
export async function syncIdentity(client: pg.ClientBase, table: string, column = 'id'): Promise<void> {
  const t = pg.escapeIdentifier(table);
  const c = pg.escapeIdentifier(column);
  await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${c}) FROM ${t}), 0) + 1, false)`, [table, column]);
}

interface Deferred {
  readonly table: string;
  readonly name: string;
  readonly definition: string;
  readonly kind: 'index' | 'unique' | 'foreign';
}

/**
 * Runs `load` with the tables' secondary indexes, unique constraints (not those a foreign key relies on) and
 * foreign keys dropped, then analyzes the tables and recreates them with their own names and definitions; a
 * violation found while recreating fails like the row-by-row check would. Must run inside the caller's transaction, which holds
 * ACCESS EXCLUSIVE locks on the tables (and the tables their foreign keys reference) until it ends.
 */
export async function withIndexesDeferred<T>(
  client: pg.ClientBase,
  tables: readonly string[],
  load: () => Promise<T>,
  onStep?: (step: string) => void,
  /** Names of indexes or constraints to leave in place (e.g. foreign keys on columns the load leaves NULL). */
  keep: readonly string[] = [],
): Promise<T> {
  const { rows: constraints } = await client.query<{ table: string; name: string; definition: string; contype: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.contype
       FROM pg_constraint c
      WHERE c.conrelid = ANY($1::regclass[]) AND c.contype IN ('f', 'u')
        AND NOT (c.contype = 'u' AND EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid))
      ORDER BY c.contype, c.conrelid::regclass::text, c.conname`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT i.indrelid::regclass::text AS table, i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = ANY($1::regclass[]) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1, 2`,
    [tables],
  );
  const deferred: Deferred[] = [
    ...constraints.map((c) => ({ table: c.table, name: c.name, definition: c.definition, kind: c.contype === 'f' ? ('foreign' as const) : ('unique' as const) })),
    ...indexes.map((i) => ({ ...i, kind: 'index' as const })),
  ].filter((d) => !keep.includes(d.name));
  for (const d of deferred.filter((x) => x.kind === 'foreign')) await client.query(`ALTER TABLE ${d.table} DROP CONSTRAINT ${pg.escapeIdentifier(d.name)}`);
  for (const d of deferred.filter((x) => x.kind === 'unique')) await client.query(`ALTER TABLE ${d.table} DROP CONSTRAINT ${pg.escapeIdentifier(d.name)}`);
  for (const d of deferred.filter((x) => x.kind === 'index')) await client.query(`DROP INDEX ${d.name}`);
  const result = await load();
  // Statistics first: the foreign-key checks below are joins, planned on them (ANALYZE may run in a transaction).
  onStep?.('analyze');
  await client.query(`ANALYZE ${tables.map((t) => pg.escapeIdentifier(t)).join(', ')}`);
  for (const d of deferred.filter((x) => x.kind === 'index')) {
    onStep?.(`index ${d.name}`);
    await client.query(d.definition);
  }
  for (const d of deferred.filter((x) => x.kind !== 'index').sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'unique' ? -1 : 1))) {
    onStep?.(`${d.kind === 'unique' ? 'unique' : 'foreign key'} ${d.name}`);
    await client.query(`ALTER TABLE ${d.table} ADD CONSTRAINT ${pg.escapeIdentifier(d.name)} ${d.definition}`);
  }
  return result;
}
