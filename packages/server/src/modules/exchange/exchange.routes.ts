import { DomainError, exchangeContracts, type FeedKind } from '@renkou/core';
import { writeAuditInTrx } from '../../platform/audit';
import { actorOf, auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { contentDisposition } from '../../platform/export';
import type { Router } from '../../platform/routes';
import { regionForCaller } from '../statistics/statistics.service';
import { discrepancies, errorRate } from './discrepancy.service';
import { batchSummary, importFile, importTable, type ImportWho } from './import.service';
import { createPartner, disablePartner, listPartners } from './partners.service';
import { rejectedRows, rejectedToXlsx } from './rejected';
import { decideWorklist, listWorklist } from './worklist.service';

const t = (zh: string, en: string) => ({ zh, en });

function who(ctx: RequestContext, transport: ImportWho['transport']): ImportWho {
  return { transport, regionCode: requireScope(ctx).regionCode, userId: ctx.user?.id ?? null, partnerId: ctx.partner?.id ?? null, actor: actorOf(ctx), ip: ctx.ip, requestId: ctx.requestId };
}

async function batchInScope(deps: AppDeps, ctx: RequestContext, id: number) {
  const scope = requireScope(ctx);
  const b = await deps.db.selectFrom('import_batch').select(['id', 'kind']).where('id', '=', id).where('region_code', 'like', `${scope.regionCode}%`).executeTakeFirst();
  if (!b) throw Errors.notFound('params.id', id);
  return b;
}

export function registerExchangeRoutes(router: Router, deps: AppDeps): void {
  router.add(exchangeContracts.upload, async (ctx, { query }, { request }) => {
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw new DomainError('EMPTY_FILE', t('文件为空', 'the file is empty'), [{ path: 'body', value: 0, reason: t('请上传 CSV 或 XLSX 文件', 'upload a CSV or XLSX file') }], 400);
    return importFile(deps, who(ctx, 'upload'), query.kind, body, query.fileName);
  });
  router.add(exchangeContracts.batches, async (ctx, { query }) => {
    const scope = requireScope(ctx);
    let q = deps.db.selectFrom('import_batch').where('region_code', 'like', `${scope.regionCode}%`);
    if (query.kind) q = q.where('kind', '=', query.kind);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const ids = await q.select('id').orderBy('id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute();
    const items = await Promise.all(ids.map((r) => batchSummary(deps.db, r.id)));
    return { items, total: Number(total.n), page: query.page, pageSize: query.pageSize };
  });
  router.add(exchangeContracts.batch, async (ctx, { params }) => {
    await batchInScope(deps, ctx, params.id);
    return batchSummary(deps.db, params.id);
  });
  router.add(exchangeContracts.rejected, async (ctx, { params, query }, { reply }) => {
    const b = await batchInScope(deps, ctx, params.id);
    const items = await rejectedRows(deps.db, params.id);
    if (query.format === 'json') return { items };
    await deps.db.transaction().execute((trx) => writeAuditInTrx(trx, { ...auditBase(ctx), action: 'exchange.rejected.export', objectType: 'import_batch', objectId: params.id, outcome: 'success', details: { rows: items.length } }));
    const file = await rejectedToXlsx(b.kind as FeedKind, params.id, items);
    return reply.header('content-disposition', contentDisposition(`被拒行-第${params.id}批.xlsx`)).type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(file) as never;
  });
  router.add(exchangeContracts.worklist, (ctx, { query }) => listWorklist(deps, ctx, query));
  router.add(exchangeContracts.decide, (ctx, { params, body }) => decideWorklist(deps, ctx, params.batchId, params.row, body));
  router.add(exchangeContracts.discrepancies, async (ctx, { query }) => discrepancies(deps.db, await regionForCaller(deps, ctx, query.region), query.period));
  router.add(exchangeContracts.errorRate, async (ctx, { query }) => errorRate(deps.db, await regionForCaller(deps, ctx, query.region), query.period));
  router.add(exchangeContracts.partners, () => listPartners(deps));
  router.add(exchangeContracts.createPartner, (ctx, { body }) => createPartner(deps, ctx, body));
  router.add(exchangeContracts.disablePartner, (ctx, { params }) => disablePartner(deps, ctx, params.id));
  router.add(exchangeContracts.feedBatch, async (ctx, { params, body }) => {
    const partner = ctx.partner!;
    if (partner.kind !== params.kind) {
      throw new DomainError('WRONG_FEED', t('此密钥不能报送该类数据', 'this key may not send this kind of feed'), [{ path: 'params.kind', value: params.kind, reason: t(`密钥只用于 ${partner.kind}`, `the key is for ${partner.kind}`) }], 403);
    }
    // The same idempotency key returns the first batch's result and changes nothing.
    const earlier = await deps.db.selectFrom('import_batch').select(['id', 'status']).where('partner_id', '=', partner.id).where('idempotency_key', '=', body.idempotencyKey).executeTakeFirst();
    if (earlier) return { ...(await batchSummary(deps.db, earlier.id)), resumed: true };
    const header = [...new Set(body.records.flatMap((r) => Object.keys(r)))];
    const rows = body.records.map((r) => header.map((h) => (r[h] === null || r[h] === undefined ? '' : String(r[h]))));
    return importTable(deps, who(ctx, 'api'), params.kind, header, rows, { fileName: null, fileSha256: null, encoding: 'json', idempotencyKey: body.idempotencyKey });
  });
}
