/**
 * Statistical periods: a calendar year ('2025'), quarter ('2025Q1') or month ('2025-03').
 *
 * Dates are plain 'YYYY-MM-DD' strings computed by calendar arithmetic, never through `Date`, so the result
 * does not depend on the server's time zone (the registry's calendar is China Standard Time).
 */

import { DomainError, type LocalizedText } from '../errors';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  /** The canonical code: '2025', '2025Q1' or '2025-03'. */
  readonly code: string;
  readonly kind: PeriodKind;
  readonly year: number;
  /** First day of the period. */
  readonly start: string;
  /** Last day of the period (the end-of-period stock date). */
  readonly end: string;
  /** Length in months: 1, 3 or 12 (used to annualise rates). */
  readonly months: number;
  /** The day before `start`: the start-of-period stock date (persons present when the period opens). */
  readonly before: string;
}

/** A trend request longer than this (20 years of months) is refused rather than answered slowly. */
export const MAX_PERIODS = 240;

const BAD_PERIOD = 'BAD_PERIOD';
const t = (zh: string, en: string): LocalizedText => ({ zh, en });
const HEADLINE = t('统计期间有误', 'invalid statistical period');
const FORMAT = t('期间应为 2025、2025Q1 或 2025-03', 'period must look like 2025, 2025Q1 or 2025-03');

function periodError(path: string, value: unknown, reason: LocalizedText): DomainError {
  return new DomainError(BAD_PERIOD, HEADLINE, [{ path, value, reason }], 400);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
const ymd = (y: number, m: number, d: number) => `${pad4(y)}-${pad2(m)}-${pad2(d)}`;

/** Builds the period covering months firstMonth … firstMonth + months − 1 of `year`. */
function build(kind: PeriodKind, year: number, firstMonth: number, months: number, code: string): Period {
  const lastMonth = firstMonth + months - 1;
  const before = firstMonth === 1 ? ymd(year - 1, 12, 31) : ymd(year, firstMonth - 1, daysIn(year, firstMonth - 1));
  return { code, kind, year, start: ymd(year, firstMonth, 1), end: ymd(year, lastMonth, daysIn(year, lastMonth)), months, before };
}

function fromOrdinal(kind: PeriodKind, ordinal: number): Period {
  switch (kind) {
    case 'year':
      return build('year', ordinal, 1, 12, pad4(ordinal));
    case 'quarter': {
      const year = Math.floor(ordinal / 4);
      const q = ordinal - 4 * year + 1;
      return build('quarter', year, 3 * (q - 1) + 1, 3, `${pad4(year)}Q${q}`);
    }
    case 'month': {
      const year = Math.floor(ordinal / 12);
      const m = ordinal - 12 * year + 1;
      return build('month', year, m, 1, `${pad4(year)}-${pad2(m)}`);
    }
  }
}

/** Position on the period's own scale (years, quarters or months since year 0), for stepping and counting. */
function ordinalOf(p: Period): number {
  const month = Number(p.start.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return p.year;
    case 'quarter':
      return 4 * p.year + (month - 1) / 3;
    case 'month':
      return 12 * p.year + month - 1;
  }
}

/** Year 0000 would put `before` in year −1, which no 'YYYY-MM-DD' can say. */
const MIN_YEAR = 1;

/**
 * Parses '2025', '2025Q1' or '2025-03' (surrounding blanks ignored).
 *
 * @param path where the value came from, for the error's details (default 'query.period')
 * @throws DomainError BAD_PERIOD (400) on anything else
 */
export function parsePeriod(code: string, path = 'query.period'): Period {
  const m = typeof code === 'string' ? /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(code.trim()) : null;
  if (!m) throw periodError(path, code, FORMAT);
  const year = Number(m[1]);
  if (year < MIN_YEAR) throw periodError(path, code, t('年份应不小于 0001', 'the year must be 0001 or later'));
  if (m[2] !== undefined) return fromOrdinal('quarter', 4 * year + Number(m[2]) - 1);
  if (m[3] !== undefined) return fromOrdinal('month', 12 * year + Number(m[3]) - 1);
  return fromOrdinal('year', year);
}

const asPeriod = (p: string | Period, path: string): Period => (typeof p === 'string' ? parsePeriod(p, path) : p);

/**
 * All periods from `from` to `to` inclusive, oldest first. Both must be of the same kind, `from` not after
 * `to`, and the span at most MAX_PERIODS periods.
 *
 * @throws DomainError BAD_PERIOD naming query.from or query.to
 */
export function periodsBetween(from: string | Period, to: string | Period): Period[] {
  const a = asPeriod(from, 'query.from');
  const b = asPeriod(to, 'query.to');
  if (a.kind !== b.kind) {
    throw periodError('query.to', b.code, t(`起止期间的类型应相同（起始为${a.code}）`, `must be of the same kind as query.from (${a.code})`));
  }
  const first = ordinalOf(a);
  const last = ordinalOf(b);
  if (last < first) throw periodError('query.to', b.code, t(`截止期间早于起始期间 ${a.code}`, `is before query.from (${a.code})`));
  if (last - first + 1 > MAX_PERIODS) {
    throw periodError('query.to', b.code, t(`一次最多 ${MAX_PERIODS} 个期间`, `at most ${MAX_PERIODS} periods at a time`));
  }
  return Array.from({ length: last - first + 1 }, (_, i) => fromOrdinal(a.kind, first + i));
}

/** The period just before `p`, of the same kind (2025Q1 → 2024Q4). */
export function previousPeriod(p: Period): Period {
  return fromOrdinal(p.kind, ordinalOf(p) - 1);
}

/** The same month, quarter or year one year earlier (同比: 2025-03 → 2024-03). */
export function samePeriodLastYear(p: Period): Period {
  const step = p.kind === 'year' ? 1 : p.kind === 'quarter' ? 4 : 12;
  return fromOrdinal(p.kind, ordinalOf(p) - step);
}

/**
 * The period of `kind` that contains the calendar date `date` ('YYYY-MM-DD').
 *
 * @throws DomainError BAD_PERIOD naming `path` (default 'query.date') when the date is not a calendar date
 */
export function periodOf(kind: PeriodKind, date: string, path = 'query.date'): Period {
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m || y < MIN_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) {
    throw periodError(path, date, t('日期应为 YYYY-MM-DD 格式的有效日期', 'must be a calendar date, YYYY-MM-DD'));
  }
  switch (kind) {
    case 'year':
      return fromOrdinal('year', y);
    case 'quarter':
      return fromOrdinal('quarter', 4 * y + Math.floor((mo - 1) / 3));
    case 'month':
      return fromOrdinal('month', 12 * y + mo - 1);
  }
}
