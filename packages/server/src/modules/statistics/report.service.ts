/**
 * The monthly report (月报) and annual report (年报): fixed tables for a region and its child regions,
 * built from the same indicator evaluation as the API, so a report and the statistics page never differ.
 */
import { DomainError, parsePeriod, type IndicatorValue, type ReportView, type StatsResult } from '@renkou/core';
import type { Db } from '@renkou/db';
import type { StatsBasis } from './cells.repository';
import { computePyramid, computeStats, type RegionRef } from './statistics.service';

const t = (zh: string, en: string) => ({ zh, en });
type Cell = string | number | null;

const round = (x: number | null, digits: number): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Value lookup over one StatsResult: (indicator, group) → row. */
function table(result: StatsResult) {
  const rows = new Map<string, IndicatorValue>();
  for (const r of result.rows) rows.set(`${r.indicator}|${r.group ?? ''}`, r);
  return {
    value: (indicator: string, group: string | null = null) => rows.get(`${indicator}|${group ?? ''}`)?.value ?? null,
    row: (indicator: string, group: string | null = null) => rows.get(`${indicator}|${group ?? ''}`),
    groups: () => [...new Map(result.rows.filter((r) => r.group !== null).map((r) => [r.group!, r.groupName ?? r.group!])).entries()],
  };
}

function regionRows(result: StatsResult, columns: readonly ((v: ReturnType<typeof table>, group: string | null) => Cell)[]): Cell[][] {
  const v = table(result);
  const rows: Cell[][] = [[result.region.code, `${result.region.name}（合计）`, ...columns.map((c) => c(v, null))]];
  for (const [code, name] of v.groups()) rows.push([code, name, ...columns.map((c) => c(v, code))]);
  return rows;
}

export async function buildReport(db: Db, region: RegionRef, kind: 'monthly' | 'annual', periodCode: string, basis: StatsBasis, today: string): Promise<ReportView> {
  const period = parsePeriod(periodCode);
  const wanted = kind === 'monthly' ? 'month' : 'year';
  if (period.kind !== wanted) {
    throw new DomainError('BAD_PERIOD', t(kind === 'monthly' ? '月报的期间应为月份，如 2025-03' : '年报的期间应为年份，如 2025', kind === 'monthly' ? 'a monthly report takes a month such as 2025-03' : 'an annual report takes a year such as 2025'), [{ path: 'query.period', value: periodCode, reason: t(`应为${kind === 'monthly' ? '月份' : '年份'}`, `must be a ${wanted}`) }], 400);
  }
  const byChild = await computeStats(db, region, { period: period.code, basis, by: 'child' }, today);
  const tables = kind === 'monthly' ? monthlyTables(byChild, await computeStats(db, region, { period: period.code, basis, by: 'order', indicators: 'births,srb' }, today)) : await annualTables(db, region, period.code, basis, today, byChild);
  const basisName = basis === 'residence' ? '常住' : '户籍';
  return {
    title: kind === 'monthly' ? t(`人口变动情况月报（${basisName}人口）`, `Monthly population report (${basis} basis)`) : t(`人口统计年报（${basisName}人口）`, `Annual population report (${basis} basis)`),
    region: { code: region.code, name: region.name },
    period: period.code,
    basis,
    generatedAt: new Date().toISOString(),
    tables,
  };
}

const count = (code: string) => (v: ReturnType<typeof table>, g: string | null) => v.value(code, g);
const rate = (code: string, digits = 2) => (v: ReturnType<typeof table>, g: string | null) => round(v.value(code, g), digits);

function monthlyTables(byChild: StatsResult, byOrder: StatsResult): ReportView['tables'] {
  const births = (sex: 'male' | 'female') => (v: ReturnType<typeof table>, g: string | null) => {
    const srb = v.row('srb', g);
    if (!srb) return null;
    // srb = male ÷ female × 100; its numerator and denominator are the male and female births.
    return sex === 'male' ? srb.numerator : srb.denominator;
  };
  const order = table(byOrder);
  const orderRow = (label: string, group: string | null): Cell[] => {
    const srb = order.row('srb', group);
    return [label, order.value('births', group), srb?.numerator ?? null, srb?.denominator ?? null, round(srb?.value ?? null, 1)];
  };
  return [
    {
      title: '表1 人口变动情况 Population change',
      columns: ['区划代码 Code', '区划 Region', '期初人口 Start', '出生 Births', '男 Male', '女 Female', '死亡 Deaths', '迁入 Moved in', '迁出 Moved out', '结婚 Marriages', '离婚 Divorces', '期末人口 End', '出生率‰(年化) CBR', '死亡率‰(年化) CDR'],
      rows: regionRows(byChild, [
        (v, g) => {
          const mid = v.value('population_midyear', g);
          const end = v.value('population', g);
          return mid === null || end === null ? null : 2 * mid - end;
        },
        count('births'), births('male'), births('female'), count('deaths'), count('move_in'), count('move_out'), count('marriages'), count('divorces'), count('population'), rate('cbr'), rate('cdr'),
      ]),
    },
    {
      title: '表2 出生孩次与性别 Births by order and sex',
      columns: ['孩次 Order', '出生 Births', '男 Male', '女 Female', '性别比 SRB'],
      rows: [orderRow('一孩 1st', '1'), orderRow('二孩 2nd', '2'), orderRow('三孩及以上 3rd+', '3'), orderRow('合计 Total', null)],
    },
    {
      title: '表3 流动与人户分离 Floating population',
      columns: ['区划代码 Code', '区划 Region', '期末人口 End', '流入(户籍在外) Floating in', '流出(居住在外) Floating out', '人户分离率% Mismatch'],
      rows: regionRows(byChild, [count('population'), count('floating_in'), count('floating_out'), rate('mismatch_rate')]),
    },
  ];
}

