import { Table, Tooltip } from 'antd';
import type { IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { FlagTags } from './FlagTags';
import { formatAmount, formatWithInterval, indicatorName, isCount } from './format';

/**
 * The values of the chosen indicators for one region and period: value (a rate with two decimals, a
 * count with thousands separators, SRB with its 95% interval), numerator, denominator, unit and notes.
 */
export function IndicatorTable({ rows, defs, loading }: { rows: readonly IndicatorValue[]; defs: ReadonlyMap<string, IndicatorDefinitionView>; loading?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <Table<IndicatorValue>
      rowKey={(r) => `${r.indicator}:${r.group ?? ''}`}
      size="small"
      pagination={false}
      loading={loading}
      data-testid="stats-table"
      dataSource={[...rows]}
      scroll={{ x: 760 }}
      onRow={(r) => ({ 'data-indicator': r.indicator }) as React.HTMLAttributes<HTMLTableRowElement>}
      locale={{ emptyText: t('stats.noRows') }}
      columns={[
        {
          title: t('stats.indicator'),
          key: 'indicator',
          render: (_: unknown, r) => {
            const d = defs.get(r.indicator);
            return d ? (
              <Tooltip title={d.description[lang]}>
                <span>{d.name[lang]}</span>
              </Tooltip>
            ) : (
              indicatorName(r.indicator, defs, lang)
            );
          },
        },
        {
          title: t('stats.value'),
          key: 'value',
          align: 'right',
          render: (_: unknown, r) => (
            <strong className="stat-value" data-testid={`value-${r.indicator}`} data-value={r.value ?? ''}>
              {formatWithInterval(r, defs.get(r.indicator), lang)}
            </strong>
          ),
        },
        {
          title: t('stats.numerator'),
          key: 'numerator',
          align: 'right',
          render: (_: unknown, r) => formatAmount(r.numerator, lang),
        },
        {
          title: t('stats.denominator'),
          key: 'denominator',
          align: 'right',
          render: (_: unknown, r) => (isCount(defs.get(r.indicator), r) ? '—' : formatAmount(r.denominator, lang)),
        },
        { title: t('stats.unit'), key: 'unit', render: (_: unknown, r) => defs.get(r.indicator)?.unit[lang] ?? '' },
        { title: t('stats.flags'), key: 'flags', render: (_: unknown, r) => <FlagTags flags={r.flags} /> },
      ]}
    />
  );
}
