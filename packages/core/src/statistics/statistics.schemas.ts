import { z } from 'zod';
import { RegionCode } from '../common/common';

export const Basis = z.enum(['residence', 'hukou']).describe('常住 residence (default) or 户籍 hukou');
export type Basis = z.infer<typeof Basis>;
export const Breakdown = z.enum(['sex', 'age5', 'order', 'child']).describe('性别 / 五岁组 / 孩次 / 下级区划');
export type Breakdown = z.infer<typeof Breakdown>;

/** 2025 (year), 2025Q1 (quarter) or 2025-03 (month). */
export const PeriodCode = z
  .string()
  .trim()
  .regex(/^(\d{4})(Q[1-4]|-(0[1-9]|1[0-2]))?$/, '期间应为 2025、2025Q1 或 2025-03 / period must look like 2025, 2025Q1 or 2025-03');

const IndicatorList = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]+(,[a-z0-9_]+)*$/, '指标代码以逗号分隔 / comma-separated indicator codes')
  .describe('comma-separated codes; all indicators when omitted');

export const StatsQuery = z.object({
  region: RegionCode.optional().describe('defaults to your own region'),
  period: PeriodCode,
  indicators: IndicatorList.optional(),
  basis: Basis.default('residence'),
  by: Breakdown.optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

export const Interval = z.object({ lower: z.number(), upper: z.number(), level: z.number().describe('0.95'), method: z.string() });

export const IndicatorValue = z.object({
  indicator: z.string(),
  /** The breakdown value: 'male', '25-29', '2', a child region code; null for the total. */
  group: z.string().nullable(),
  groupName: z.string().nullable().describe('child region name or age group label'),
  value: z.number().nullable().describe('null when the denominator is zero'),
  numerator: z.number(),
  denominator: z.number(),
  factor: z.number(),
  interval: Interval.nullable(),
  flags: z.array(z.string()).describe('small_numbers, no_denominator, …'),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

export const IndicatorDefinitionView = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  description: z.object({ zh: z.string(), en: z.string() }),
  numerator: z.string(),
  denominator: z.string().nullable(),
  factor: z.number(),
  unit: z.object({ zh: z.string(), en: z.string() }),
  breakdowns: z.array(Breakdown),
});
export type IndicatorDefinitionView = z.infer<typeof IndicatorDefinitionView>;

export const StatsResult = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  period: z.object({ code: z.string(), kind: z.enum(['month', 'quarter', 'year']), start: z.string(), end: z.string() }),
  basis: Basis,
  by: Breakdown.nullable(),
  generatedAt: z.string(),
  rows: z.array(IndicatorValue),
});
export type StatsResult = z.infer<typeof StatsResult>;

export const PyramidQuery = z.object({ region: RegionCode.optional(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), basis: Basis.default('residence') });

export const PyramidResult = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  date: z.string(),
  basis: Basis,
  total: z.number(),
  rows: z.array(z.object({ ageGroup: z.string().describe('0-4 … 100+'), male: z.number(), female: z.number() })),
});

export const TrendQuery = z.object({
  region: RegionCode.optional(),
  indicators: IndicatorList,
  basis: Basis.default('residence'),
  granularity: z.enum(['month', 'quarter', 'year']).default('year'),
  from: PeriodCode.describe('first period, same granularity'),
  to: PeriodCode.describe('last period, same granularity'),
});
export const TrendResult = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  basis: Basis,
  series: z.array(z.object({ indicator: z.string(), points: z.array(IndicatorValue.extend({ period: z.string() })) })),
});

export const QualityCheck = z.enum(['birth_outlier', 'age_heaping_whipple', 'age_heaping_myers', 'srb_persistent', 'low_registration', 'error_rate']);
export const QualityQuery = z.object({ region: RegionCode.optional(), period: PeriodCode.optional().describe('the month or year checked; defaults to the last complete month') });
export const QualityFinding = z.object({
  check: QualityCheck,
  severity: z.enum(['info', 'warning', 'alert']),
  regionCode: z.string(),
  regionName: z.string(),
  period: z.string(),
  value: z.number().nullable(),
  expected: z.string().nullable().describe('the range or value the check expected'),
  message: z.object({ zh: z.string(), en: z.string() }),
});
export type QualityFinding = z.infer<typeof QualityFinding>;
export const QualityResult = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: z.number() }),
  period: z.string(),
  checks: z.array(z.object({ check: QualityCheck, name: z.object({ zh: z.string(), en: z.string() }), method: z.object({ zh: z.string(), en: z.string() }), findings: z.number() })),
  findings: z.array(QualityFinding),
});

export const ReportKind = z.enum(['monthly', 'annual']);
export const ReportParams = z.object({ report: ReportKind });
export const ReportQuery = z.object({ region: RegionCode.optional(), period: PeriodCode, basis: Basis.default('residence'), format: z.enum(['json', 'xlsx', 'csv']).default('json') });
export const ReportCell = z.union([z.string(), z.number(), z.null()]);
export const ReportView = z.object({
  title: z.object({ zh: z.string(), en: z.string() }),
  region: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  basis: Basis,
  generatedAt: z.string(),
  tables: z.array(z.object({ title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(ReportCell)) })),
});
export type ReportView = z.infer<typeof ReportView>;

export const PublicStatsQuery = z.object({ period: PeriodCode.optional().describe('defaults to the last complete year') });
export const PublicStats = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  period: z.string(),
  generatedAt: z.string(),
  rows: z.array(z.object({
    indicator: z.string(),
    name: z.object({ zh: z.string(), en: z.string() }),
    unit: z.object({ zh: z.string(), en: z.string() }),
    group: z.string().nullable(),
    groupName: z.string().nullable(),
    value: z.union([z.number(), z.literal('<5')]).nullable().describe('counts below 5, and rates built on them, are shown as "<5"'),
  })),
});