async function annualTables(db: Db, region: RegionRef, period: string, basis: StatsBasis, today: string, byChild: StatsResult): Promise<ReportView['tables']> {
  const byAge = table(await computeStats(db, region, { period, basis, by: 'age5', indicators: 'population,asfr,births' }, today));
  const pyramid = await computePyramid(db, region, parsePeriod(period).end, basis);
  const fertility = table(await computeStats(db, region, { period, basis, indicators: 'tfr,gfr,srb,births_order_1,births_order_2,births_order_3plus,women_15_49' }, today));
  const byOrder = table(await computeStats(db, region, { period, basis, by: 'order', indicators: 'births,srb' }, today));
  const srb = fertility.row('srb');
  return [
    {
      title: '表1 人口变动 Population change',
      columns: ['区划代码 Code', '区划 Region', '年初人口 Start', '年末人口 End', '年平均人口 Mean', '出生 Births', '死亡 Deaths', '自然增长 Natural increase', '出生率‰ CBR', '死亡率‰ CDR', '自然增长率‰ NIR', '迁入 Moved in', '迁出 Moved out', '结婚 Marriages', '离婚 Divorces'],
      rows: regionRows(byChild, [
        (v, g) => {
          const mid = v.value('population_midyear', g);
          const end = v.value('population', g);
          return mid === null || end === null ? null : 2 * mid - end;
        },
        count('population'), rate('population_midyear', 1), count('births'), count('deaths'),
        (v, g) => (v.value('births', g) ?? 0) - (v.value('deaths', g) ?? 0),
        rate('cbr'), rate('cdr'), rate('nir'), count('move_in'), count('move_out'), count('marriages'), count('divorces'),
      ]),
    },
    {
      title: '表2 年末人口性别年龄构成 Population by sex and age',
      columns: ['年龄组 Age', '男 Male', '女 Female', '合计 Total'],
      rows: [
        ...pyramid.rows.map((r) => [r.ageGroup, r.male, r.female, r.male + r.female] as Cell[]),
        ['合计 Total', pyramid.rows.reduce((a, r) => a + r.male, 0), pyramid.rows.reduce((a, r) => a + r.female, 0), pyramid.total],
      ],
    },
    {
      title: '表3 生育 Fertility',
      columns: ['项目 Item', '数值 Value', '分子 Numerator', '分母 Denominator'],
      rows: [
        ...['15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49'].map((g) => {
          const r = byAge.row('asfr', g);
          return [`${g} 岁生育率‰ ASFR`, round(r?.value ?? null, 2), r?.numerator ?? null, round(r?.denominator ?? null, 1)] as Cell[];
        }),
        ['一般生育率‰ GFR', round(fertility.value('gfr'), 2), fertility.row('gfr')?.numerator ?? null, round(fertility.row('gfr')?.denominator ?? null, 1)],
        ['总和生育率 TFR', round(fertility.value('tfr'), 3), null, null],
        ['出生人口性别比 SRB', round(srb?.value ?? null, 1), srb?.numerator ?? null, srb?.denominator ?? null],
        ['性别比 95% 置信区间 SRB 95% CI', srb?.interval ? `${srb.interval.lower.toFixed(1)}–${srb.interval.upper.toFixed(1)}` : null, null, null],
        ...(srb?.flags.includes('small_numbers') ? [['注：出生数少于 1000，性别比仅供参考 Note: under 1,000 births, SRB is indicative only', null, null, null] as Cell[]] : []),
        ['一孩占比% 1st births', round(fertility.value('births_order_1'), 1), byOrder.value('births', '1'), byOrder.value('births')],
        ['二孩占比% 2nd births', round(fertility.value('births_order_2'), 1), byOrder.value('births', '2'), byOrder.value('births')],
        ['三孩及以上占比% 3rd+ births', round(fertility.value('births_order_3plus'), 1), byOrder.value('births', '3'), byOrder.value('births')],
        ['育龄妇女(15–49岁) Women 15–49', fertility.value('women_15_49'), null, null],
      ],
    },
    {
      title: '表4 人口结构 Structure',
      columns: ['区划代码 Code', '区划 Region', '60岁及以上% 60+', '65岁及以上% 65+', '少儿抚养比% Child dep.', '老年抚养比% Old-age dep.', '总抚养比% Total dep.', '流入 Floating in', '流出 Floating out', '人户分离率% Mismatch'],
      rows: regionRows(byChild, [rate('aged_60_share'), rate('aged_65_share'), rate('dependency_child'), rate('dependency_old'), rate('dependency_total'), count('floating_in'), count('floating_out'), rate('mismatch_rate')]),
    },
  ];
}
