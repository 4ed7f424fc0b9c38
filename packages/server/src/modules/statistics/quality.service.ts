/**
 * Data-quality checks on the maintained aggregates of a region and the regions below it. Each finding
 * names the region and period it is about, so the page can link straight to their statistics.
 */
import {
  lowRegistration, modifiedZScores, myersIndex, OUTLIER_Z, parsePeriod, periodsBetween, srbPersistentlyAbnormal, whippleCategory, whippleIndex,
  type Period, type QualityFinding, type StockCell,
} from '@renkou/core';
import type { Db } from '@renkou/db';
import type { z } from 'zod';
import type { QualityResult } from '@renkou/core';
import { errorRate } from '../exchange/discrepancy.service';
import { loadSeries, type RegionSeries } from './cells.repository';
import type { RegionRef } from './statistics.service';

const t = (zh: string, en: string) => ({ zh, en });
const f1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** Age heaping is read only where at least this many people are 23–62: below it chance alone moves the indexes. */
export const HEAPING_MIN_PEOPLE = 1000;
/** A monthly birth count is an outlier only when it is also this far from the township's median (tiny townships). */
export const OUTLIER_MIN_GAP = 3;
const WHIPPLE_WARNING = 110;
const WHIPPLE_ALERT = 125;
const MYERS_WARNING = 5;
const MYERS_ALERT = 10;

export const CHECKS = [
  { check: 'birth_outlier', name: t('乡镇月出生数异常', 'Outlying monthly births per township'), method: t('修正 z 分数（Iglewicz–Hoaglin），以前 24 个月为参照，|z| > 3.5 且与中位数相差 ≥ 3', 'modified z-score (Iglewicz–Hoaglin) over the 24 months to the period, |z| > 3.5 and at least 3 from the median') },
  { check: 'age_heaping_whipple', name: t('年龄堆积（惠普尔指数）', 'Age heaping (Whipple index)'), method: t('23–62 岁中尾数为 0 和 5 的年龄，≥110 提示，≥125 警示；23–62 岁不足 1000 人不计算', 'ages 23–62 ending in 0 or 5; ≥110 warning, ≥125 alert; not computed under 1,000 people aged 23–62') },
  { check: 'age_heaping_myers', name: t('年龄堆积（迈尔斯混合指数）', 'Age heaping (Myers blended index)'), method: t('10–79 岁各尾数的混合占比偏离 10% 之和的一半，≥5 提示，≥10 警示', 'half the summed deviation of blended terminal-digit shares (10–79) from 10%; ≥5 warning, ≥10 alert') },
  { check: 'srb_persistent', name: t('出生人口性别比连续三年异常', 'Sex ratio at birth outside 103–107 three years running'), method: t('连续三年 95% 置信区间（Katz 对数法）整体高于 107 或低于 103', 'the 95% interval (Katz log) lies wholly above 107 or below 103 in each of three consecutive years') },
  { check: 'error_rate', name: t('统计误差率偏高', 'High statistical error rate'), method: t('与部门交换数据比对：登记库缺失、错误或无法匹配的记录占核对记录的比例；核对 ≥ 20 条且 > 5% 提示，> 10% 警示', 'against the partner feeds: records the registry lacked, had wrong or could not match, as a share of those checked; with ≥ 20 checked, > 5% warning, > 10% alert') },
  { check: 'low_registration', name: t('登记数明显偏低', 'Registrations far below expectation'), method: t('出生、死亡登记数与前 12 个月（年报为前 3 年）平均数比较：泊松下尾概率 < 0.01 且不足期望的 70%', 'births and deaths against the mean of the previous 12 months (3 years for a year): Poisson lower tail < 0.01 and below 70% of the expected') },
] as const;

type Check = (typeof CHECKS)[number]['check'];

