/**
 * The set-based apply of police hukou records (ADR 0007). Taken here, for thousands of records in a few
 * statements:
 * - a move-out, hukou change or move-in of a person found by the ID's blind index inside the region, when
 *   every registry rule holds (or the registry already says so: "confirmed");
 * - a move-in of someone the registry does not know: no ID match, and the linkage model finds no candidate
 *   worth a clerk's look — the same two blocks (birth date, name pinyin; 50 each) and the same decision as
 *   the record-by-record path, plus the newcomers planned earlier in the same chunk.
 * A person named twice in a chunk is taken once; the later records, and everything uncertain or refused,
 * go record by record afterwards, which gives the exact outcome and message.
 */
import { assertEventNotAfterDeath, assertNotFuture, DomainError, toNamePinyin, type LinkCandidate, type LinkSubject, type LinkThresholds, type PoliceHukouRecord } from '@renkou/core';
import type { Trx } from '@renkou/db';
import { sql } from 'kysely';
import type { AppDeps } from '../../platform/context';
import { regionInScope, type Scope } from '../../platform/scope';
import { protectIdNumber } from '../registry/id-protection';
import { CHUNK, insertEvents, presence, regionLevels, reserveIds, subjectsByIndex, writeApplied, type AppliedRecord, type BulkBatch, type BulkResult, type EventRow, type PendingRow, type Subject } from './bulk';
import { CANDIDATE_LIMIT, candidateOf, openId, scoreCandidates, type CandidateRow } from './link';

type Change = { kind: 'confirmed' } | { kind: 'event'; event: 'move_in' | 'move_out' | 'hukou_change'; after: Pick<Subject, 'status' | 'residence_region' | 'hukou_region'> };

