import { Segmented, Select, Space } from 'antd';
import { todayInChina } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { convertPeriod, isFuture, lastComplete, parsePeriod, periodCode, periodEnd, periodOf, type Period, type PeriodKind } from './period';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** How far back the year list reaches. */
const YEARS_BACK = 20;

export interface PeriodPickerProps {
  value: string;
  onChange: (code: string) => void;
  /** The kinds offered; all three by default. With one kind the switch is hidden. */
  kinds?: readonly PeriodKind[];
  /** Offer the current, unfinished year, quarter or month (true by default); periods not begun are never offered. */
  current?: boolean;
  'data-testid'?: string;
  'aria-label'?: string;
}

/**
 * Chooses a statistical period and hands back its code: '2025' (year), '2025Q1' (quarter) or
 * '2025-03' (month): a switch for the kind, then the year, then the quarter or month.
 */
export function PeriodPicker({ value, onChange, kinds = ['year', 'quarter', 'month'], current = true, ...rest }: PeriodPickerProps) {
  const { t } = useI18n();
  const today = todayInChina();
  const thisYear = Number(today.slice(0, 4));
  const p: Period = parsePeriod(value) ?? { kind: kinds[0] ?? 'year', year: thisYear - 1, part: 1 };
  const testId = rest['data-testid'] ?? 'period';

  const allowed = (c: Period) => (current ? !isFuture(c, today) : periodEnd(c) < today);
  /** The period of this kind in `year` at `p`'s place, or else the latest that may be chosen. */
  const fit = (year: number, kind: PeriodKind): Period => {
    const same = { kind, year, part: kind === 'year' ? 0 : p.kind === kind ? p.part : 1 };
    if (allowed(same)) return same;
    return current ? periodOf(kind, today) : lastComplete(kind, today);
  };
  const emit = (next: Period) => onChange(periodCode(next));
  const lastYear = allowed({ kind: p.kind, year: thisYear, part: 1 }) || p.kind !== 'year' ? thisYear : thisYear - 1;
  const years = Array.from({ length: YEARS_BACK }, (_, i) => lastYear - i);
  const parts = p.kind === 'year' ? [] : Array.from({ length: p.kind === 'quarter' ? 4 : 12 }, (_, i) => i + 1);

  return (
    <Space size={8} wrap aria-label={rest['aria-label']} data-testid={testId}>
      {kinds.length > 1 && (
        <Segmented<PeriodKind>
          value={p.kind}
          options={kinds.map((k) => ({ value: k, label: t(`stats.kind.${k}`) }))}
          onChange={(k) => {
            const next = convertPeriod(p, k, today);
            emit(allowed(next) ? next : fit(next.year, k));
          }}
          data-testid={`${testId}-kind`}
        />
      )}
      <Space.Compact>
      <Select<number>
        value={p.year}
        options={years.map((y) => ({ value: y, label: t('stats.yearOption', { y }) }))}
        onChange={(year) => emit(fit(year, p.kind))}
        style={{ width: 104 }}
        data-testid={`${testId}-year`}
        aria-label={t('stats.kind.year')}
      />
      {p.kind !== 'year' && (
        <Select<number>
          value={p.part}
          options={parts.map((n) => ({
            value: n,
            label: p.kind === 'quarter' ? t('stats.quarterOption', { q: n }) : t('stats.monthOption', { m: n, mon: MONTHS_EN[n - 1]! }),
            disabled: !allowed({ ...p, part: n }),
          }))}
          onChange={(part) => emit({ ...p, part })}
          style={{ width: p.kind === 'quarter' ? 116 : 84 }}
          data-testid={`${testId}-part`}
          aria-label={t(`stats.kind.${p.kind}`)}
        />
      )}
      </Space.Compact>
    </Space>
  );
}
