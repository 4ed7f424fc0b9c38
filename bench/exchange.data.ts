/**
 * The feed files of bench/exchange.ts, drawn from the registry itself with a seeded PRNG, and their truth:
 * which registry person each record is about (or "new"), and which records carry a typo.
 *
 *   - hospital birth certificates: a living woman aged 20–44 living in the city as the mother (her real ID and
 *     name), a new child born within the last year, her residence village as the address; truth = the mother;
 *   - police hukou records: mostly move-ins of people new to the registry (valid new IDs of counties outside
 *     the city, checked against the blind index), the rest hukou changes and move-outs of living residents
 *     (their real IDs); truth = the person, or "new";
 *   - 2 % of the records get one typo: half in the ID (one of the first 17 digits replaced, so the check
 *     character fails — what a real keying error does), half in the name (a homophone from the registry's own
 *     given-name characters, or one character replaced by another);
 *   - UTF-8 CSV with the Chinese headers, split into files under the 50 MiB upload limit.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { buildIdNumber, FEED_COLUMNS, toPinyinSyllables, type FeedKind } from '@renkou/core';
import type { Keys } from '@renkou/server';
import { idIndexOf, revealIdNumber } from '../packages/server/src/modules/registry/id-protection';

export type BenchKind = Extract<FeedKind, 'birth_certificate' | 'police_hukou'>;
export type TypoKind = 'none' | 'id:region' | 'id:birth-date' | 'id:sequence' | 'name:homophone' | 'name:other';

export interface Truth {
  readonly key: string;
  /** The registry person the record is about, or 'new' (a move-in of someone the registry has never held). */
  readonly truth: number | 'new';
  readonly typo: TypoKind;
  readonly change?: 'move_in' | 'move_out' | 'hukou_change';
}

export interface FeedFiles {
  readonly kind: BenchKind;
  readonly files: readonly { path: string; rows: number; bytes: number }[];
  readonly truth: ReadonlyMap<string, Truth>;
  readonly notes: readonly string[];
}

/** sfc32 seeded from a string: the same seed gives the same files from the same registry. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: string) {
    let h = 1779033703 ^ seed.length;
    const next = () => {
      for (let i = 0; i < seed.length; i++) {
        h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
        h = (h << 13) | (h >>> 19);
      }
      h = Math.imul(h ^ (h >>> 16), 2246822507);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      return (h ^= h >>> 16) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 15; i++) this.float();
  }
  float(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  /** k distinct elements (all of them, shuffled, when k ≥ length): a partial Fisher–Yates shuffle of a copy. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const a = xs.slice();
    const n = Math.min(k, a.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(a.length - i);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a.slice(0, n);
  }
}

const DAY = 86_400_000;
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const minusYears = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

const HOSPITALS = ['湖州市中心医院', '湖州市第一人民医院', '湖州市妇幼保健院', '长兴县人民医院', '德清县人民医院', '安吉县人民医院', '南浔区人民医院', '吴兴区人民医院'];
/** Counties outside 3305 that move-ins come from (their IDs' region part). */
const ELSEWHERE = ['320102', '310115', '340102', '320508', '330102', '330106', '420106', '510104', '410102', '360102', '350102', '430102'];
const MOVE_OUT_TO = ['310115', '330106', '320508', '440305', ''];

interface PersonRow {
  id: number;
  name: string;
  sex: 'male' | 'female';
  birth_date: string;
  residence_region: string;
  hukou_region: string;
  id_number_cipher: Buffer;
}

