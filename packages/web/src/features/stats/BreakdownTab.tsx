import { useMemo, useState } from 'react';
import { Col, Empty, Form, Row, Segmented, Select, Space, Table, Tooltip } from 'antd';
import type { Basis, IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { FONT_STACK } from '../../app/theme';
import { EChart, type EChartOption } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { flagText, formatIndicator, formatWithInterval, groupLabel, groupSortKey, supporting } from './format';
import { useStats } from './queries';

type By = 'sex' | 'age5' | 'order';
const SEX_ORDER = ['male', 'female'];

interface GroupRow {
  readonly group: string;
  readonly label: string;
  readonly cells: Record<string, IndicatorValue>;
}

function sortGroups(by: By, a: string, b: string): number {
  if (by === 'sex') return SEX_ORDER.indexOf(a) - SEX_ORDER.indexOf(b);
  const ka = groupSortKey(a);
  const kb = groupSortKey(b);
  return Number.isNaN(ka) || Number.isNaN(kb) ? a.localeCompare(b) : ka - kb;
}

interface Props {
  readonly region: string;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly defs: ReadonlyMap<string, IndicatorDefinitionView>;
}

/** 分组: the chosen indicators by sex, five-year age group or birth order, as a table and a chart of one of them. */
export function BreakdownTab({ region, period, basis, indicators, defs }: Props) {
  const { t, lang } = useI18n();
  const [by, setBy] = useState<By>('sex');
  const [picked, setPicked] = useState<string | undefined>();
  const codes = supporting(indicators, defs, by);
  const stats = useStats({ region, period, basis, indicators: codes, by });
  const chartCode = picked && codes.includes(picked) ? picked : codes[0];

  const groups = useMemo<GroupRow[]>(() => {
    const map = new Map<string, GroupRow>();
    for (const r of stats.data?.by === by ? stats.data.rows : []) {
      if (r.group === null) continue;
      const g = map.get(r.group) ?? { group: r.group, label: groupLabel(by, r, t, lang), cells: {} };
      g.cells[r.indicator] = r;
      map.set(r.group, g);
    }
    return [...map.values()].sort((a, b) => sortGroups(by, a.group, b.group));
  }, [stats.data, by, t, lang]);

  const option = useMemo<EChartOption>(() => {
    const def = chartCode ? defs.get(chartCode) : undefined;
    return {
      textStyle: { fontFamily: FONT_STACK },
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatIndicator(chartCode ?? '', v as number | null, def, lang) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: groups.map((g) => g.label), axisLabel: { interval: 0, rotate: groups.length > 8 ? 45 : 0 } },
      yAxis: { type: 'value', splitLine: { lineStyle: { type: 'dashed' } } },
      series: [{ name: def?.name[lang] ?? chartCode, type: 'bar', barMaxWidth: 36, itemStyle: { color: '#2f6fdf' }, data: groups.map((g) => (chartCode ? g.cells[chartCode]?.value ?? null : null)) }],
    };
  }, [groups, chartCode, defs, lang]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Form.Item label={t('stats.by')} style={{ margin: 0 }}>
          <Segmented<By>
            value={by}
            onChange={setBy}
            options={(['sex', 'age5', 'order'] as const).map((b) => ({ value: b, label: t(`stats.by.${b}`) }))}
            data-testid="breakdown-by"
          />
        </Form.Item>
        {codes.length > 0 && (
          <Form.Item label={t('stats.breakdown.chart')} style={{ margin: 0 }}>
            <Select value={chartCode} onChange={setPicked} options={codes.map((c) => ({ value: c, label: defs.get(c)?.name[lang] ?? c }))} style={{ minWidth: 180 }} />
          </Form.Item>
        )}
      </Space>
      {codes.length === 0 && <Empty description={t('stats.breakdown.unsupported')} />}
      {stats.error && <ErrorAlert error={stats.error} />}
      {codes.length > 0 && !stats.error && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Table<GroupRow>
              rowKey="group"
              size="small"
              pagination={false}
              loading={stats.isFetching}
              dataSource={groups}
              data-testid="breakdown-table"
              scroll={{ x: 160 + codes.length * 120 }}
              locale={{ emptyText: t('stats.noRows') }}
              columns={[
                { title: t('stats.group'), key: 'group', dataIndex: 'label', fixed: 'left', width: 120 },
                ...codes.map((c) => ({
                  title: defs.get(c)?.name[lang] ?? c,
                  key: c,
                  align: 'right' as const,
                  render: (_: unknown, g: GroupRow) => {
                    const cell = g.cells[c];
                    if (!cell) return '—';
                    const text = formatWithInterval(cell, defs.get(c), lang);
                    return cell.flags.length ? (
                      <Tooltip title={cell.flags.map((f) => flagText(f, t).help).join('；')}>
                        <span style={{ borderBottom: '1px dashed #fa8c16', cursor: 'help' }}>{text}</span>
                      </Tooltip>
                    ) : (
                      text
                    );
                  },
                })),
              ]}
            />
          </Col>
          <Col xs={24} xl={10}>
            {groups.length > 0 && <EChart option={option} height={320} ariaLabel={defs.get(chartCode ?? '')?.name[lang] ?? ''} testId="breakdown-chart" />}
          </Col>
        </Row>
      )}
    </Space>
  );
}
