import { useState } from 'react';
import { Form, Space, Table, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { Basis, IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { digitsFor, formatCount, formatFixed, formatWithInterval, percentChange } from './format';
import { PeriodPicker } from './PeriodPicker';
import { parsePeriod, periodCode, periodLabel, shiftPeriod } from './period';
import { useStats } from './queries';

interface CompareRow {
  readonly indicator: string;
  readonly current: IndicatorValue | undefined;
  readonly other: IndicatorValue | undefined;
}

/** The same period a year earlier: the year before, or the same quarter or month of the year before. */
function yearEarlier(code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  return periodCode(shiftPeriod(p, p.kind === 'year' ? -1 : p.kind === 'quarter' ? -4 : -12));
}

interface Props {
  readonly region: string;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly defs: ReadonlyMap<string, IndicatorDefinitionView>;
}

/** 期间对比: the chosen indicators for this period and another of the same kind, with the difference and % change. */
export function CompareTab({ region, period, basis, indicators, defs }: Props) {
  const { t, lang } = useI18n();
  const kind = parsePeriod(period)?.kind ?? 'year';
  const [chosen, setChosen] = useState<string | undefined>();
  const other = chosen && parsePeriod(chosen)?.kind === kind ? chosen : yearEarlier(period);
  const a = useStats({ region, period, basis, indicators });
  const b = useStats({ region, period: other, basis, indicators });
  const total = (rows: readonly IndicatorValue[] | undefined, code: string) => rows?.find((r) => r.indicator === code && r.group === null);
  const rows: CompareRow[] = indicators.map((indicator) => ({ indicator, current: total(a.data?.rows, indicator), other: total(b.data?.rows, indicator) }));

  const diffText = (r: CompareRow) => {
    const x = r.current?.value ?? null;
    const y = r.other?.value ?? null;
    if (x === null || y === null) return '—';
    const d = x - y;
    const digits = digitsFor(r.indicator, defs.get(r.indicator), r.current);
    const text = digits === 0 ? formatCount(Math.abs(d), lang) : formatFixed(Math.abs(d), digits, lang);
    return d === 0 ? text : `${d > 0 ? '+' : '−'}${text}`;
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form.Item label={t('stats.compare.with')} style={{ margin: 0 }}>
        <PeriodPicker value={other} onChange={setChosen} kinds={[kind]} data-testid="compare-period" />
      </Form.Item>
      {(a.error || b.error) && <ErrorAlert error={a.error ?? b.error} />}
      <Table<CompareRow>
        rowKey="indicator"
        size="small"
        pagination={false}
        loading={a.isFetching || b.isFetching}
        dataSource={rows}
        data-testid="compare-table"
        scroll={{ x: 720 }}
        columns={[
          { title: t('stats.indicator'), key: 'indicator', render: (_: unknown, r) => defs.get(r.indicator)?.name[lang] ?? r.indicator },
          {
            title: `${t('stats.compare.other')}（${periodLabel(other, t)}）`,
            key: 'other',
            align: 'right',
            render: (_: unknown, r) => (r.other ? formatWithInterval(r.other, defs.get(r.indicator), lang) : '—'),
          },
          {
            title: `${t('stats.compare.current')}（${periodLabel(period, t)}）`,
            key: 'current',
            align: 'right',
            render: (_: unknown, r) => (r.current ? formatWithInterval(r.current, defs.get(r.indicator), lang) : '—'),
          },
          {
            title: <Tooltip title={t('stats.compare.diffHelp')}>{t('stats.compare.diff')}</Tooltip>,
            key: 'diff',
            align: 'right',
            render: (_: unknown, r) => diffText(r),
          },
          {
            title: t('stats.compare.change'),
            key: 'change',
            align: 'right',
            render: (_: unknown, r) => {
              const pct = percentChange(r.current?.value ?? null, r.other?.value ?? null);
              if (pct === null) return '—';
              const icon = pct > 0 ? <ArrowUpOutlined /> : pct < 0 ? <ArrowDownOutlined /> : null;
              return (
                <span>
                  {icon} {`${pct > 0 ? '+' : ''}${formatFixed(pct, 2, lang)}%`}
                </span>
              );
            },
          },
          { title: t('stats.unit'), key: 'unit', render: (_: unknown, r) => defs.get(r.indicator)?.unit[lang] ?? '' },
        ]}
      />
    </Space>
  );
}
