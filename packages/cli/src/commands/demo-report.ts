/**
 * `renkou demo --report`: reads the loaded population back from the database with SQL and compares it with
 * its targets through core's pure report functions. The definitions match core's countsFromPopulation: a
 * person is present on day d when they entered on or before d (the 2020-11-01 baseline; newborns at birth,
 * newcomers at their move-in) and had not died or moved out on or before d.
 */
import type pg from 'pg';
// TODO(@renkou/core index): not yet exported by the package's index.
import { buildReport, PYRAMID_GROUPS, reportWindows, TOLERANCES, type DemoReport, type ReportCounts, type YearCounts } from '../../../core/src/synthetic/index';

/** A refusal with a message for the user (exit 1, no stack trace). */
export class DemoRefused extends Error {}

const YMD = (col: string) => `(extract(year FROM ${col}) * 10000 + extract(month FROM ${col}) * 100 + extract(day FROM ${col}))::int`;

/** Per person: sex, birth, entry and exit days; materialised once per report as the temporary table `life`. */
const LIFE = `
  WITH entry AS (
    SELECT person_id, occurred_on FROM vital_event
     WHERE kind = 'birth' OR (kind = 'move_in' AND payload->>'newToRegistry' = 'true')
  ), leaving AS (
    SELECT person_id, min(occurred_on) AS occurred_on FROM vital_event WHERE kind = 'move_out' GROUP BY person_id
  ), life AS (
    SELECT p.sex, p.birth_date, ${YMD('p.birth_date')} AS born, e.occurred_on AS entry_on, coalesce(p.death_date, l.occurred_on) AS exit_on
      FROM person p LEFT JOIN entry e ON e.person_id = p.id LEFT JOIN leaving l ON l.person_id = p.id
     WHERE p.residence_region LIKE $1 || '%'
  )
  SELECT * FROM life`;

export async function runDemoReport(pool: pg.Pool): Promise<DemoReport> {
  const setting = await pool.query<{ value: { region: string; until: string } }>("SELECT value FROM system_setting WHERE key = 'demo.synthetic'");
  const meta = setting.rows[0]?.value;
  if (!meta) throw new DemoRefused('没有找到演示人口，请先运行 renkou demo / no demo population found; run renkou demo first');
  return buildReport(await gatherCounts(pool, meta.region, meta.until));
}

export async function gatherCounts(db: pg.Pool, region: string, until: string): Promise<ReportCounts> {
  const pool = await db.connect();
  try {
    await pool.query('BEGIN');
    await pool.query(`CREATE TEMPORARY TABLE life ON COMMIT DROP AS ${LIFE}`, [region]);
    const counts = await gatherFrom(pool, region, until);
    await pool.query('COMMIT');
    return counts;
  } catch (error) {
    await pool.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    pool.release();
  }
}

