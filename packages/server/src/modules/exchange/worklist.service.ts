/**
 * The worklist: records the linkage could not settle. A clerk sees the record beside its candidates and
 * accepts a match, creates a new person, or rejects it, with a comment; the decision is applied in one
 * transaction with its audit record, and the record joins the ledger so it is never asked again.
 */
import { DomainError, type FeedKind } from '@renkou/core';
import { sql } from 'kysely';
import { writeAuditInTrx } from '../../platform/audit';
import { auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { retryOnConflict } from '../../platform/retry';
import { applyRecord } from './apply';
import { linkThresholds } from './import.service';
import type { SealedId } from './staging';

const t = (zh: string, en: string) => ({ zh, en });

type Link = { kind?: string; personId?: number; candidates?: { personId: number; score: number }[]; [k: string]: unknown };

/** Candidate person ids with scores, wherever the link puts them (one subject, or husband/wife/mother). */
function candidatesOf(link: Link | null): { personId: number; score: number }[] {
  if (!link) return [];
  const out: { personId: number; score: number }[] = [];
  const visit = (l: unknown) => {
    if (!l || typeof l !== 'object') return;
    const x = l as Link;
    if (Array.isArray(x.candidates)) out.push(...x.candidates);
    else if (typeof x.personId === 'number') out.push({ personId: x.personId, score: x.kind === 'match' ? 1 : 0 });
    for (const k of ['mother', 'husband', 'wife']) if (k in x) visit(x[k]);
  };
  visit(link);
  return out;
}

export async function listWorklist(deps: AppDeps, ctx: RequestContext, q: { kind?: FeedKind | undefined; page: number; pageSize: number }) {
  const scope = requireScope(ctx);
  let query = deps.db
    .selectFrom('import_record as r')
    .innerJoin('import_batch as b', 'b.id', 'r.batch_id')
    .where('r.status', '=', 'worklist')
    .where('b.region_code', 'like', `${scope.regionCode}%`);
  if (q.kind) query = query.where('b.kind', '=', q.kind);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .select(['r.batch_id', 'r.row_number', 'r.record_key', 'r.outcome', 'r.data', 'r.link', 'b.kind', 'b.created_at'])
    .orderBy('r.batch_id')
    .orderBy('r.row_number')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const ids = [...new Set(rows.flatMap((r) => candidatesOf(r.link as Link).map((c) => c.personId)))];
  const persons = ids.length
    ? await deps.db.selectFrom('person').select(['id', 'name', 'sex', 'birth_date', 'id_number_masked', 'residence_region', 'hukou_region', 'status']).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(persons.map((p) => [p.id, p]));
  const items = rows.map((r) => {
    const { contentHash: _hash, ...record } = r.data as Record<string, unknown>;
    return {
      batchId: r.batch_id,
      row: r.row_number,
      kind: r.kind as FeedKind,
      recordKey: r.record_key ?? '',
      reason: r.outcome ?? 'review',
      record,
      candidates: candidatesOf(r.link as Link)
        .filter((c) => byId.has(c.personId))
        .map((c) => {
          const p = byId.get(c.personId)!;
          return { personId: p.id, score: c.score, name: p.name, sex: p.sex, birthDate: p.birth_date, idNumberMasked: p.id_number_masked, residenceRegion: p.residence_region, hukouRegion: p.hukou_region, status: p.status };
        }),
      receivedAt: new Date(r.created_at).toISOString(),
    };
  });
  // Candidates are persons: listing them is a read of personal data.
  await deps.db.transaction().execute((trx) => writeAuditInTrx(trx, { ...auditBase(ctx), action: 'exchange.worklist.read', objectType: 'worklist', objectId: scope.regionCode, outcome: 'success', details: { rows: items.length } }));
  return { items, total: Number(total.n), page: q.page, pageSize: q.pageSize };
}

export async function decideWorklist(deps: AppDeps, ctx: RequestContext, batchId: number, row: number, body: { decision: 'accept_match' | 'create_new' | 'reject'; personId?: number | undefined; comment: string }) {
  const scope = requireScope(ctx);
  return retryOnConflict(() => deps.db.transaction().execute(async (trx) => {
    const rec = await trx
      .selectFrom('import_record as r')
      .innerJoin('import_batch as b', 'b.id', 'r.batch_id')
      .select(['r.status', 'r.data', 'r.ids', 'r.record_key', 'r.link', 'r.region_code', 'b.kind'])
      .where('r.batch_id', '=', batchId)
      .where('r.row_number', '=', row)
      .where('b.region_code', 'like', `${scope.regionCode}%`)
      .forUpdate()
      .executeTakeFirst();
    if (!rec) throw Errors.notFound('params.row', row);
    if (rec.status !== 'worklist') throw new DomainError('ALREADY_DECIDED', t('该记录已处理', 'this record has already been decided'), [{ path: 'params.row', value: row, reason: t(`状态：${rec.status}`, `status: ${rec.status}`) }], 409);
    const kind = rec.kind as FeedKind;
    const data = rec.data as Record<string, unknown> & { contentHash: string };
    if (body.decision === 'accept_match' && body.personId === undefined) {
      throw new DomainError('PERSON_REQUIRED', t('请选择匹配的人员', 'choose the matching person'), [{ path: 'body.personId', value: null, reason: t('必填', 'required') }], 400);
    }
    if (body.decision === 'create_new' && !(kind === 'police_hukou' && data.change === 'move_in')) {
      throw new DomainError('CANNOT_CREATE', t('只有迁入记录可以新建人员', 'only a move-in can create a new person'), [{ path: 'body.decision', value: body.decision, reason: t('此类记录须匹配已登记人员', 'this record must match a registered person') }], 422);
    }
    await trx.insertInto('worklist_decision').values({ batch_id: batchId, row_number: row, decision: body.decision, person_id: body.personId ?? null, comment: body.comment, decided_by: ctx.user!.id }).execute();
    let result: { status: 'applied' | 'rejected'; personId: number | null; eventId: number | null; outcome: string };
    if (body.decision === 'reject') {
      result = { status: 'rejected', personId: null, eventId: null, outcome: 'rejected_by_clerk' };
    } else {
      if (body.personId !== undefined) {
        const p = await trx.selectFrom('person').select('id').where('id', '=', body.personId).where((eb) => eb.or([eb('residence_region', 'like', `${scope.regionCode}%`), eb('hukou_region', 'like', `${scope.regionCode}%`)])).executeTakeFirst();
        if (!p) throw Errors.notFound('body.personId', body.personId);
      }
      const applied = await applyRecord(
        {
          trx, deps, scope, thresholds: await linkThresholds(trx), source: kind, recordedBy: ctx.user!.id, feed: { batchId, row, key: rec.record_key! },
          forced: body.decision === 'create_new' ? { create: true } : { personId: body.personId! },
        },
        kind,
        data,
        rec.ids as Record<string, SealedId>,
      );
      if (applied.status !== 'applied') throw new DomainError('STILL_UNRESOLVED', t('所选人员仍无法确认（如配偶或母亲未匹配）', 'the record is still unresolved (e.g. the spouse or mother is not matched)'), [{ path: 'body.personId', value: body.personId ?? null, reason: t(applied.outcome, applied.outcome) }], 422);
      result = { status: 'applied', personId: applied.personId, eventId: applied.eventId, outcome: applied.outcome };
    }
    await trx
      .updateTable('import_record')
      .set({ status: 'decided', outcome: result.outcome, person_id: result.personId, event_id: result.eventId })
      .where('batch_id', '=', batchId)
      .where('row_number', '=', row)
      .execute();
    await trx
      .insertInto('exchange_record')
      .values({ kind, record_key: rec.record_key!, content_hash: Buffer.from(data.contentHash, 'hex'), batch_id: batchId, row_number: row, outcome: result.outcome === 'rejected_by_clerk' ? 'rejected_by_clerk' : (result.outcome as 'new' | 'confirmed'), person_id: result.personId, event_id: result.eventId, region_code: rec.region_code, occurred_on: (data.birthDate ?? data.deathDate ?? data.occurredOn) as string })
      .onConflict((oc) => oc.columns(['kind', 'record_key']).doNothing())
      .execute();
    await sql`UPDATE import_batch SET worklist = worklist - 1, applied = applied + ${result.status === 'applied' ? 1 : 0}, rejected = rejected + ${result.status === 'rejected' ? 1 : 0} WHERE id = ${batchId}`.execute(trx);
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: `exchange.worklist.${body.decision}`, objectType: 'import_record', objectId: `${batchId}:${row}`, outcome: 'success', details: { personId: result.personId, eventId: result.eventId, comment: body.comment } });
    return result;
  }));
}

