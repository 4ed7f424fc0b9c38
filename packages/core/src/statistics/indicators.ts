/**
 * The indicator catalogue, as data, in the DHIS2 form: value = numerator ÷ denominator × factor, where the
 * numerator and denominator are named measures (evaluate.ts computes each measure from the cells). Counts have
 * no denominator (value = numerator). Two indicators carry more than a ratio, and their descriptions say so:
 * srb (a confidence interval) and tfr (a sum of age-specific rates, not numerator ÷ denominator).
 *
 * The catalogue is what GET /stats/indicators shows, so every description states the formula in full.
 */

import type { LocalizedText } from '../errors';
import type { Breakdown, IndicatorDefinitionView } from './statistics.schemas';

/** The quantities indicators are built from; each is computed by one function in evaluate.ts. */
export const MEASURE_NAMES = [
  'population_end',
  'population_midyear',
  'person_years',
  'births',
  'deaths',
  'natural_increase',
  'male_births',
  'female_births',
  'births_order_1',
  'births_order_2',
  'births_order_3plus',
  'women_15_49_end',
  'women_15_49_person_years',
  'marriages',
  'divorces',
  'move_in',
  'move_out',
  'floating_in_end',
  'floating_out_end',
  'residence_population_end',
  'residence_away_end',
  'population_0_14_end',
  'population_15_64_end',
  'population_60plus_end',
  'population_65plus_end',
  'population_dependent_end',
] as const;
export type MeasureName = (typeof MEASURE_NAMES)[number];

