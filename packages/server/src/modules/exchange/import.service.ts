/**
 * One import: decode the file, validate every row, stage (COPY, one transaction), then apply (one
 * transaction for the whole batch). A crash before the apply commits leaves the batch staged and the
 * registry untouched; importing the same file again resumes that batch. A record already applied — from
 * this file or another — is counted "already applied" and changes nothing.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_THRESHOLDS, DomainError, validateRows, type FeedKind, type FileProblem, type LinkThresholds, type RowProblem } from '@renkou/core';
import type { Db, Trx } from '@renkou/db';
import { sql } from 'kysely';
import { writeAuditInTrx, type AuditEntry } from '../../platform/audit';
import type { AppDeps } from '../../platform/context';
import { applyRecord, type Applied } from './apply';
import type { BulkBatch, BulkResult, PendingRow } from './bulk';
import { applyBirthsInBulk } from './bulk-births';
import { applyPoliceInBulk } from './bulk-police';
import { decodeTable } from './files';
import { stageBatch, type BatchMeta, type SealedId } from './staging';

const t = (zh: string, en: string) => ({ zh, en });

export interface ImportWho {
  readonly transport: 'upload' | 'cli' | 'api';
  readonly regionCode: string;
  readonly userId: number | null;
  readonly partnerId: number | null;
  readonly actor: AuditEntry['actor'];
  readonly ip: string | null;
  readonly requestId: string | null;
}

export interface BatchSummary {
  readonly batchId: number;
  readonly kind: FeedKind;
  readonly status: 'staged' | 'applied';
  readonly fileName: string | null;
  readonly encoding: string | null;
  readonly received: number;
  readonly valid: number;
  readonly applied: number;
  readonly alreadyApplied: number;
  readonly rejected: number;
  readonly worklist: number;
  readonly createdAt: string;
  readonly resumed: boolean;
}

export function fileProblemError(p: FileProblem): DomainError {
  return new DomainError(p.code, p.message, p.details.map((d) => ({ path: d.path, value: d.value, reason: d.reason })), 400);
}

/** `setBased: false` applies every record one by one: the reference the set-based path is tested against. */
export interface ApplyOptions {
  readonly setBased?: boolean;
}

export const THRESHOLDS_SETTING = 'exchange.thresholds';

export async function linkThresholds(db: Db | Trx): Promise<LinkThresholds> {
  const row = await db.selectFrom('system_setting').select('value').where('key', '=', THRESHOLDS_SETTING).executeTakeFirst();
  const v = row?.value as Partial<LinkThresholds> | undefined;
  return { accept: v?.accept ?? DEFAULT_THRESHOLDS.accept, review: v?.review ?? DEFAULT_THRESHOLDS.review };
}

/** Imports a file end to end; a whole-file problem is a DomainError and nothing is stored. */
export async function importFile(deps: AppDeps, who: ImportWho, kind: FeedKind, bytes: Buffer, fileName: string, options: ApplyOptions = {}): Promise<BatchSummary> {
  const sha = createHash('sha256').update(bytes).digest();
  const staged = await deps.db.selectFrom('import_batch').select('id').where('kind', '=', kind).where('file_sha256', '=', sha).where('region_code', '=', who.regionCode).where('status', '=', 'staged').orderBy('id').executeTakeFirst();
  if (staged) return { ...(await applyBatch(deps, staged.id, who, options)), resumed: true };
  const table = await decodeTable(bytes, fileName);
  if ('code' in table) throw fileProblemError(table);
  return importTable(deps, who, kind, table.header, table.rows, { fileName, fileSha256: sha, encoding: table.encoding, idempotencyKey: null }, table.rowNumbers, options);
}

/** Imports rows already split into a header and cells (files, or an API batch of JSON records). */
export async function importTable(
  deps: AppDeps,
  who: ImportWho,
  kind: FeedKind,
  header: string[],
  rows: string[][],
  file: Pick<BatchMeta, 'fileName' | 'fileSha256' | 'encoding' | 'idempotencyKey'>,
  rowNumbers?: readonly number[],
  options: ApplyOptions = {},
): Promise<BatchSummary> {
  // Row numbers as the spreadsheet shows them (blank lines skipped but counted).
  const checked = validateRows(kind, header, rows, deps.today(), rowNumbers ? { rowNumbers } : undefined);
  if (checked.fileProblem) throw fileProblemError(checked.fileProblem);
  const batchId = await stageBatch(deps.db, deps.keys, { kind, transport: who.transport, regionCode: who.regionCode, partnerId: who.partnerId, createdBy: who.userId, ...file }, checked.rows);
  return { ...(await applyBatch(deps, batchId, who, options)), resumed: false };
}

function problemsOf(error: DomainError, row: number): RowProblem[] {
  const details = error.details.length > 0 ? error.details : [{ path: '', value: null, reason: error.text }];
  return details.map((d) => ({ row, field: d.path.replace(/^body\./, ''), value: d.value === null || d.value === undefined ? null : String(d.value), reason: { zh: `${error.text.zh}：${d.reason.zh}`, en: `${error.text.en}: ${d.reason.en}` } }));
}

