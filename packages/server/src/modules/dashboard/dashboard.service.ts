import type { Dashboard } from '@renkou/core';
import { sql } from 'kysely';
import { auditReadInTrx } from '../../platform/audit';
import { auditBase, requireScope, type AppDeps, type RequestContext } from '../../platform/context';
import { Errors } from '../../platform/errors';
import { regionInScope } from '../../platform/scope';

const GROUPS = Array.from({ length: 21 }, (_, i) => (i === 20 ? '100+' : `${i * 5}-${i * 5 + 4}`));

/**
 * The home page of a region on the residence basis (常住): people living there now, this year's events
 * registered there, and the latest events. Computed from the registry until the statistics module's
 * maintained aggregates take over.
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
  return deps.db.transaction().execute(async (trx) => {
    const pyramid = await sql<{ g: number; sex: 'male' | 'female'; n: number }>`
      SELECT least(20, extract(year FROM age(${today}::date, birth_date))::int / 5) AS g, sex, count(*)::int AS n
        FROM person WHERE residence_region LIKE ${prefix} AND status = 'alive'
       GROUP BY 1, 2`.execute(trx);
    const totals = await sql<{ households: number; floating: number }>`
      SELECT (SELECT count(*)::int FROM household WHERE region_code LIKE ${prefix}) AS households,
             (SELECT count(*)::int FROM person WHERE residence_region LIKE ${prefix} AND status = 'alive' AND hukou_region NOT LIKE ${prefix}) AS floating`.execute(trx);
    const events = await sql<{ kind: string; sex: string | null; n: number }>`
      SELECT kind, payload->>'sex' AS sex, count(*)::int AS n FROM vital_event
       WHERE region_code LIKE ${prefix} AND occurred_on >= ${`${year}-01-01`}::date AND occurred_on <= ${today}::date
         AND kind IN ('birth', 'death', 'marriage')
       GROUP BY 1, 2`.execute(trx);
    const latest = await trx
      .selectFrom('vital_event as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select(['e.id', 'e.kind', 'e.occurred_on', 'e.region_code', 'e.person_id', 'p.name'])
      .where('e.region_code', 'like', prefix)
      .orderBy('e.id', 'desc')
      .limit(10)
      .execute();
    await auditReadInTrx(trx, { ...auditBase(ctx), action: 'dashboard.read', objectType: 'region', objectId: code, outcome: 'success' });
    const rows = GROUPS.map((ageGroup) => ({ ageGroup, male: 0, female: 0 }));
    for (const r of pyramid.rows) rows[r.g]![r.sex] += r.n;
    const count = (kind: string, sex?: string) => events.rows.filter((r) => r.kind === kind && (sex === undefined || r.sex === sex)).reduce((a, r) => a + r.n, 0);
    const male = rows.reduce((a, r) => a + r.male, 0);
    const female = rows.reduce((a, r) => a + r.female, 0);
    const birthsMale = count('birth', 'male');
    const birthsFemale = count('birth', 'female');
    return {
      region,
      asOf: today,
      totals: { population: male + female, male, female, households: totals.rows[0]!.households, floatingIn: totals.rows[0]!.floating },
      pyramid: rows,
      thisYear: { year, births: count('birth'), deaths: count('death'), marriages: count('marriage'), birthsMale, birthsFemale, srb: birthsFemale ? Math.round((birthsMale / birthsFemale) * 1000) / 10 : null },
      latestEvents: latest.map((e) => ({ id: e.id, kind: e.kind as Dashboard['latestEvents'][number]['kind'], occurredOn: e.occurred_on, regionCode: e.region_code, personId: e.person_id, personName: e.name })),
    };
  });
}