export const INDICATOR_CODES = [
  'population',
  'population_midyear',
  'births',
  'deaths',
  'cbr',
  'cdr',
  'nir',
  'srb',
  'births_order_1',
  'births_order_2',
  'births_order_3plus',
  'asfr',
  'tfr',
  'gfr',
  'women_15_49',
  'marriages',
  'divorces',
  'move_in',
  'move_out',
  'floating_in',
  'floating_out',
  'mismatch_rate',
  'aged_60_share',
  'aged_65_share',
  'dependency_total',
  'dependency_child',
  'dependency_old',
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export interface IndicatorDefinition {
  readonly code: IndicatorCode;
  readonly name: LocalizedText;
  /** The formula in words, including the basis and dates it uses. */
  readonly description: LocalizedText;
  readonly numerator: MeasureName;
  /** null for counts: the value is the numerator itself. */
  readonly denominator: MeasureName | null;
  readonly factor: number;
  readonly unit: LocalizedText;
  /** Breakdowns that make sense for this indicator; any other `by` gives the total row only. */
  readonly breakdowns: readonly Breakdown[];
}

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

const PERSONS = t('人', 'persons');
const PER_MILLE = t('‰', 'per 1,000');
const PERCENT = t('%', '%');

/* Phrases shared by many descriptions, so the same rule reads the same everywhere. */
const END_STOCK = t('按所选口径（常住或户籍）期末（期间最后一日）在册人数', 'persons present on the last day of the period, on the requested basis (residence or hukou)');
const PERSON_YEARS = t(
  '人年数 = (期初人数 + 期末人数) / 2 × 期间月数 / 12，期初为期间开始前一日',
  'person-years = (start + end population) / 2 × months / 12, the start being the day before the period',
);
const ANNUALISED = t('月度、季度数值为年化值（按人年计算）', 'monthly and quarterly values are annualised (per person-year)');
const AGES = t('年龄 = 统计日所在年份 − 出生年份', 'age = year of the stock date − birth year');

const rate = (zh: string, en: string): LocalizedText => t(`${zh}；${PERSON_YEARS.zh}；${ANNUALISED.zh}`, `${en}; ${PERSON_YEARS.en}; ${ANNUALISED.en}`);
const endShare = (zh: string, en: string): LocalizedText => t(`${zh}；${END_STOCK.zh}；${AGES.zh}`, `${en}; ${END_STOCK.en}; ${AGES.en}`);

const SEX_AGE = ['sex', 'age5', 'child'] as const satisfies readonly Breakdown[];
const SEX = ['sex', 'child'] as const satisfies readonly Breakdown[];
const CHILD = ['child'] as const satisfies readonly Breakdown[];

export const INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  {
    code: 'population',
    name: t('人口数', 'population'),
    description: END_STOCK,
    numerator: 'population_end',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'population_midyear',
    name: t('年平均人口', 'mean population'),
    description: t('(期初人数 + 期末人数) / 2，期初为期间开始前一日，期末为期间最后一日，按所选口径', '(start + end population) / 2, the start being the day before the period and the end its last day, on the requested basis'),
    numerator: 'population_midyear',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'births',
    name: t('出生人数', 'births'),
    description: t('期间内登记的出生人数；按性别分组为婴儿性别，按五岁组分组为母亲生育时年龄组，按孩次分组为一孩、二孩、三孩及以上', 'births registered in the period; by sex = the child’s sex, by age group = the mother’s age group at the birth, by order = first, second, third or later'),
    numerator: 'births',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: ['sex', 'age5', 'order', 'child'],
  },
  {
    code: 'deaths',
    name: t('死亡人数', 'deaths'),
    description: t('期间内登记的死亡人数；按五岁组分组为死亡时年龄', 'deaths registered in the period; by age group = age at death'),
    numerator: 'deaths',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'cbr',
    name: t('出生率', 'crude birth rate'),
    description: rate('出生人数 ÷ 人年数 × 1000', 'births ÷ person-years × 1,000'),
    numerator: 'births',
    denominator: 'person_years',
    factor: 1000,
    unit: PER_MILLE,
    breakdowns: SEX,
  },
  {
    code: 'cdr',
    name: t('死亡率', 'crude death rate'),
    description: rate('死亡人数 ÷ 人年数 × 1000；按五岁组分组即年龄别死亡率（该组死亡人数 ÷ 该组人年数 × 1000）', 'deaths ÷ person-years × 1,000; by age group it is the age-specific death rate (deaths at that age ÷ person-years of that age group × 1,000)'),
    numerator: 'deaths',
    denominator: 'person_years',
    factor: 1000,
    unit: PER_MILLE,
    breakdowns: SEX_AGE,
  },
  {
    code: 'nir',
    name: t('自然增长率', 'natural increase rate'),
    description: rate('(出生人数 − 死亡人数) ÷ 人年数 × 1000，可为负', '(births − deaths) ÷ person-years × 1,000, may be negative'),
    numerator: 'natural_increase',
    denominator: 'person_years',
    factor: 1000,
    unit: PER_MILLE,
    breakdowns: SEX,
  },
  {
    code: 'srb',
    name: t('出生人口性别比', 'sex ratio at birth'),
    description: t(
      '男婴出生数 ÷ 女婴出生数 × 100（女=100），正常范围 103–107；附 95% 置信区间（Katz 对数法：100·exp(ln(m/f) ± 1.96·√(1/m+1/f))）；出生总数少于 1000 时标记 small_numbers；可按孩次分组',
      'male births ÷ female births × 100 (males per 100 females), normal range 103–107; with a 95% interval (Katz log method: 100·exp(ln(m/f) ± 1.96·√(1/m+1/f))); flagged small_numbers below 1,000 births; by order gives the ratio of each birth order',
    ),
    numerator: 'male_births',
    denominator: 'female_births',
    factor: 100,
    unit: t('女=100', 'males per 100 females'),
    breakdowns: ['order', 'child'],
  },
  {
    code: 'births_order_1',
    name: t('一孩占比', 'first births, share'),
    description: t('一孩出生数 ÷ 出生总数 × 100', 'first births ÷ all births × 100'),
    numerator: 'births_order_1',
    denominator: 'births',
    factor: 100,
    unit: PERCENT,
    breakdowns: CHILD,
  },
  {
    code: 'births_order_2',
    name: t('二孩占比', 'second births, share'),
    description: t('二孩出生数 ÷ 出生总数 × 100', 'second births ÷ all births × 100'),
    numerator: 'births_order_2',
    denominator: 'births',
    factor: 100,
    unit: PERCENT,
    breakdowns: CHILD,
  },
  {
    code: 'births_order_3plus',
    name: t('三孩及以上占比', 'third and later births, share'),
    description: t('三孩及以上出生数 ÷ 出生总数 × 100', 'third or later births ÷ all births × 100'),
    numerator: 'births_order_3plus',
    denominator: 'births',
    factor: 100,
    unit: PERCENT,
    breakdowns: CHILD,
  },
  {
    code: 'asfr',
    name: t('年龄别生育率', 'age-specific fertility rate'),
    description: rate(
      '按五岁组分组（15-19 … 45-49）：母亲该年龄组的出生数 ÷ 该年龄组妇女人年数 × 1000；母亲不满 15 岁的出生计入 15-19 组，50 岁及以上计入 45-49 组；母亲年龄不详的出生只计入合计；合计行 = 出生总数 ÷ 15–49 岁妇女人年数 × 1000，即等于一般生育率；' + AGES.zh,
      'by age group (15-19 … 45-49): births to mothers of that group ÷ person-years of women in that group × 1,000; births to mothers under 15 count in 15-19 and to mothers 50 or over in 45-49; births whose mother’s age is unknown count in the total only; the total row = all births ÷ person-years of women 15–49 × 1,000, i.e. equal to the general fertility rate; ' + AGES.en,
    ),
    numerator: 'births',
    denominator: 'women_15_49_person_years',
    factor: 1000,
    unit: PER_MILLE,
    breakdowns: ['age5', 'child'],
  },
  {
    code: 'tfr',
    name: t('总和生育率', 'total fertility rate'),
    description: t(
      '5 × Σ 年龄别生育率（15-19 … 45-49）/ 1000，即每名妇女平均生育子女数；其分子、分母为一般生育率的分子、分母，仅供参考，数值不等于分子 ÷ 分母；年龄别生育率为年化值，故月度、季度也可比；某年龄组无妇女时不计入并标记 incomplete_age_groups（若该组有出生）',
      '5 × Σ age-specific fertility rates (15-19 … 45-49) / 1,000, in children per woman; its numerator and denominator are those of the general fertility rate, given for context: the value is NOT numerator ÷ denominator; the rates are annualised, so monthly and quarterly values are comparable; an age group without women adds nothing and, if it has births, is flagged incomplete_age_groups',
    ),
    numerator: 'births',
    denominator: 'women_15_49_person_years',
    factor: 1,
    unit: t('个/妇女', 'children per woman'),
    breakdowns: CHILD,
  },
  {
    code: 'gfr',
    name: t('一般生育率', 'general fertility rate'),
    description: rate('出生总数 ÷ 15–49 岁妇女人年数 × 1000；' + AGES.zh, 'all births ÷ person-years of women aged 15–49 × 1,000; ' + AGES.en),
    numerator: 'births',
    denominator: 'women_15_49_person_years',
    factor: 1000,
    unit: PER_MILLE,
    breakdowns: CHILD,
  },
  {
    code: 'women_15_49',
    name: t('育龄妇女人数', 'women aged 15–49'),
    description: endShare('期末 15–49 岁女性人数', 'women aged 15–49 at the end of the period'),
    numerator: 'women_15_49_end',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: CHILD,
  },
  {
    code: 'marriages',
    name: t('结婚登记数', 'marriages'),
    description: t('期间内登记的结婚（对）', 'marriages registered in the period (couples)'),
    numerator: 'marriages',
    denominator: null,
    factor: 1,
    unit: t('对', 'couples'),
    breakdowns: CHILD,
  },
  {
    code: 'divorces',
    name: t('离婚登记数', 'divorces'),
    description: t('期间内登记的离婚（对）', 'divorces registered in the period (couples)'),
    numerator: 'divorces',
    denominator: null,
    factor: 1,
    unit: t('对', 'couples'),
    breakdowns: CHILD,
  },
  {
    code: 'move_in',
    name: t('迁入人数', 'moves in'),
    description: t('期间内迁入本区划的人数（按所选口径）；按五岁组分组为迁移时年龄', 'persons who moved into the region in the period, on the requested basis; by age group = age at the move'),
    numerator: 'move_in',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'move_out',
    name: t('迁出人数', 'moves out'),
    description: t('期间内迁出本区划的人数（按所选口径）；按五岁组分组为迁移时年龄', 'persons who moved out of the region in the period, on the requested basis; by age group = age at the move'),
    numerator: 'move_out',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'floating_in',
    name: t('流入人口', 'floating population in'),
    description: t('期末居住在本区划、户籍在本区划以外的人数（始终按常住口径，与所选口径无关）', 'persons living in the region on the last day of the period whose hukou is outside it (always the residence basis, whatever basis is requested)'),
    numerator: 'floating_in_end',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'floating_out',
    name: t('流出人口', 'floating population out'),
    description: t('期末户籍在本区划、居住在本区划以外的人数（始终按户籍口径，与所选口径无关）', 'persons with hukou in the region living outside it on the last day of the period (always the hukou basis, whatever basis is requested)'),
    numerator: 'floating_out_end',
    denominator: null,
    factor: 1,
    unit: PERSONS,
    breakdowns: SEX_AGE,
  },
  {
    code: 'mismatch_rate',
    name: t('人户分离率', 'residence–hukou mismatch rate'),
    description: t('期末常住人口中居住地与户籍地不在同一乡镇（街道）的人数 ÷ 期末常住人口 × 100（始终按常住口径）', 'persons whose residence and hukou are in different townships ÷ resident population, both on the last day of the period, × 100 (always the residence basis)'),
    numerator: 'residence_away_end',
    denominator: 'residence_population_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX_AGE,
  },
  {
    code: 'aged_60_share',
    name: t('60 岁及以上人口占比', 'population aged 60+, share'),
    description: endShare('期末 60 岁及以上人数 ÷ 期末人数 × 100', 'persons aged 60 or over ÷ population × 100, at the end of the period'),
    numerator: 'population_60plus_end',
    denominator: 'population_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX,
  },
  {
    code: 'aged_65_share',
    name: t('65 岁及以上人口占比', 'population aged 65+, share'),
    description: endShare('期末 65 岁及以上人数 ÷ 期末人数 × 100', 'persons aged 65 or over ÷ population × 100, at the end of the period'),
    numerator: 'population_65plus_end',
    denominator: 'population_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX,
  },
  {
    code: 'dependency_total',
    name: t('总抚养比', 'total dependency ratio'),
    description: endShare('期末 (0–14 岁 + 65 岁及以上人数) ÷ 15–64 岁人数 × 100', '(persons aged 0–14 + aged 65 or over) ÷ persons aged 15–64 × 100, at the end of the period'),
    numerator: 'population_dependent_end',
    denominator: 'population_15_64_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX,
  },
  {
    code: 'dependency_child',
    name: t('少儿抚养比', 'child dependency ratio'),
    description: endShare('期末 0–14 岁人数 ÷ 15–64 岁人数 × 100', 'persons aged 0–14 ÷ persons aged 15–64 × 100, at the end of the period'),
    numerator: 'population_0_14_end',
    denominator: 'population_15_64_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX,
  },
  {
    code: 'dependency_old',
    name: t('老年抚养比', 'old-age dependency ratio'),
    description: endShare('期末 65 岁及以上人数 ÷ 15–64 岁人数 × 100', 'persons aged 65 or over ÷ persons aged 15–64 × 100, at the end of the period'),
    numerator: 'population_65plus_end',
    denominator: 'population_15_64_end',
    factor: 100,
    unit: PERCENT,
    breakdowns: SEX,
  },
] satisfies readonly IndicatorDefinition[]);

const BY_CODE: ReadonlyMap<string, IndicatorDefinition> = new Map(INDICATORS.map((d) => [d.code, d]));

/** The definition of `code`, or undefined when there is none. */
export function indicatorByCode(code: string): IndicatorDefinition | undefined {
  return BY_CODE.get(code);
}

export function isIndicatorCode(code: string): code is IndicatorCode {
  return BY_CODE.has(code);
}

/** The catalogue entry as the API shows it (IndicatorDefinitionView); all definitions when none is given. */
export function toDefinitionView(def: IndicatorDefinition): IndicatorDefinitionView;
export function toDefinitionView(): IndicatorDefinitionView[];
export function toDefinitionView(def?: IndicatorDefinition): IndicatorDefinitionView | IndicatorDefinitionView[] {
  if (def === undefined) return INDICATORS.map((d) => toDefinitionView(d));
  return {
    code: def.code,
    name: { ...def.name },
    description: { ...def.description },
    numerator: def.numerator,
    denominator: def.denominator,
    factor: def.factor,
    unit: { ...def.unit },
    breakdowns: [...def.breakdowns],
  };
}