async function gatherFrom(pool: pg.PoolClient, region: string, until: string): Promise<ReportCounts> {
  const windows = reportWindows(until);
  const groups = () => ({ male: new Array<number>(21).fill(0), female: new Array<number>(21).fill(0) });
  const baseline = groups();
  const current = groups();
  const base = await pool.query<{ sex: 'male' | 'female'; g: number; n: number }>(
    'SELECT sex, least(20, (20201101 - born) / 10000 / 5) AS g, count(*)::int AS n FROM life WHERE entry_on IS NULL GROUP BY 1, 2',
  );
  for (const r of base.rows) baseline[r.sex][r.g]! += r.n;
  const cur = await pool.query<{ sex: 'male' | 'female'; g: number; n: number }>(
    `SELECT sex, least(20, ($2::int - ${YMD('birth_date')}) / 10000 / 5) AS g, count(*)::int AS n
       FROM person WHERE status = 'alive' AND residence_region LIKE $1 || '%' GROUP BY 1, 2`,
    [region, Number(until.replaceAll('-', ''))],
  );
  for (const r of cur.rows) current[r.sex][r.g]! += r.n;

  const years: { -readonly [K in keyof YearCounts]: YearCounts[K] extends readonly number[] ? number[] : YearCounts[K] }[] = windows.map((w) => ({
    year: w.year, days: w.days, daysInYear: w.daysInYear, midPopulation: 0, maleBirths: 0, femaleBirths: 0, deaths: 0,
    birthsByMotherAge: new Array<number>(35).fill(0), womenByAge: new Array<number>(35).fill(0),
  }));
  const index = new Map(windows.map((w, k) => [w.year, k]));
  // Present at each window's middle: everyone (one scan, a filter per window) and women 15–49 by age (only the
  // cohorts that can be 15–49 at some middle day are joined with the windows).
  const mids = windows.map((w) => w.mid);
  const present = (k: number) => `count(*) FILTER (WHERE birth_date <= $${k + 1}::date AND (entry_on IS NULL OR entry_on <= $${k + 1}::date) AND (exit_on IS NULL OR exit_on > $${k + 1}::date))::int AS p${k}`;
  const totals = await pool.query<Record<string, number>>(`SELECT ${windows.map((_, k) => present(k)).join(', ')} FROM life`, mids);
  windows.forEach((_, k) => (years[k]!.midPopulation = totals.rows[0]![`p${k}`]!));
  const women = await pool.query<{ year: number; age: number; n: number }>(
    `WITH w AS (SELECT * FROM unnest($1::int[], $2::date[], $3::int[]) AS w(year, mid, mid_ymd))
     SELECT w.year, (w.mid_ymd - l.born) / 10000 AS age, count(*)::int AS n
       FROM life l JOIN w ON l.birth_date <= w.mid AND (l.entry_on IS NULL OR l.entry_on <= w.mid) AND (l.exit_on IS NULL OR l.exit_on > w.mid)
      WHERE l.sex = 'female' AND l.birth_date > $4::date - interval '51 years' AND l.birth_date <= $5::date - interval '15 years'
        AND (w.mid_ymd - l.born) / 10000 BETWEEN 15 AND 49
      GROUP BY 1, 2`,
    [windows.map((w) => w.year), mids, windows.map((w) => Number(w.mid.replaceAll('-', ''))), mids[0], mids[mids.length - 1]],
  );
  for (const r of women.rows) years[index.get(r.year)!]!.womenByAge[r.age - 15]! += r.n;
  const births = await pool.query<{ year: number; sex: string; age: number; n: number }>(
    `SELECT extract(year FROM e.occurred_on)::int AS year, e.payload->>'sex' AS sex, (${YMD('e.occurred_on')} - ${YMD('m.birth_date')}) / 10000 AS age, count(*)::int AS n
       FROM vital_event e JOIN person m ON m.id = (e.payload->>'motherId')::bigint
      WHERE e.kind = 'birth' AND e.region_code LIKE $1 || '%' AND e.occurred_on BETWEEN $2 AND $3 GROUP BY 1, 2, 3`,
    [region, windows[0]!.from, until],
  );
  for (const r of births.rows) {
    const y = years[index.get(r.year)!]!;
    if (r.sex === 'male') y.maleBirths += r.n;
    else y.femaleBirths += r.n;
    if (r.age >= 15 && r.age <= 49) y.birthsByMotherAge[r.age - 15]! += r.n;
  }
  const deaths = await pool.query<{ year: number; n: number }>(
    `SELECT extract(year FROM occurred_on)::int AS year, count(*)::int AS n FROM vital_event
      WHERE kind = 'death' AND region_code LIKE $1 || '%' AND occurred_on BETWEEN $2 AND $3 GROUP BY 1`,
    [region, windows[0]!.from, until],
  );
  for (const r of deaths.rows) years[index.get(r.year)!]!.deaths += r.n;

  const hh = await pool.query<{ kind: string; households: number; members: number }>(
    `SELECT h.kind, count(DISTINCT h.id)::int AS households, count(*)::int AS members
       FROM household h JOIN person p ON p.household_id = h.id
      WHERE p.status = 'alive' AND h.region_code LIKE $1 || '%' GROUP BY h.kind`,
    [region],
  );
  const kind = (k: string) => hh.rows.find((r) => r.kind === k) ?? { households: 0, members: 0 };
  const res = await pool.query<{ residents: number; mismatch: number; outside: number }>(
    `SELECT count(*)::int AS residents, count(*) FILTER (WHERE hukou_region <> residence_region)::int AS mismatch,
            count(*) FILTER (WHERE hukou_region NOT LIKE $1 || '%')::int AS outside
       FROM person WHERE status = 'alive' AND residence_region LIKE $1 || '%'`,
    [region],
  );
  return {
    region,
    until,
    baselineMale: baseline.male,
    baselineFemale: baseline.female,
    currentMale: current.male,
    currentFemale: current.female,
    years,
    familyHouseholds: kind('family').households,
    familyMembers: kind('family').members,
    collectiveHouseholds: kind('collective').households,
    collectiveMembers: kind('collective').members,
    residents: res.rows[0]!.residents,
    mismatch: res.rows[0]!.mismatch,
    hukouOutside: res.rows[0]!.outside,
  };
}