/** The last complete month before today. */
export function lastCompleteMonth(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function byAge(stock: readonly StockCell[], date: string): number[] {
  const ages: number[] = [];
  const year = Number(date.slice(0, 4));
  for (const c of stock) {
    const age = year - c.birthYear;
    if (age >= 0) ages[age] = (ages[age] ?? 0) + c.count;
  }
  for (let i = 0; i < ages.length; i++) ages[i] ??= 0;
  return ages;
}

function monthsBack(end: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(end.slice(0, 4));
  let m = Number(end.slice(5, 7));
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}


export async function computeQuality(db: Db, region: RegionRef, periodCode: string | undefined, today: string): Promise<z.infer<typeof QualityResult>> {
  const period = parsePeriod(periodCode ?? lastCompleteMonth(today));
  const names = new Map((await db.selectFrom('region').select(['code', 'name']).where('code', 'like', `${region.code}%`).where('level', '<=', Math.min(5, region.level + 2)).execute()).map((r) => [r.code, r.name]));
  const nameOf = (code: string) => names.get(code) ?? code;
  const findings: QualityFinding[] = [];
  const add = (check: Check, severity: QualityFinding['severity'], regionCode: string, periodLabel: string, value: number | null, expected: string | null, message: { zh: string; en: string }) =>
    findings.push({ check, severity, regionCode, regionName: nameOf(regionCode), period: periodLabel, value, expected, message });

  // The region and its children over three years before the period, for SRB runs and registration history.
  const from = `${Number(period.start.slice(0, 4)) - 3}-01-01`;
  const own = await loadSeries(db, { code: region.code, level: region.level, children: false }, 'residence', from, period.end);
  const children = region.level < 5 ? await loadSeries(db, { code: region.code, level: region.level, children: true }, 'residence', from, period.end) : new Map<string, RegionSeries>();
  const regions = [...own.values(), ...children.values()];

  birthOutliers(await townshipSeries(db, region, period), period, add);
  await errorRates(db, region, period, add);
  for (const s of regions) {
    ageHeaping(s, period, add);
    srbRuns(s, period, add);
    lowRegistrations(s, period, add);
  }
  const order = { alert: 0, warning: 1, info: 2 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity] || a.check.localeCompare(b.check) || a.regionCode.localeCompare(b.regionCode) || a.period.localeCompare(b.period));
  return {
    region: { code: region.code, name: region.name, level: region.level },
    period: period.code,
    checks: CHECKS.map((c) => ({ ...c, findings: findings.filter((f) => f.check === c.check).length })),
    findings,
  };
}

type Add = (check: Check, severity: QualityFinding['severity'], regionCode: string, periodLabel: string, value: number | null, expected: string | null, message: { zh: string; en: string }) => void;

async function townshipSeries(db: Db, region: RegionRef, period: Period): Promise<Map<string, RegionSeries>> {
  const months = monthsBack(period.end.slice(0, 7), 24);
  const target = region.level >= 4 ? { code: region.code, level: region.level, children: false } : { code: region.code, level: region.level, children: false, descendantsAt: 4 };
  return loadSeries(db, target, 'residence', `${months[0]}-01`, period.end);
}

function birthOutliers(townships: Map<string, RegionSeries>, period: Period, add: Add): void {
  const months = monthsBack(period.end.slice(0, 7), 24);
  const inPeriod = new Set(months.filter((m) => m >= period.start.slice(0, 7)));
  for (const s of townships.values()) {
    const births = s.monthlyFlow('birth');
    const values = months.map((m) => births.get(m) ?? 0);
    if (values.every((v) => v === 0)) continue;
    const z = modifiedZScores(values);
    const sorted = [...values].sort((a, b) => a - b);
    const median = (sorted[11]! + sorted[12]!) / 2;
    months.forEach((m, i) => {
      if (!inPeriod.has(m) || Math.abs(z[i]!) <= OUTLIER_Z || Math.abs(values[i]! - median) < OUTLIER_MIN_GAP) return;
      const high = values[i]! > median;
      add('birth_outlier', 'warning', s.regionCode, m, values[i]!, `≈ ${median}`, high
        ? t(`${m} 出生 ${values[i]} 人，远高于前 24 个月中位数 ${median}（z = ${f1(z[i]!)}），请核查是否重复或集中补录`, `${values[i]} births in ${m}, far above the 24-month median of ${median} (z = ${f1(z[i]!)}): check for duplicates or a backlog entered at once`)
        : t(`${m} 出生 ${values[i]} 人，远低于前 24 个月中位数 ${median}（z = ${f1(z[i]!)}），请核查是否漏报`, `${values[i]} births in ${m}, far below the 24-month median of ${median} (z = ${f1(z[i]!)}): check for missed registrations`));
    });
  }
}