async function personsById(owner: pg.Pool, ids: readonly number[]): Promise<Map<number, PersonRow>> {
  const out = new Map<number, PersonRow>();
  for (let i = 0; i < ids.length; i += 20_000) {
    const { rows } = await owner.query<PersonRow>(
      `SELECT id::int AS id, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, residence_region, hukou_region, id_number_cipher
         FROM person WHERE id = ANY($1::bigint[])`,
      [ids.slice(i, i + 20_000)],
    );
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}

/** Surnames and given-name characters as the registry uses them, and given-name characters by syllable. */
class NamePool {
  readonly surnames: string[] = [];
  readonly given: string[] = [];
  private readonly bySyllable = new Map<string, string[]>();
  constructor(names: readonly string[]) {
    const given = new Set<string>();
    const surnames = new Set<string>();
    for (const n of names) {
      if (!/^[\u4e00-\u9fff]{2,3}$/u.test(n)) continue;
      surnames.add(n[0]!);
      for (const c of n.slice(1)) given.add(c);
    }
    this.surnames = [...surnames].sort();
    this.given = [...given].sort();
    for (const c of this.given) {
      const s = toPinyinSyllables(c)[0] ?? '';
      const list = this.bySyllable.get(s) ?? [];
      list.push(c);
      this.bySyllable.set(s, list);
    }
  }
  name(rng: Prng): string {
    return rng.pick(this.surnames) + rng.pick(this.given) + (rng.int(3) > 0 ? rng.pick(this.given) : '');
  }
  /** One given-name character replaced: by a homophone when asked and one exists, else by another character. */
  typo(rng: Prng, name: string, homophone: boolean): { name: string; typo: TypoKind } {
    const chars = Array.from(name);
    const positions = chars.map((c, i) => (i > 0 && c !== '·' ? i : -1)).filter((i) => i >= 0);
    const at = positions.length > 0 ? rng.pick(positions) : chars.length - 1;
    const original = chars[at]!;
    const same = homophone ? (this.bySyllable.get(toPinyinSyllables(original)[0] ?? '') ?? []).filter((c) => c !== original) : [];
    let replacement = same.length > 0 ? rng.pick(same) : rng.pick(this.given);
    while (replacement === original) replacement = rng.pick(this.given);
    chars[at] = replacement;
    return { name: chars.join(''), typo: same.length > 0 ? 'name:homophone' : 'name:other' };
  }
}

/** One of the first 17 characters replaced by another digit; the check character is kept, so it fails. */
export function idTypo(rng: Prng, id: string): { id: string; typo: TypoKind } {
  const at = rng.int(17);
  let digit = String(rng.int(10));
  while (digit === id[at]) digit = String(rng.int(10));
  return { id: id.slice(0, at) + digit + id.slice(at + 1), typo: at < 6 ? 'id:region' : at < 14 ? 'id:birth-date' : 'id:sequence' };
}

/** Which records get a typo, and of which half (ID or name). */
function typoPlan(rng: Prng, n: number, share: number): Map<number, 'id' | 'name'> {
  const plan = new Map<number, 'id' | 'name'>();
  const chosen = rng.sample(Array.from({ length: n }, (_, i) => i), Math.round(n * share));
  chosen.forEach((i, k) => plan.set(i, k % 2 === 0 ? 'id' : 'name'));
  return plan;
}

function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Writes the rows as UTF-8 CSV files with the feed's Chinese headers, each under `maxBytes` and 1,000,000 rows. */
function writeCsv(dir: string, kind: BenchKind, rows: readonly Record<string, string | number | null>[], maxBytes: number): { path: string; rows: number; bytes: number }[] {
  const columns = FEED_COLUMNS[kind];
  const header = columns.map((c) => c.zh).join(',') + '\r\n';
  const files: { path: string; rows: number; bytes: number }[] = [];
  let lines: string[] = [];
  let bytes = Buffer.byteLength(header);
  const flush = () => {
    if (lines.length === 0) return;
    const file = path.join(dir, `${kind}-${String(files.length + 1).padStart(2, '0')}.csv`);
    const text = header + lines.join('');
    writeFileSync(file, text, 'utf8');
    files.push({ path: file, rows: lines.length, bytes: Buffer.byteLength(text) });
    lines = [];
    bytes = Buffer.byteLength(header);
  };
  for (const row of rows) {
    const line = columns.map((c) => csvCell(row[c.key])).join(',') + '\r\n';
    const size = Buffer.byteLength(line);
    if (bytes + size > maxBytes || lines.length >= 1_000_000) flush();
    lines.push(line);
    bytes += size;
  }
  flush();
  return files;
}

export interface GenerateOptions {
  readonly owner: pg.Pool;
  readonly keys: Keys;
  readonly today: string;
  readonly city: string;
  readonly records: number;
  readonly seed: string;
  readonly dir: string;
  readonly typoShare: number;
  readonly maxFileBytes: number;
}

/** Villages (12-digit codes) of the city, and a name pool from a sample of its people. */
export async function cityContext(o: GenerateOptions): Promise<{ villages: string[]; names: NamePool }> {
  const villages = (await o.owner.query<{ code: string }>('SELECT code FROM region WHERE level = 5 AND code LIKE $1 ORDER BY code', [`${o.city}%`])).rows.map((r) => r.code);
  const names = (await o.owner.query<{ name: string }>('SELECT name FROM person WHERE id % 50 = 0 ORDER BY id LIMIT 100000')).rows.map((r) => r.name);
  return { villages, names: new NamePool(names) };
}

export async function birthCertificates(o: GenerateOptions, ctx: { names: NamePool }): Promise<FeedFiles> {
  const rng = new Prng(`${o.seed}:births`);
  const notes: string[] = [];
  const { rows: pool } = await o.owner.query<{ id: number }>(
    `SELECT id::int AS id FROM person
      WHERE status = 'alive' AND sex = 'female' AND residence_region LIKE $1 AND length(residence_region) = 12 AND id_number_cipher IS NOT NULL
        AND birth_date > $2::date AND birth_date <= $3::date ORDER BY id`,
    [`${o.city}%`, minusYears(o.today, 45), minusYears(o.today, 20)],
  );
  if (pool.length === 0) throw new Error('no living women aged 20–44 in the city');
  let motherIds: number[];
  if (o.records <= pool.length) motherIds = rng.sample(pool.map((r) => r.id), o.records);
  else {
    motherIds = Array.from({ length: o.records }, () => rng.pick(pool).id);
    notes.push(`${o.records.toLocaleString('en')} certificates but ${pool.length.toLocaleString('en')} women aged 20–44: mothers drawn with replacement (some have two children in a year)`);
  }
  const mothers = await personsById(o.owner, [...new Set(motherIds)]);
  const typos = typoPlan(rng, o.records, o.typoShare);
  const rows: Record<string, string | number | null>[] = [];
  const truth = new Map<string, Truth>();
  motherIds.forEach((mid, i) => {
    const m = mothers.get(mid)!;
    let motherId = revealIdNumber(o.keys, m.id_number_cipher);
    let motherName = m.name;
    let typo: TypoKind = 'none';
    const plan = typos.get(i);
    if (plan === 'id') ({ id: motherId, typo } = idTypo(rng, motherId));
    else if (plan === 'name') ({ name: motherName, typo } = ctx.names.typo(rng, motherName, rng.int(2) === 0));
    const key = `CS${o.city}${String(i + 1).padStart(9, '0')}`;
    rows.push({
      certificateNumber: key,
      childName: ctx.names.name(rng),
      childSex: rng.int(100) < 52 ? '男' : '女',
      birthDate: addDays(o.today, -rng.int(365)),
      birthTime: `${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}`,
      weightGrams: 2500 + rng.int(1700),
      gestationWeeks: 37 + rng.int(5),
      hospital: rng.pick(HOSPITALS),
      motherName,
      motherIdNumber: motherId,
      fatherName: null,
      fatherIdNumber: null,
      addressRegion: m.residence_region,
    });
    truth.set(key, { key, truth: mid, typo });
  });
  return { kind: 'birth_certificate', files: writeCsv(o.dir, 'birth_certificate', rows, o.maxFileBytes), truth, notes };
}

/** New, valid IDs of counties outside the city, none of them in the registry (checked by blind index). */
async function newIdNumbers(o: GenerateOptions, rng: Prng, n: number): Promise<{ id: string; sex: 'male' | 'female'; birthDate: string }[]> {
  const out = new Map<string, { id: string; sex: 'male' | 'female'; birthDate: string }>();
  const first = Date.parse('1950-01-01T00:00:00Z');
  const span = Math.floor((Date.parse(`${minusYears(o.today, 1)}T00:00:00Z`) - first) / DAY);
  while (out.size < n) {
    const drawn = new Set<string>();
    while (out.size + drawn.size < n) {
      const birthDate = new Date(first + rng.int(span) * DAY).toISOString().slice(0, 10);
      const id = buildIdNumber(rng.pick(ELSEWHERE), birthDate, rng.int(1000));
      if (!out.has(id)) drawn.add(id);
    }
    const fresh = [...drawn];
    const taken = new Set<string>();
    for (let i = 0; i < fresh.length; i += 10_000) {
      const part = fresh.slice(i, i + 10_000);
      const { rows } = await o.owner.query<{ ix: string }>("SELECT encode(id_number_index, 'hex') AS ix FROM person WHERE id_number_index = ANY($1::bytea[])", [part.map((id) => idIndexOf(o.keys, id, o.today))]);
      for (const r of rows) taken.add(r.ix);
    }
    for (const id of fresh) {
      if (taken.has(idIndexOf(o.keys, id, o.today).toString('hex'))) continue;
      out.set(id, { id, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female', birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` });
    }
  }
  return [...out.values()];
}

/** Police: 60 % move-ins of new people, 20 % hukou changes and 20 % move-outs of living residents. */
export async function policeRecords(o: GenerateOptions, ctx: { villages: readonly string[]; names: NamePool }): Promise<FeedFiles> {
  const rng = new Prng(`${o.seed}:police`);
  const notes: string[] = [];
  const kinds = Array.from({ length: o.records }, () => {
    const r = rng.int(10);
    return r < 6 ? ('move_in' as const) : r < 8 ? ('hukou_change' as const) : ('move_out' as const);
  });
  const existingWanted = kinds.filter((k) => k !== 'move_in').length;
  const { rows: pool } = await o.owner.query<{ id: number }>(
    "SELECT id::int AS id FROM person WHERE status = 'alive' AND residence_region LIKE $1 AND id_number_cipher IS NOT NULL ORDER BY id",
    [`${o.city}%`],
  );
  if (pool.length < existingWanted) throw new Error(`only ${pool.length} living residents with an ID for ${existingWanted} changes`);
  const subjectIds = rng.sample(pool.map((r) => r.id), existingWanted);
  const subjects = await personsById(o.owner, subjectIds);
  const fresh = await newIdNumbers(o, rng, o.records - existingWanted);
  const typos = typoPlan(rng, o.records, o.typoShare);
  const rows: Record<string, string | number | null>[] = [];
  const truth = new Map<string, Truth>();
  let nextExisting = 0;
  let nextFresh = 0;
  kinds.forEach((change, i) => {
    const key = `GA${o.city}${String(i + 1).padStart(10, '0')}`;
    let idNumber: string;
    let name: string;
    let sex: 'male' | 'female';
    let birthDate: string;
    let fromRegion: string | null;
    let toRegion: string | null;
    let who: number | 'new';
    if (change === 'move_in') {
      const f = fresh[nextFresh++]!;
      ({ id: idNumber, sex, birthDate } = f);
      name = ctx.names.name(rng);
      fromRegion = rng.int(5) > 0 ? f.id.slice(0, 6) : null;
      toRegion = rng.pick(ctx.villages);
      who = 'new';
    } else {
      const p = subjects.get(subjectIds[nextExisting++]!)!;
      idNumber = revealIdNumber(o.keys, p.id_number_cipher);
      ({ name, sex, birth_date: birthDate } = p);
      fromRegion = p.hukou_region;
      if (change === 'hukou_change') {
        toRegion = rng.pick(ctx.villages);
        while (toRegion === p.hukou_region) toRegion = rng.pick(ctx.villages);
      } else toRegion = rng.pick(MOVE_OUT_TO) || null;
      who = p.id;
    }
    const earliest = addDays(o.today, -364) > birthDate ? addDays(o.today, -364) : birthDate;
    const span = Math.round((Date.parse(o.today) - Date.parse(earliest)) / DAY);
    const occurredOn = addDays(earliest, rng.int(span + 1));
    let typo: TypoKind = 'none';
    const plan = typos.get(i);
    if (plan === 'id') ({ id: idNumber, typo } = idTypo(rng, idNumber));
    else if (plan === 'name') ({ name, typo } = ctx.names.typo(rng, name, rng.int(2) === 0));
    rows.push({
      recordNumber: key,
      change: change === 'move_in' ? '迁入' : change === 'move_out' ? '迁出' : '户籍变更',
      idNumber,
      name,
      sex: sex === 'male' ? '男' : '女',
      birthDate,
      occurredOn,
      fromRegion,
      toRegion,
    });
    truth.set(key, { key, truth: who, typo, change });
  });
  return { kind: 'police_hukou', files: writeCsv(o.dir, 'police_hukou', rows, o.maxFileBytes), truth, notes };
}
