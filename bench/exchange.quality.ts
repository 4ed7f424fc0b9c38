/**
 * Linkage quality of an import against the known truth, from what the import stored: each record's status,
 * outcome and link in import_record, and the vital events it created.
 *
 * An automatic link is an applied record whose subject was matched: for a birth certificate the mother
 * (link.mother.kind = match), for a police record the person (link.kind = match). A police move-in applied
 * with link.kind = none registered someone new. Worklist and rejected records are not linked.
 *   precision = correct automatic links ÷ automatic links
 *   recall    = correct automatic links ÷ records whose truth is a registry person (those rejected while
 *               validating included)
 */
import type pg from 'pg';
import type { BenchKind, Truth, TypoKind } from './exchange.data';

interface StoredRecord {
  key: string;
  status: string;
  outcome: string | null;
  person_id: number | null;
  event_id: number | null;
  link: Record<string, unknown> | null;
  problems: { reason: { en: string } }[] | null;
  /** Rejected while validating: staged without data (staging.ts). */
  invalid: boolean;
}

type Fate = 'correct' | 'wrong' | 'new' | 'worklist' | 'rejected';

export interface Quality {
  readonly records: number;
  readonly counts: { applied: number; appliedNew: number; appliedConfirmed: number; worklist: number; rejected: number; alreadyApplied: number };
  readonly shouldLink: number;
  readonly autoLinks: number;
  readonly correct: number;
  readonly precision: number;
  readonly recall: number;
  /** Records whose truth is "new": registered as new, linked to someone (wrong), worklist, rejected. */
  readonly fresh: { total: number; registered: number; linked: number; worklist: number; rejected: number };
  readonly byTypo: ReadonlyMap<TypoKind, Record<Fate, number>>;
  /** Records that should link and were not linked to their person: why (rejected while validating or by the registry, worklist outcome, wrong person). */
  readonly missed: ReadonlyMap<string, number>;
  readonly worklistOutcomes: ReadonlyMap<string, number>;
  /** Worklist records whose true person is among the candidates shown to the clerk. */
  readonly worklistWithTruth: number;
  readonly rejections: ReadonlyMap<string, number>;
  readonly eventMismatches: number;
  readonly missingRecords: number;
}

function linkedPerson(kind: BenchKind, r: StoredRecord): number | null {
  if (r.status !== 'applied' || !r.link) return null;
  const l = (kind === 'birth_certificate' ? r.link.mother : r.link) as { kind?: string; personId?: number } | undefined;
  return l?.kind === 'match' && typeof l.personId === 'number' ? l.personId : null;
}

function candidatesOf(kind: BenchKind, r: StoredRecord): number[] {
  const l = (kind === 'birth_certificate' ? r.link?.mother : r.link) as { candidates?: { personId: number }[] } | undefined;
  return (l?.candidates ?? []).map((c) => Number(c.personId));
}

/** Reasons with their numbers and dates replaced by #, so one rule is one line. */
const reasonKey = (en: string) => en.replace(/\d[\d-]*/g, '#');