const f = (v: number | null, d = 2) => (v === null ? '—' : v.toFixed(d));

export function formatReport(r: DemoReport): string {
  const out: string[] = [];
  out.push(`演示人口报告 / demo population report — region ${r.region}, history 2020-11-01 … ${r.until}`, '');
  out.push('人口金字塔 2020-11-01 (% of total; census 2020 in brackets) / population pyramid at the census date');
  out.push(`${'age'.padEnd(7)}${'male'.padStart(16)}${'female'.padStart(16)}${'male now'.padStart(10)}${'female now'.padStart(12)}`);
  for (const g of r.pyramid) {
    out.push(`${g.group.padEnd(7)}${`${f(g.male)} (${f(g.censusMale)})`.padStart(16)}${`${f(g.female)} (${f(g.censusFemale)})`.padStart(16)}${f(g.currentMale).padStart(10)}${f(g.currentFemale).padStart(12)}`);
  }
  out.push('', '年度 / per year (‰; published national figures in brackets; * = part of the year, annualised)');
  out.push(`${'year'.padEnd(7)}${'births'.padStart(8)}${'deaths'.padStart(8)}${'SRB'.padStart(8)}${'TFR'.padStart(7)}${'CBR'.padStart(15)}${'CDR'.padStart(15)}`);
  for (const y of r.years) {
    out.push(`${`${y.year}${y.partial ? '*' : ''}`.padEnd(7)}${String(y.births).padStart(8)}${String(y.deaths).padStart(8)}${f(y.srb, 1).padStart(8)}${f(y.tfr).padStart(7)}${`${f(y.cbr)} (${f(y.publishedCbr)})`.padStart(15)}${`${f(y.cdr)} (${f(y.publishedCdr)})`.padStart(15)}`);
  }
  out.push(`pooled ${r.pooled.years}: SRB ${f(r.pooled.srb, 1)}, TFR ${f(r.pooled.tfr)}, CBR ${f(r.pooled.cbr)}‰, CDR ${f(r.pooled.cdr)}‰`, '');
  out.push(`户均人数 / mean family-household size: ${f(r.householdSize)} (census 2020: 2.62); collective quarters hold ${f(100 * r.collectiveShare, 1)} % of residents`);
  out.push(`人户分离 / hukou-residence mismatch: ${f(100 * r.mismatchShare, 1)} % (census 2020: 34.9 %), hukou outside the region ${f(100 * r.floatingShare, 1)} % (floating population 2020: 26.6 %)`, '');
  out.push(`检查 / checks (tolerances in docs/domain/synthetic-population.md; pyramid ±${TOLERANCES.pyramidPp} pp per group):`);
  const pyramidFails = r.checks.filter((c) => c.name.startsWith('pyramid') && !c.ok);
  const worst = Math.max(...r.checks.filter((c) => c.name.startsWith('pyramid')).map((c) => Math.abs(c.value)));
  out.push(`  ${pyramidFails.length === 0 ? 'ok  ' : 'FAIL'} pyramid: ${PYRAMID_GROUPS.length * 2 - pyramidFails.length}/${PYRAMID_GROUPS.length * 2} groups within tolerance, largest difference ${worst.toFixed(2)} pp`);
  for (const c of r.checks.filter((x) => !x.name.startsWith('pyramid'))) out.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.value.toFixed(c.name.startsWith('SRB') ? 1 : 2)} (${c.min}–${c.max})`);
  out.push('', r.ok ? '全部通过 / all checks passed' : '有检查未通过 / some checks failed');
  return `${out.join('\n')}\n`;
}
