import { parsePeriod, pyramidOf, type Dashboard } from '@renkou/core';
import { sql } from 'kysely';
import { auditReadInTrx } from '../../platform/audit';
import { auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { regionInScope } from '../../platform/scope';
import { loadSeries } from '../statistics/cells.repository';

/**
 * The home page of a region on the residence basis (常住): people living there now (from the maintained
 * statistics, ages as year − birth year), this year's events and the latest ones registered there.
 */
export async function dashboard(deps: AppDeps, ctx: RequestContext, regionCode: string | undefined): Promise<Dashboard> {
  const scope = requireScope(ctx);
  const code = regionCode ?? scope.regionCode;
  if (!regionInScope(scope, code)) throw Errors.notFound('query.region', code);
  const region = await deps.db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst();
  if (!region) throw Errors.notFound('query.region', code);
  const today = deps.today();
  const year = Number(today.slice(0, 4));
  const prefix = `${code}%`;
  const series = (await loadSeries(deps.db, { code, level: region.level, children: false }, 'residence', `${year}-01-01`, today)).get(code)!;
  const stock = series.stockOn('residence', today);
  const flows = series.flowsIn(parsePeriod(String(year)));
  return deps.db.transaction().execute(async (trx) => {
    const households = await sql<{ n: number }>`SELECT count(*)::int AS n FROM household WHERE region_code LIKE ${prefix}`.execute(trx);
    const latest = await trx
      .selectFrom('vital_event as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select(['e.id', 'e.kind', 'e.occurred_on', 'e.region_code', 'e.person_id', 'p.name'])
      .where('e.region_code', 'like', prefix)
      .orderBy('e.id', 'desc')
      .limit(10)
      .execute();
    // The latest events name persons: a read of personal data.
    await auditReadInTrx(trx, { ...auditBase(ctx), action: 'dashboard.read', objectType: 'region', objectId: code, outcome: 'success' });
    const rows = pyramidOf(stock, today);
    const count = (kind: string, sex?: string) => flows.filter((f) => f.kind === kind && (sex === undefined || f.sex === sex)).reduce((a, f) => a + f.count, 0);
    const male = rows.reduce((a, r) => a + r.male, 0);
    const female = rows.reduce((a, r) => a + r.female, 0);
    const birthsMale = count('birth', 'male');
    const birthsFemale = count('birth', 'female');
    return {
      region,
      asOf: today,
      totals: { population: male + female, male, female, households: households.rows[0]!.n, floatingIn: stock.filter((c) => c.floating).reduce((a, c) => a + c.count, 0) },
      pyramid: rows,
      thisYear: { year, births: count('birth'), deaths: count('death'), marriages: count('marriage'), birthsMale, birthsFemale, srb: birthsFemale ? Math.round((birthsMale / birthsFemale) * 1000) / 10 : null },
      latestEvents: latest.map((e) => ({ id: e.id, kind: e.kind as Dashboard['latestEvents'][number]['kind'], occurredOn: e.occurred_on, regionCode: e.region_code, personId: e.person_id, personName: e.name })),
    };
  });
}