/**
 * What the ledger and the worklist already hold for a batch's keys: two queries for the whole batch, each
 * with the keys as one array parameter (a file of 400,000 rows would exceed the protocol's 65,535
 * parameters as a list).
 */
export async function ledgerOf(trx: Trx, kind: FeedKind, batchId: number, keys: readonly string[]) {
  const known = new Map(
    (await trx.selectFrom('exchange_record').select(['record_key', 'content_hash', 'batch_id']).where('kind', '=', kind).where(sql<boolean>`record_key = ANY(${[...keys]}::text[])`).execute()).map((k) => [k.record_key, k]),
  );
  const pending = new Map(
    (
      await trx
        .selectFrom('import_record as r')
        .innerJoin('import_batch as b', 'b.id', 'r.batch_id')
        .select(['r.record_key', 'r.batch_id'])
        .where('b.kind', '=', kind)
        .where('r.status', '=', 'worklist')
        .where('r.batch_id', '<>', batchId)
        .where(sql<boolean>`r.record_key = ANY(${[...keys]}::text[])`)
        .execute()
    ).map((p) => [p.record_key!, p.batch_id]),
  );
  return { known, pending };
}

/** Applies a staged batch in one transaction; applying an applied batch just reports it. */
export async function applyBatch(deps: AppDeps, batchId: number, who: Pick<ImportWho, 'actor' | 'ip' | 'requestId' | 'userId'>, options: ApplyOptions = {}): Promise<Omit<BatchSummary, 'resumed'>> {
  await deps.db.transaction().execute(async (trx) => {
    const batch = await trx.selectFrom('import_batch').selectAll().where('id', '=', batchId).forUpdate().executeTakeFirstOrThrow();
    if (batch.status === 'applied') return;
    const kind = batch.kind as FeedKind;
    const thresholds = await linkThresholds(trx);
    const rows = await trx.selectFrom('import_record').select(['row_number', 'record_key', 'data', 'ids']).where('batch_id', '=', batchId).where('status', '=', 'valid').orderBy('row_number').execute();
    const { known, pending } = await ledgerOf(trx, kind, batchId, rows.map((r) => r.record_key!));
    // The statistics of the batch's events are refreshed once, at the end (migration 0007).
    await sql`SELECT set_config('renkou.stats_events', 'deferred', true)`.execute(trx);
    const newEvents: number[] = [];
    const counts = { applied: 0, already: 0, worklist: 0, rejected: 0 };
    const fresh: PendingRow[] = [];
    for (const row of rows) {
      const data = row.data as PendingRow['data'];
      const key = row.record_key!;
      const seen = known.get(key);
      if (seen) {
        if (seen.content_hash.toString('hex') === data.contentHash) {
          counts.already++;
          await setRecord(trx, batchId, row.row_number, { status: 'already_applied', outcome: 'already_applied', link: { batchId: seen.batch_id } });
        } else {
          counts.rejected++;
          await setRecord(trx, batchId, row.row_number, {
            status: 'rejected',
            problems: [{ row: row.row_number, field: keyField(kind), value: key, reason: t(`编号 ${key} 已由第 ${seen.batch_id} 批导入，内容不同；请核实后以新编号或更正件报送`, `number ${key} was applied by batch ${seen.batch_id} with different content; check it and send a correction under a new number`) }],
          });
        }
        continue;
      }
      // Sent again while an earlier copy waits for a clerk: one worklist entry is enough.
      const waiting = pending.get(key);
      if (waiting !== undefined) {
        counts.already++;
        await setRecord(trx, batchId, row.row_number, { status: 'already_applied', outcome: 'pending_in_worklist', link: { batchId: waiting } });
        continue;
      }
      fresh.push({ row_number: row.row_number, record_key: key, data, ids: row.ids as Record<string, SealedId> });
    }
    // The common case in a few statements per thousands of records (ADR 0007); the rest one by one.
    const bulk = options.setBased === false ? { applied: new Set<number>(), eventIds: [] } : await applyInBulk(trx, deps, { id: batchId, kind, scope: { regionCode: batch.region_code }, createdBy: batch.created_by }, thresholds, fresh);
    counts.applied += bulk.applied.size;
    // Not push(...ids): a 400,000-row file's ids as arguments overflow the call stack.
    for (const id of bulk.eventIds) newEvents.push(id);
    for (const row of fresh) {
      if (bulk.applied.has(row.row_number)) continue;
      const { data } = row;
      const key = row.record_key;
      await sql`SAVEPOINT feed_row`.execute(trx);
      let result: Applied;
      try {
        result = await applyRecord(
          { trx, deps, scope: { regionCode: batch.region_code }, thresholds, source: kind, recordedBy: batch.created_by, feed: { batchId, row: row.row_number, key } },
          kind,
          data,
          row.ids,
        );
        await sql`RELEASE SAVEPOINT feed_row`.execute(trx);
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT feed_row`.execute(trx);
        if (!(error instanceof DomainError)) throw error;
        counts.rejected++;
        await setRecord(trx, batchId, row.row_number, { status: 'rejected', problems: problemsOf(error, row.row_number) });
        continue;
      }
      const place = await regionAndDate(trx, kind, data, result);
      if (result.status === 'worklist') {
        counts.worklist++;
        await setRecord(trx, batchId, row.row_number, { status: 'worklist', outcome: result.outcome, link: result.link, ...place });
        continue;
      }
      counts.applied++;
      if (result.eventId !== null) newEvents.push(result.eventId);
      await setRecord(trx, batchId, row.row_number, { status: 'applied', outcome: result.outcome, person_id: result.personId, event_id: result.eventId, link: result.link, ...place });
      await trx.insertInto('exchange_record').values({ kind, record_key: key, content_hash: Buffer.from(data.contentHash, 'hex'), batch_id: batchId, row_number: row.row_number, outcome: result.outcome, person_id: result.personId, event_id: result.eventId, ...place }).execute();
    }
    await sql`SELECT set_config('renkou.stats_events', '', true)`.execute(trx);
    await sql`SELECT stat_person_flush()`.execute(trx);
    await sql`SELECT stat_refresh(${newEvents}::bigint[])`.execute(trx);
    await trx
      .updateTable('import_batch')
      .set({ status: 'applied', applied: counts.applied, already_applied: counts.already, worklist: counts.worklist, rejected: batch.rejected + counts.rejected, applied_at: new Date() })
      .where('id', '=', batchId)
      .execute();
    await writeAuditInTrx(trx, { actor: who.actor, ip: who.ip ?? '', requestId: who.requestId ?? '', action: 'exchange.import', objectType: 'import_batch', objectId: batchId, outcome: 'success', details: { kind, ...counts, setBased: bulk.applied.size, received: batch.received } });
  });
  return batchSummary(deps.db, batchId);
}

/** The set-based path of the kinds that have one (ADR 0007); the others apply record by record. */
function applyInBulk(trx: Trx, deps: AppDeps, batch: BulkBatch, thresholds: LinkThresholds, rows: readonly PendingRow[]): Promise<BulkResult> {
  switch (batch.kind) {
    case 'birth_certificate':
      return applyBirthsInBulk(trx, deps, batch, rows);
    case 'police_hukou':
      return applyPoliceInBulk(trx, deps, batch, thresholds, rows);
    default:
      return Promise.resolve({ applied: new Set<number>(), eventIds: [] });
  }
}

export function keyField(kind: FeedKind): string {
  return kind === 'police_hukou' ? 'recordNumber' : kind === 'death_registration' ? 'registrationNumber' : 'certificateNumber';
}

/** The region and date a record is about, for discrepancy reports and the error rate. */
async function regionAndDate(trx: Trx, kind: FeedKind, data: Record<string, unknown>, applied: Applied): Promise<{ region_code: string | null; occurred_on: string | null }> {
  const personId = applied.personId;
  const date = (kind === 'birth_certificate' ? data.birthDate : kind === 'death_registration' ? data.deathDate : data.occurredOn) as string;
  let region = (kind === 'birth_certificate' ? data.addressRegion : kind === 'death_registration' ? data.residenceRegion : kind === 'police_hukou' ? (data.toRegion ?? data.fromRegion) : null) as string | null;
  if (applied.eventRegion && kind !== 'police_hukou') return { region_code: applied.eventRegion, occurred_on: date };
  if (personId !== null && kind !== 'police_hukou') {
    const p = await trx.selectFrom('person').select('residence_region').where('id', '=', personId).executeTakeFirst();
    if (p) region = p.residence_region;
  }
  return { region_code: region, occurred_on: date };
}

async function setRecord(trx: Trx, batchId: number, row: number, set: { status: 'rejected' | 'applied' | 'already_applied' | 'worklist' | 'decided'; outcome?: string; problems?: unknown; person_id?: number | null; event_id?: number | null; link?: unknown; region_code?: string | null; occurred_on?: string | null }) {
  await trx
    .updateTable('import_record')
    .set({
      status: set.status,
      ...(set.outcome !== undefined ? { outcome: set.outcome } : {}),
      ...(set.problems !== undefined ? { problems: JSON.stringify(set.problems) } : {}),
      ...(set.person_id !== undefined ? { person_id: set.person_id } : {}),
      ...(set.event_id !== undefined ? { event_id: set.event_id } : {}),
      ...(set.link !== undefined ? { link: JSON.stringify(set.link) } : {}),
      ...(set.region_code !== undefined ? { region_code: set.region_code } : {}),
      ...(set.occurred_on !== undefined ? { occurred_on: set.occurred_on } : {}),
    })
    .where('batch_id', '=', batchId)
    .where('row_number', '=', row)
    .execute();
}

export async function batchSummary(db: Db, batchId: number): Promise<Omit<BatchSummary, 'resumed'>> {
  const b = await db.selectFrom('import_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();
  return {
    batchId: b.id,
    kind: b.kind as FeedKind,
    status: b.status,
    fileName: b.file_name,
    encoding: b.encoding,
    received: b.received,
    valid: b.valid,
    applied: b.applied,
    alreadyApplied: b.already_applied,
    rejected: b.rejected,
    worklist: b.worklist,
    createdAt: new Date(b.created_at).toISOString(),
  };
}