function ageHeaping(s: RegionSeries, period: Period, add: Add): void {
  const ages = byAge(s.stockOn('residence', period.end), period.end);
  const adults = ages.slice(23, 63).reduce((a, b) => a + b, 0);
  if (adults < HEAPING_MIN_PEOPLE) return;
  const w = whippleIndex(ages);
  if (w !== null && w >= WHIPPLE_WARNING) {
    const cat = whippleCategory(w);
    add('age_heaping_whipple', w >= WHIPPLE_ALERT ? 'alert' : 'warning', s.regionCode, period.code, w, '< 110', t(`惠普尔指数 ${f1(w)}（${cat.label.zh}），尾数 0、5 的年龄偏多，请核查出生日期`, `Whipple index ${f1(w)} (${cat.label.en}): too many ages ending in 0 or 5; check birth dates`));
  }
  const m = myersIndex(ages);
  if (m !== null && m >= MYERS_WARNING) {
    add('age_heaping_myers', m >= MYERS_ALERT ? 'alert' : 'warning', s.regionCode, period.code, m, '< 5', t(`迈尔斯指数 ${f1(m)}，年龄尾数分布不均，请核查出生日期`, `Myers index ${f1(m)}: terminal digits of ages are uneven; check birth dates`));
  }
}

function srbRuns(s: RegionSeries, period: Period, add: Add): void {
  // Complete years only: the period's own year counts when the period is that whole year.
  const last = period.kind === 'year' ? period.year : period.year - 1;
  const years = [last - 2, last - 1, last].map((year) => {
    const flows = s.flowsIn(parsePeriod(String(year)));
    const births = (sex: string) => flows.filter((f) => f.kind === 'birth' && f.sex === sex).reduce((a, f) => a + f.count, 0);
    return { year, male: births('male'), female: births('female') };
  });
  const r = srbPersistentlyAbnormal(years);
  if (!r.abnormal) return;
  const shown = r.years.map((y) => `${y.year}: ${y.value === null ? '—' : f1(y.value)} (${y.lower === null ? '—' : f1(y.lower)}–${y.upper === null ? '—' : f1(y.upper)})`).join('; ');
  add('srb_persistent', 'alert', s.regionCode, `${last - 2}–${last}`, r.years[r.years.length - 1]!.value, '103–107', t(`出生人口性别比连续三年异常：${shown}，请提请卫生健康部门开展监测`, `sex ratio at birth outside 103–107 three years running: ${shown}; refer to the health authority for monitoring`));
}

export const ERROR_RATE_MIN_CHECKED = 20;

async function errorRates(db: Db, region: RegionRef, period: Period, add: Add): Promise<void> {
  const r = await errorRate(db, region, period.code);
  for (const row of [r.total, ...r.children]) {
    if (row.checked < ERROR_RATE_MIN_CHECKED || row.rate === null || row.rate <= 5) continue;
    add('error_rate', row.rate > 10 ? 'alert' : 'warning', row.regionCode, period.code, row.rate, '≤ 5%', t(
      `统计误差率 ${f1(row.rate)}%：核对 ${row.checked} 条，登记库缺失 ${row.missing}、不一致 ${row.wrong}、无法匹配 ${row.unresolved}`,
      `statistical error rate ${f1(row.rate)}%: of ${row.checked} records checked, ${row.missing} missing from the registry, ${row.wrong} different, ${row.unresolved} unmatched`,
    ));
  }
}

function lowRegistrations(s: RegionSeries, period: Period, add: Add): void {
  const history = period.kind === 'year'
    ? [1, 2, 3].map((k) => parsePeriod(String(period.year - k)))
    : periodsBetween(parsePeriod(monthsBack(period.start.slice(0, 7), 13)[0]!), parsePeriod(monthsBack(period.start.slice(0, 7), 2)[0]!));
  for (const kind of ['birth', 'death'] as const) {
    const count = (p: Period) => s.flowsIn(p).filter((f) => f.kind === kind).reduce((a, f) => a + f.count, 0);
    const observed = count(period);
    const r = lowRegistration(history.map(count), observed);
    if (!r?.flagged) continue;
    const what = kind === 'birth' ? t('出生', 'birth') : t('死亡', 'death');
    add('low_registration', 'warning', s.regionCode, period.code, observed, `≈ ${f1(r.expected)}`, t(`${period.code} ${what.zh}登记 ${observed} 件，按此前平均应约 ${f1(r.expected)} 件（p = ${r.p.toPrecision(2)}），请核查是否漏登`, `${observed} ${what.en} registrations in ${period.code} against about ${f1(r.expected)} expected from the previous periods (p = ${r.p.toPrecision(2)}): check for missed registrations`));
  }
}

