import { randomBytes } from 'node:crypto';
import type { FeedKind } from '@renkou/core';
import { writeAuditInTrx } from '../../platform/audit';
import { auditBase, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { hashApiKey } from '../../platform/routes';
import { assertRegionExists } from '../registry/registry.service';

type PartnerRow = { id: number; name: string; kind: string; region_code: string; key_prefix: string; created_at: Date | string; disabled_at: Date | null };

function view(p: PartnerRow) {
  return { id: p.id, name: p.name, kind: p.kind as FeedKind, regionCode: p.region_code, keyPrefix: p.key_prefix, createdAt: new Date(p.created_at).toISOString(), disabled: p.disabled_at !== null };
}

export async function listPartners(deps: AppDeps) {
  const rows = await deps.db.selectFrom('exchange_partner').select(['id', 'name', 'kind', 'region_code', 'key_prefix', 'created_at', 'disabled_at']).orderBy('id').execute();
  return { items: rows.map(view) };
}

/** Issues a key of 32 random bytes; it is returned once and only its SHA-256 is kept. */
export async function createPartner(deps: AppDeps, ctx: RequestContext, body: { name: string; kind: FeedKind; regionCode: string }) {
  const apiKey = `rk_${randomBytes(32).toString('base64url')}`;
  return deps.db.transaction().execute(async (trx) => {
    await assertRegionExists(trx, body.regionCode, 'body.regionCode');
    const row = await trx
      .insertInto('exchange_partner')
      .values({ name: body.name, kind: body.kind, region_code: body.regionCode, key_hash: hashApiKey(apiKey), key_prefix: apiKey.slice(0, 8), created_by: ctx.user?.id ?? null })
      .returning(['id', 'name', 'kind', 'region_code', 'key_prefix', 'created_at', 'disabled_at'])
      .executeTakeFirstOrThrow();
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'partner.create', objectType: 'exchange_partner', objectId: row.id, outcome: 'success', details: { kind: body.kind, regionCode: body.regionCode } });
    return { ...view(row), apiKey };
  });
}

export async function disablePartner(deps: AppDeps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('exchange_partner')
      .set({ disabled_at: new Date() })
      .where('id', '=', id)
      .returning(['id', 'name', 'kind', 'region_code', 'key_prefix', 'created_at', 'disabled_at'])
      .executeTakeFirst();
    if (!row) throw Errors.notFound('params.id', id);
    await writeAuditInTrx(trx, { ...auditBase(ctx), action: 'partner.disable', objectType: 'exchange_partner', objectId: id, outcome: 'success' });
    return view(row);
  });
}
