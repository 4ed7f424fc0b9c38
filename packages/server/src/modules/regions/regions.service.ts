import { ancestorCodes, DomainError, type Region } from '@renkou/core';
import type { AppDeps, RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { childrenOf, countPerLevel, findRegion, regionsByCodes, searchRegions } from './region.repository';

type Row = NonNullable<Awaited<ReturnType<typeof findRegion>>>;

export function presentRegion(r: Row): Region {
  return { code: r.code, name: r.name, pinyin: r.pinyin, level: r.level, parentCode: r.parent_code, validFrom: r.valid_from, validTo: r.valid_to, hasChildren: r.has_children };
}

export async function getRegion(deps: AppDeps, code: string): Promise<Region> {
  const r = await findRegion(deps.db, code);
  if (!r) throw Errors.notFound('params.code', code);
  return presentRegion(r);
}

export async function getChildren(deps: AppDeps, code: string, page: number, pageSize: number) {
  await getRegion(deps, code);
  const { rows, total } = await childrenOf(deps.db, code, page, pageSize);
  return { items: rows.map(presentRegion), total, page, pageSize };
}

export async function getAncestors(deps: AppDeps, code: string) {
  await getRegion(deps, code);
  return { items: (await regionsByCodes(deps.db, ancestorCodes(code))).map(presentRegion) };
}

export async function search(deps: AppDeps, ctx: RequestContext, query: { q: string; within?: string | undefined; level?: number | undefined; limit: number }) {
  const within = query.within ?? ctx.user!.regionCode;
  if (!(await findRegion(deps.db, within))) {
    throw new DomainError('REGION_UNKNOWN', { zh: '区划代码不存在', en: 'no such region' }, [{ path: 'query.within', value: within, reason: { zh: '未知区划', en: 'unknown region' } }], 404);
  }
  const rows = await searchRegions(deps.db, within, query.q, query.level, query.limit);
  const ancestorSet = [...new Set(rows.flatMap((r) => ancestorCodes(r.code)))];
  const names = new Map((await regionsByCodes(deps.db, ancestorSet)).map((a) => [a.code, a.name]));
  return {
    items: rows.map((r) => ({ ...presentRegion(r), path: [...ancestorCodes(r.code).map((c) => names.get(c) ?? c), r.name].join(' / ') })),
  };
}

export async function stats(deps: AppDeps) {
  return { levels: await countPerLevel(deps.db) };
}
