import { AGE5_LABELS, compareScenarios, lifeExpectancyOf, projectScenario, type RegionProjectionRequest, type RegionProjectionResult, type ReportView, type ScenarioResult } from '@renkou/core';
import type { Db } from '@renkou/db';
import type { RegionRef } from '../statistics/statistics.service';
import { OPEN_AGE, regionalBase } from './inputs';

function pyramids(r: ScenarioResult) {
  return r.years.map((y, i) => {
    const five = (xs: readonly number[]) => {
      const out = new Array<number>(AGE5_LABELS.length).fill(0);
      xs.forEach((v, a) => (out[Math.min(AGE5_LABELS.length - 1, Math.floor(a / 5))]! += v));
      return out.map((v) => Math.round(v));
    };
    return { year: y.year, ageGroups: [...AGE5_LABELS], male: five(r.male[i]!), female: five(r.female[i]!) };
  });
}

/** Projects a region from its registry rates under one or two scenarios (the observed rates held constant when none is given). */
export async function projectRegion(db: Db, region: RegionRef, req: RegionProjectionRequest, today: string): Promise<RegionProjectionResult> {
  const baseYear = Number(today.slice(0, 4)) - 1;
  const b = await regionalBase(db, region, baseYear, req.inputYears);
  const specs = req.scenarios.length > 0 ? req.scenarios : [{ name: '现行水平 / observed rates held' }];
  const results = specs.map((s) => projectScenario(b.base, s, req.horizon));
  return {
    region: { code: region.code, name: region.name, level: region.level },
    baseYear,
    inputYears: b.inputYears,
    inputs: {
      ...b.observed,
      tfr: b.base.asfr.reduce((a, v) => a + v, 0),
      e0Female: lifeExpectancyOf('female', b.base.female.mx, OPEN_AGE),
      e0Male: lifeExpectancyOf('male', b.base.male.mx, OPEN_AGE),
      borrowed: b.borrowed,
    },
    scenarios: results.map((r) => ({ name: r.name, years: [...r.years], pyramids: pyramids(r) })),
    comparison: results.length === 2 ? compareScenarios(results[0]!, results[1]!) : null,
  };
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r0 = (x: number) => Math.round(x);

/** The projection as report tables, for the .xlsx export. */
export function projectionReport(p: RegionProjectionResult): ReportView {
  const tables: ReportView['tables'] = p.scenarios.map((s) => ({
    title: `情景 Scenario: ${s.name}`,
    columns: ['年份 Year', '总人口 Total', '出生 Births', '死亡 Deaths', '净迁移 Net migration', '学龄6–14 School age', '劳动年龄15–64 Working age', '60岁+ 60+', '65岁+ 65+', '60岁+占比% 60+ share', '65岁+占比% 65+ share', '少儿抚养比 Child dep.', '老年抚养比 Old-age dep.', '总抚养比 Total dep.', 'TFR', 'e0 女 F', 'e0 男 M'],
    rows: s.years.map((y) => [y.year, r0(y.total), r0(y.births), r0(y.deaths), r0(y.netMigration), r0(y.schoolAge), r0(y.workingAge), r0(y.aged60), r0(y.aged65), r1(y.aged60Share), r1(y.aged65Share), r1(y.dependencyChild), r1(y.dependencyOld), r1(y.dependencyTotal), Math.round(y.tfr * 1000) / 1000, r1(y.e0Female), r1(y.e0Male)]),
  }));
  if (p.comparison) {
    tables.push({
      title: `人口影响评估 Impact: ${p.scenarios[1]!.name} − ${p.scenarios[0]!.name}`,
      columns: ['年份 Year', '总人口 Total', '出生 Births', '学前3–5 Preschool', '学龄6–14 School age', '劳动年龄15–64 Working age', '60岁+ 60+', '65岁+ 65+'],
      rows: p.comparison.map((c) => [c.year, r0(c.difference.total!), r0(c.difference.births!), r0(c.difference.preschool!), r0(c.difference.schoolAge!), r0(c.difference.workingAge!), r0(c.difference.aged60!), r0(c.difference.aged65!)]),
    });
  }
  tables.push({
    title: '基期与参数 Inputs',
    columns: ['项目 Item', '数值 Value'],
    rows: [
      ['基期 Base year (31 Dec)', p.baseYear],
      ['估计年份 Input years', p.inputYears.join(', ')],
      ['基期人口 Base population', p.inputs.population],
      ['总和生育率 TFR', Math.round(p.inputs.tfr * 1000) / 1000],
      ['出生性别比 SRB', r1(p.inputs.srb)],
      ['预期寿命 女 e0 female', r1(p.inputs.e0Female)],
      ['预期寿命 男 e0 male', r1(p.inputs.e0Male)],
      ['年均净迁移 Net migration per year', r0(p.inputs.netMigration)],
      ...p.inputs.borrowed.map((b) => [`借用 Borrowed: ${b.what}`, `${b.fromName} — ${b.reason.zh}`]),
    ],
  });
  return { title: { zh: `${p.region.name}人口预测`, en: `Population projection: ${p.region.name}` }, region: { code: p.region.code, name: p.region.name }, period: `${p.baseYear}–${p.baseYear + (p.scenarios[0]?.years.length ?? 1) - 1}`, basis: 'residence', generatedAt: new Date().toISOString(), tables };
}
