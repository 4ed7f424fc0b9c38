import type { IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { DICT, type DictKey } from '../../i18n/dict';
import type { Translate } from '../../i18n/translate';
import type { Lang } from '../../i18n/labels';
import { label, SEX } from '../../i18n/labels';

/** Indicator codes that are ratios per 100 (sex ratio at birth): one decimal, as the statistics bureaus publish them. */
const ONE_DECIMAL = new Set(['srb']);

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

/** A count (persons, births): no denominator. Without a definition, a whole number with factor 1 is taken for one. */
export function isCount(def: IndicatorDefinitionView | undefined, row?: Pick<IndicatorValue, 'factor' | 'value'>): boolean {
  if (def) return def.denominator === null;
  return row ? row.factor === 1 && row.value !== null && Number.isInteger(row.value) : false;
}

/** An integer with thousands separators: 1,234,567. */
export function formatCount(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined) return '—';
  return Math.round(n).toLocaleString(locale(lang), { maximumFractionDigits: 0 });
}

/** A number with exactly `digits` decimals and thousands separators. */
export function formatFixed(n: number | null | undefined, digits: number, lang: Lang): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Decimals shown: none for a count, one for SRB, two for every other rate. */
export function digitsFor(code: string, def: IndicatorDefinitionView | undefined, row?: Pick<IndicatorValue, 'factor' | 'value'>): 0 | 1 | 2 {
  if (isCount(def, row)) return 0;
  return ONE_DECIMAL.has(code) ? 1 : 2;
}

/** Counts as integers with thousands separators, SRB with one decimal, every other rate with two. */
export function formatIndicator(code: string, value: number | null | undefined, def: IndicatorDefinitionView | undefined, lang: Lang, row?: Pick<IndicatorValue, 'factor' | 'value'>): string {
  if (value === null || value === undefined) return '—';
  const digits = digitsFor(code, def, row ?? { factor: def?.factor ?? 1, value });
  return digits === 0 ? formatCount(value, lang) : formatFixed(value, digits, lang);
}

/** A numerator or denominator: whole numbers as counts, person-years and the like with up to two decimals. */
export function formatAmount(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined) return '—';
  return Number.isInteger(n) ? formatCount(n, lang) : n.toLocaleString(locale(lang), { maximumFractionDigits: 2 });
}

/** The value with its interval, as "112.3 (108.1–116.7)". */
export function formatWithInterval(row: IndicatorValue, def: IndicatorDefinitionView | undefined, lang: Lang): string {
  const value = formatIndicator(row.indicator, row.value, def, lang, row);
  if (!row.interval || row.value === null) return value;
  const digits = Math.max(1, digitsFor(row.indicator, def, row));
  return `${value} (${formatFixed(row.interval.lower, digits, lang)}–${formatFixed(row.interval.upper, digits, lang)})`;
}

/** Percentage change from `before` to `after`, or null when it cannot be computed. */
export function percentChange(after: number | null, before: number | null): number | null {
  if (after === null || before === null || before === 0) return null;
  return ((after - before) / Math.abs(before)) * 100;
}

export function hasKey(key: string): key is DictKey {
  return Object.prototype.hasOwnProperty.call(DICT, key);
}

/** The label of a flag the API sets on a value (small_numbers, no_denominator, …) and its explanation. */
export function flagText(flag: string, t: Translate): { label: string; help: string } {
  const k = `stats.flag.${flag}`;
  const h = `${k}Help`;
  return { label: hasKey(k) ? t(k) : flag, help: hasKey(h) ? t(h) : t('stats.flag.otherHelp', { flag }) };
}

/** The label of a breakdown group: 男 / 一孩 / 25-29 / a child region's name. */
export function groupLabel(by: string | null, row: Pick<IndicatorValue, 'group' | 'groupName'>, t: Translate, lang: Lang): string {
  if (row.group === null) return '';
  if (by === 'sex') return label(SEX, row.group, lang);
  if (by === 'order') {
    const k = `stats.order.${row.group}`;
    if (hasKey(k)) return t(k);
  }
  return row.groupName ?? row.group;
}

/** The first number of a group ('25-29' → 25, '100+' → 100) for sorting age groups; NaN for others. */
export function groupSortKey(group: string | null): number {
  const m = group ? /^(\d+)/.exec(group) : null;
  return m ? Number(m[1]) : Number.NaN;
}

/** The name of an indicator in the current language, from its definition (the code when there is none). */
export function indicatorName(code: string, defs: ReadonlyMap<string, IndicatorDefinitionView>, lang: Lang): string {
  const d = defs.get(code);
  return d ? d.name[lang] : code;
}

/** The chosen indicators that break down this way (all of them while the definitions load). */
export function supporting(indicators: readonly string[], defs: ReadonlyMap<string, IndicatorDefinitionView>, by: IndicatorDefinitionView['breakdowns'][number]): string[] {
  return indicators.filter((c) => defs.get(c)?.breakdowns.includes(by) ?? defs.size === 0);
}