export async function evaluate(owner: pg.Pool, kind: BenchKind, batchIds: readonly number[], truth: ReadonlyMap<string, Truth>): Promise<Quality> {
  const stored = new Map<string, StoredRecord>();
  for (const batchId of batchIds) {
    for (let from = 0; ; from += 50_000) {
      const { rows } = await owner.query<StoredRecord>(
        `SELECT record_key AS key, status, outcome, person_id::int AS person_id, event_id::int AS event_id, link, problems, data = '{}'::jsonb AS invalid
           FROM import_record WHERE batch_id = $1 AND row_number > $2 AND row_number <= $3`,
        [batchId, from, from + 50_000],
      );
      if (rows.length === 0) break; // row numbers are contiguous: the file has no blank lines
      for (const r of rows) stored.set(r.key, r);
    }
  }
  const eventIds = [...stored.values()].map((r) => r.event_id).filter((id): id is number => id !== null);
  const events = new Map<number, { person_id: number; mother: number | null }>();
  for (let i = 0; i < eventIds.length; i += 20_000) {
    const { rows } = await owner.query<{ id: number; person_id: number; mother: number | null }>(
      "SELECT id::int AS id, person_id::int AS person_id, (payload->>'motherId')::int AS mother FROM vital_event WHERE id = ANY($1::bigint[])",
      [eventIds.slice(i, i + 20_000)],
    );
    for (const e of rows) events.set(e.id, e);
  }

  const counts = { applied: 0, appliedNew: 0, appliedConfirmed: 0, worklist: 0, rejected: 0, alreadyApplied: 0 };
  const fresh = { total: 0, registered: 0, linked: 0, worklist: 0, rejected: 0 };
  const byTypo = new Map<TypoKind, Record<Fate, number>>();
  const worklistOutcomes = new Map<string, number>();
  const rejections = new Map<string, number>();
  const missed = new Map<string, number>();
  let shouldLink = 0;
  let autoLinks = 0;
  let correct = 0;
  let worklistWithTruth = 0;
  let eventMismatches = 0;
  let missingRecords = 0;
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

  for (const t of truth.values()) {
    const r = stored.get(t.key);
    if (!r) {
      missingRecords++;
      continue;
    }
    if (r.status === 'applied') {
      counts.applied++;
      if (r.outcome === 'confirmed') counts.appliedConfirmed++;
      else counts.appliedNew++;
    } else if (r.status === 'worklist') counts.worklist++;
    else if (r.status === 'rejected') counts.rejected++;
    else if (r.status === 'already_applied') counts.alreadyApplied++;

    const linked = linkedPerson(kind, r);
    if (linked !== null) autoLinks++;
    if (typeof t.truth === 'number') shouldLink++;
    let fate: Fate;
    if (linked !== null) fate = linked === t.truth ? 'correct' : 'wrong';
    else if (r.status === 'applied') fate = 'new';
    else if (r.status === 'worklist') fate = 'worklist';
    else fate = 'rejected';
    if (fate === 'correct') correct++;
    else if (typeof t.truth === 'number') {
      const stage = r.status === 'rejected' ? (r.invalid ? 'rejected while validating' : 'rejected by the registry') : r.status === 'worklist' ? `worklist ${r.outcome ?? '?'}` : fate;
      bump(missed, stage);
    }
    if (t.truth === 'new') {
      fresh.total++;
      if (fate === 'new') fresh.registered++;
      else if (fate === 'wrong') fresh.linked++;
      else if (fate === 'worklist') fresh.worklist++;
      else fresh.rejected++;
    }
    const row = byTypo.get(t.typo) ?? { correct: 0, wrong: 0, new: 0, worklist: 0, rejected: 0 };
    row[fate]++;
    byTypo.set(t.typo, row);

    if (r.status === 'worklist') {
      bump(worklistOutcomes, r.outcome ?? '?');
      if (typeof t.truth === 'number' && candidatesOf(kind, r).includes(t.truth)) worklistWithTruth++;
    }
    if (r.status === 'rejected') for (const p of r.problems ?? []) bump(rejections, reasonKey(p.reason.en));
    if (r.event_id !== null) {
      const e = events.get(r.event_id);
      const expected = kind === 'birth_certificate' ? linked : (linked ?? r.person_id);
      const actual = kind === 'birth_certificate' ? (e?.mother ?? null) : (e?.person_id ?? null);
      if (!e || actual !== expected) eventMismatches++;
    }
  }
  return {
    records: truth.size,
    counts,
    shouldLink,
    autoLinks,
    correct,
    precision: autoLinks === 0 ? Number.NaN : correct / autoLinks,
    recall: shouldLink === 0 ? Number.NaN : correct / shouldLink,
    fresh,
    byTypo,
    missed,
    worklistOutcomes,
    worklistWithTruth,
    rejections,
    eventMismatches,
    missingRecords,
  };
}
