import type { z } from 'zod';
import type { PublicStats } from '@renkou/core';
import type { Lang } from '../../i18n/labels';
import { formatCount, formatFixed } from '../stats/format';

export type PublicRow = z.infer<typeof PublicStats>['rows'][number];
export const SUPPRESSED = '<5';

/** Units of counts (persons, couples): shown as whole numbers; every other unit is a rate's, with decimals. */
const COUNT_UNITS = new Set(['人', '人次', '对', '户', '例']);

/** A published value: "<5" as is, counts with thousands separators, SRB with one decimal, rates with two. */
export function formatPublic(row: PublicRow, lang: Lang): string {
  const v = row.value;
  if (v === null) return '—';
  if (v === SUPPRESSED) return SUPPRESSED;
  if (COUNT_UNITS.has(row.unit.zh) && Number.isInteger(v)) return formatCount(v, lang);
  return formatFixed(v, row.indicator === 'srb' ? 1 : 2, lang);
}
