import { todayInChina } from '@renkou/core';
import type { Translate } from '../../i18n/translate';

/**
 * Statistical periods as the API names them: '2025' (year), '2025Q1' (quarter), '2025-03' (month).
 * `part` is the quarter (1–4) or the month (1–12); a year has none.
 */
export type PeriodKind = 'year' | 'quarter' | 'month';
export interface Period {
  readonly kind: PeriodKind;
  readonly year: number;
  readonly part: number;
}

const PATTERN = /^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$/;
const pad = (n: number) => String(n).padStart(2, '0');

export function periodCode(p: Period): string {
  if (p.kind === 'year') return String(p.year);
  return p.kind === 'quarter' ? `${p.year}Q${p.part}` : `${p.year}-${pad(p.part)}`;
}

export function parsePeriod(code: string | null | undefined): Period | null {
  const m = code ? PATTERN.exec(code.trim()) : null;
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { kind: 'quarter', year, part: Number(m[2]) };
  if (m[3]) return { kind: 'month', year, part: Number(m[3]) };
  return { kind: 'year', year, part: 0 };
}

const perYear = (kind: PeriodKind) => (kind === 'year' ? 1 : kind === 'quarter' ? 4 : 12);

/** The period `n` periods of the same kind after `p` (before, for negative n). */
export function shiftPeriod(p: Period, n: number): Period {
  if (p.kind === 'year') return { ...p, year: p.year + n };
  const k = perYear(p.kind);
  const index = p.year * k + (p.part - 1) + n;
  return { kind: p.kind, year: Math.floor(index / k), part: (index % k) + 1 };
}

/** How many periods from `a` to `b`, both included (0 or less when b is before a). */
export function periodCount(a: Period, b: Period): number {
  const k = perYear(a.kind);
  return (b.year * k + b.part) - (a.year * k + a.part) + 1;
}

/** The first and last day, YYYY-MM-DD. */
export function periodStart(p: Period): string {
  if (p.kind === 'year') return `${p.year}-01-01`;
  const month = p.kind === 'quarter' ? (p.part - 1) * 3 + 1 : p.part;
  return `${p.year}-${pad(month)}-01`;
}

export function periodEnd(p: Period): string {
  const lastMonth = p.kind === 'year' ? 12 : p.kind === 'quarter' ? p.part * 3 : p.part;
  const days = new Date(Date.UTC(p.year, lastMonth, 0)).getUTCDate();
  return `${p.year}-${pad(lastMonth)}-${pad(days)}`;
}

/** The period of this kind that contains `date` (YYYY-MM-DD). */
export function periodOf(kind: PeriodKind, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'year') return { kind, year, part: 0 };
  return { kind, year, part: kind === 'quarter' ? Math.ceil(month / 3) : month };
}

/** The last period of this kind that has ended (the default of most pages: the last complete year). */
export function lastComplete(kind: PeriodKind, today: string = todayInChina()): Period {
  return shiftPeriod(periodOf(kind, today), -1);
}

/** A period that has not begun yet. */
export function isFuture(p: Period, today: string = todayInChina()): boolean {
  return periodStart(p) > today;
}

/** The same period of this kind, taken from another: a month keeps its year, a quarter keeps its month's quarter. */
export function convertPeriod(p: Period, kind: PeriodKind, today: string = todayInChina()): Period {
  if (kind === p.kind) return p;
  if (kind === 'year') return { kind, year: p.year, part: 0 };
  // From a year: its last period that has begun.
  const end = p.kind === 'year' ? (periodEnd(p) < today ? periodEnd(p) : today) : periodStart(p);
  return periodOf(kind, end);
}

/** '2025 年第 1 季度' / '2025 Q1'. */
export function periodLabel(code: string, t: Translate): string {
  const p = parsePeriod(code);
  if (!p) return code;
  if (p.kind === 'year') return t('stats.period.year', { y: p.year });
  if (p.kind === 'quarter') return t('stats.period.quarter', { y: p.year, q: p.part });
  return t('stats.period.month', { y: p.year, m: p.part, mm: pad(p.part) });
}