/** What the record-by-record path (apply.ts applyPolice, then the registry's event) would do to a known person; null = not here. */
function changeFor(r: PoliceHukouRecord, p: Subject, levels: ReadonlyMap<string, number>, scope: Scope, today: string): Change | null {
  try {
    // The order of the other path's checks: a confirmation records no event, so its date is not checked.
    if (r.change === 'move_in') {
      if (!r.toRegion) return null;
      if (p.status === 'alive' && p.hukou_region === r.toRegion && p.residence_region === r.toRegion) return { kind: 'confirmed' };
      assertNotFuture('body.occurredOn', r.occurredOn, today);
      if (!regionInScope(scope, r.toRegion) || levels.get(r.toRegion) !== 5 || !alive(p, r.occurredOn)) return null;
      return { kind: 'event', event: 'move_in', after: { status: 'alive', residence_region: r.toRegion, hukou_region: r.toRegion } };
    }
    if (r.change === 'move_out') {
      if (p.status === 'emigrated') return { kind: 'confirmed' };
      assertNotFuture('body.occurredOn', r.occurredOn, today);
      if (!alive(p, r.occurredOn)) return null;
      return { kind: 'event', event: 'move_out', after: { status: 'emigrated', residence_region: p.residence_region, hukou_region: p.hukou_region } };
    }
    if (!r.toRegion) return null;
    if (p.hukou_region === r.toRegion) return { kind: 'confirmed' };
    assertNotFuture('body.occurredOn', r.occurredOn, today);
    if (!levels.has(r.toRegion) || !alive(p, r.occurredOn)) return null;
    return { kind: 'event', event: 'hukou_change', after: { status: p.status, residence_region: p.residence_region, hukou_region: r.toRegion } };
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** Alive on the date and born before it (assertAlive and assertNotBefore of the registry's events). */
function alive(p: Subject, on: string): boolean {
  try {
    assertEventNotAfterDeath('body.personId', p.death_date, on);
  } catch {
    return false;
  }
  return p.status !== 'dead' && on >= p.birth_date;
}

interface Newcomer {
  row: PendingRow;
  record: PoliceHukouRecord;
  idNumber: string;
  protectedId: ReturnType<typeof protectIdNumber>;
}

/** Candidates of every subject in one statement: the record-by-record path's two blocks, per subject. */
async function candidatesOf(trx: Trx, scope: Scope, subjects: readonly { i: number; birthDate: string; pinyin: string }[]): Promise<Map<number, CandidateRow[]>> {
  const out = new Map<number, CandidateRow[]>();
  if (subjects.length === 0) return out;
  const prefix = `${scope.regionCode}%`;
  const { rows } = await sql<CandidateRow & { i: number }>`
    SELECT s.i, c.id::int AS id, c.name, c.sex, c.birth_date::text AS birth_date, c.id_number_cipher, c.residence_region, c.hukou_region
      FROM jsonb_to_recordset(${JSON.stringify(subjects.map((s) => ({ i: s.i, birth_date: s.birthDate, pinyin: s.pinyin })))}::jsonb) AS s (i int, birth_date date, pinyin text)
     CROSS JOIN LATERAL (
       (SELECT * FROM person p WHERE p.birth_date = s.birth_date AND (p.residence_region LIKE ${prefix} OR p.hukou_region LIKE ${prefix}) LIMIT ${CANDIDATE_LIMIT})
       UNION ALL
       (SELECT * FROM person p WHERE p.pinyin = s.pinyin AND (p.residence_region LIKE ${prefix} OR p.hukou_region LIKE ${prefix}) LIMIT ${CANDIDATE_LIMIT})
     ) c`.execute(trx);
  for (const r of rows) {
    const list = out.get(r.i) ?? [];
    if (!list.some((x) => x.id === r.id)) list.push(r);
    out.set(r.i, list);
  }
  return out;
}

interface Plan {
  known: { row: PendingRow; record: PoliceHukouRecord; person: Subject; change: Change }[];
  newcomers: Newcomer[];
}

async function plan(trx: Trx, deps: AppDeps, batch: BulkBatch, thresholds: LinkThresholds, rows: readonly PendingRow[], idCache: Map<number, string | null>): Promise<Plan> {
  const today = deps.today();
  const indexes = rows.flatMap((r) => (r.ids.idNumber ? [r.ids.idNumber.index] : []));
  const persons = await subjectsByIndex(trx, batch.scope, indexes);
  const levels = await regionLevels(trx, rows.flatMap((r) => ((r.data as unknown as PoliceHukouRecord).toRegion ? [(r.data as unknown as PoliceHukouRecord).toRegion!] : [])));
  // A person named more than once in the chunk: only the first record here (their state changes).
  const seen = new Set<string>();
  const known: Plan['known'] = [];
  const unknown: { row: PendingRow; record: PoliceHukouRecord }[] = [];
  for (const row of rows) {
    const index = row.ids.idNumber?.index;
    if (!index || seen.has(index)) continue;
    seen.add(index);
    const record = row.data as unknown as PoliceHukouRecord;
    const person = persons.get(index);
    if (person) {
      if (!person.in_scope) continue;
      const change = changeFor(record, person, levels, batch.scope, today);
      if (change) known.push({ row, record, person, change });
    } else if (record.change === 'move_in' && record.toRegion && regionInScope(batch.scope, record.toRegion) && levels.get(record.toRegion) === 5 && record.name.trim() !== '') {
      unknown.push({ row, record });
    }
  }
  const blocks = await candidatesOf(trx, batch.scope, unknown.map((u, i) => ({ i, birthDate: u.record.birthDate, pinyin: toNamePinyin(u.record.name) })));
  const newcomers: Newcomer[] = [];
  // Newcomers planned earlier in this chunk, by the blocks' keys (a scan of all of them per record was quadratic).
  const plannedBy = new Map<string, LinkCandidate[]>();
  const remember = (key: string, c: LinkCandidate) => {
    const list = plannedBy.get(key);
    if (list) list.push(c);
    else plannedBy.set(key, [c]);
  };
  for (const [i, u] of unknown.entries()) {
    const r = u.record;
    const idNumber = openId(deps.keys, u.row.ids.idNumber)!;
    let protectedId: ReturnType<typeof protectIdNumber>;
    try {
      assertNotFuture('body.occurredOn', r.occurredOn, today);
      assertNotFuture('body.person.birthDate', r.birthDate, today);
      protectedId = protectIdNumber(deps.keys, idNumber, today, 'body.person.idNumber');
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    if (protectedId.sex !== r.sex || protectedId.birthDate !== r.birthDate || r.occurredOn < r.birthDate) continue;
    const subject: LinkSubject = { name: r.name, sex: r.sex, birthDate: r.birthDate, idNumber, region: r.toRegion };
    const rows = (blocks.get(i) ?? []).slice(0, CANDIDATE_LIMIT * 2);
    const pinyin = toNamePinyin(r.name);
    // Newcomers planned earlier in this chunk are not in the registry yet: scored as the other path would see them.
    const earlier = [...new Set([...(plannedBy.get(`d:${r.birthDate}`) ?? []), ...(plannedBy.get(`p:${pinyin}`) ?? [])])];
    const decision = scoreCandidates(subject, [...rows.map((c) => candidateOf(deps.keys, c, new Map(), idCache)), ...earlier], thresholds);
    if (decision.kind !== 'none') continue;
    newcomers.push({ row: u.row, record: r, idNumber, protectedId });
    const newcomer: LinkCandidate = { personId: -1, name: r.name, sex: r.sex, birthDate: r.birthDate, idNumber, residenceRegion: r.toRegion!, hukouRegion: r.toRegion! };
    remember(`d:${r.birthDate}`, newcomer);
    remember(`p:${pinyin}`, newcomer);
  }
  return { known, newcomers };
}

async function write(trx: Trx, batch: BulkBatch, p: Plan): Promise<number[]> {
  const withEvent = p.known.filter((k) => k.change.kind === 'event');
  const personIds = await reserveIds(trx, 'person', p.newcomers.length);
  // Event ids in file order, as the record-by-record path would number them.
  const reserved = await reserveIds(trx, 'vital_event', withEvent.length + p.newcomers.length);
  const byRow = new Map([...withEvent.map((k) => k.row.row_number), ...p.newcomers.map((n) => n.row.row_number)].sort((a, b) => a - b).map((row, i) => [row, reserved[i]!]));
  const eventOf = (row: PendingRow) => byRow.get(row.row_number)!;
  if (p.newcomers.length > 0) {
    const persons = p.newcomers.map((n, i) => ({
      id: personIds[i]!, cipher: n.protectedId.cipher.toString('base64'), index: n.protectedId.index.toString('hex'), masked: n.protectedId.masked,
      name: n.record.name, pinyin: toNamePinyin(n.record.name), sex: n.record.sex, birth_date: n.record.birthDate, region: n.record.toRegion,
    }));
    // What the police feed gives of a newcomer; ethnicity and residence type as the record-by-record path sets them.
    await sql`
      INSERT INTO person (id, id_number_cipher, id_number_index, id_number_masked, name, pinyin, sex, birth_date, ethnicity, hukou_region, residence_region, residence_type, marital_status)
      OVERRIDING SYSTEM VALUE
      SELECT x.id, decode(x.cipher, 'base64'), decode(x.index, 'hex'), x.masked, x.name, x.pinyin, x.sex, x.birth_date, '01', x.region, x.region, 'urban', 'unmarried'
        FROM jsonb_to_recordset(${JSON.stringify(persons)}::jsonb) AS x (id bigint, cipher text, index text, masked text, name text, pinyin text, sex text, birth_date date, region text)`.execute(trx);
  }
  if (withEvent.length > 0) {
    const updates = withEvent.map((k) => ({ id: k.person.id, ...(k.change as Extract<Change, { kind: 'event' }>).after }));
    await sql`
      UPDATE person p SET status = x.status, residence_region = x.residence_region, hukou_region = x.hukou_region, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS x (id bigint, status text, residence_region text, hukou_region text)
       WHERE p.id = x.id`.execute(trx);
  }
  const feed = (row: PendingRow) => ({ batchId: batch.id, row: row.row_number, key: row.record_key });
  const events: EventRow[] = [
    ...withEvent.map((k): EventRow => {
      const c = k.change as Extract<Change, { kind: 'event' }>;
      const r = k.record;
      const before = presence(k.person);
      const after = presence(c.after);
      const common = { id: eventOf(k.row), kind: c.event, person_id: k.person.id, participants: [k.person.id], occurred_on: r.occurredOn };
      if (c.event === 'move_in') return { ...common, region_code: r.toRegion!, payload: { feed: feed(k.row), fromRegion: r.fromRegion ?? null, toRegion: r.toRegion, newToRegistry: false, state: { before, after } } };
      if (c.event === 'move_out') return { ...common, region_code: k.person.hukou_region, payload: { feed: feed(k.row), toRegion: r.toRegion ?? null, destination: null, fromRegion: k.person.hukou_region, state: { before, after } } };
      return { ...common, region_code: r.toRegion!, payload: { feed: feed(k.row), fromRegion: k.person.hukou_region, toRegion: r.toRegion, state: { before, after } } };
    }),
    ...p.newcomers.map((n, i): EventRow => {
      const id = personIds[i]!;
      const to = n.record.toRegion!;
      return {
        id: eventOf(n.row), kind: 'move_in', person_id: id, participants: [id], occurred_on: n.record.occurredOn, region_code: to,
        payload: { feed: feed(n.row), fromRegion: n.record.fromRegion ?? null, toRegion: to, newToRegistry: true, state: { before: null, after: { present: true, residence: to, hukou: to } } },
      };
    }),
  ];
  await insertEvents(trx, batch, events);
  const link = (personId: number) => ({ kind: 'match', personId, method: 'id', score: 1 });
  const place = (r: PoliceHukouRecord) => ({ regionCode: r.toRegion ?? r.fromRegion, occurredOn: r.occurredOn });
  const applied: AppliedRecord[] = [
    ...p.known.map((k): AppliedRecord => {
      const eventId = k.change.kind === 'event' ? eventOf(k.row) : null;
      return { row: k.row, outcome: k.change.kind === 'event' ? 'new' : 'confirmed', personId: k.person.id, eventId, link: link(k.person.id), ...place(k.record) };
    }),
    ...p.newcomers.map((n, i): AppliedRecord => ({ row: n.row, outcome: 'new', personId: personIds[i]!, eventId: eventOf(n.row), link: { kind: 'none' }, ...place(n.record) })),
  ];
  await writeApplied(trx, batch, applied);
  return reserved;
}

export async function applyPoliceInBulk(trx: Trx, deps: AppDeps, batch: BulkBatch, thresholds: LinkThresholds, rows: readonly PendingRow[]): Promise<BulkResult> {
  const applied = new Set<number>();
  const eventIds: number[] = [];
  const idCache = new Map<number, string | null>();
  for (let from = 0; from < rows.length; from += CHUNK) {
    const p = await plan(trx, deps, batch, thresholds, rows.slice(from, from + CHUNK), idCache);
    if (p.known.length + p.newcomers.length === 0) continue;
    eventIds.push(...(await write(trx, batch, p)));
    for (const k of p.known) applied.add(k.row.row_number);
    for (const n of p.newcomers) applied.add(n.row.row_number);
  }
  return { applied, eventIds };
}
