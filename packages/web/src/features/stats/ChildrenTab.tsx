import { useState } from 'react';
import { Button, Col, Empty, Form, Row, Select, Space, Table, Typography } from 'antd';
import type { Basis, IndicatorDefinitionView, IndicatorValue } from '@renkou/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { ChildChart } from './ChildChart';
import { FlagTags } from './FlagTags';
import { formatAmount, formatWithInterval, isCount, supporting } from './format';
import { useStats } from './queries';

/** Highest value first; regions without a value last, by name. */
function byValueDesc(a: IndicatorValue, b: IndicatorValue): number {
  if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
  return b.value - a.value;
}

interface Props {
  readonly region: string;
  readonly level: number | undefined;
  readonly period: string;
  readonly basis: Basis;
  readonly indicators: readonly string[];
  readonly defs: ReadonlyMap<string, IndicatorDefinitionView>;
  readonly onDrill: (code: string) => void;
}

/** 下级区划: one indicator over the child regions, as a sorted table and a bar chart; a click drills down. */
export function ChildrenTab({ region, level, period, basis, indicators, defs, onDrill }: Props) {
  const { t, lang } = useI18n();
  const choices = supporting(indicators, defs, 'child');
  const [picked, setPicked] = useState<string | undefined>();
  const indicator = picked && choices.includes(picked) ? picked : choices[0];
  const leaf = level !== undefined && level >= 5;
  const stats = useStats({ region, period, basis, indicators: indicator ? [indicator] : [], by: 'child' }, !leaf);

  if (leaf) return <Empty description={t('stats.child.none')} />;
  if (!indicator) return <Empty description={t('stats.child.unsupported')} />;
  const def = defs.get(indicator);
  const rows = (stats.data?.rows ?? []).filter((r) => r.indicator === indicator && r.group !== null).sort(byValueDesc);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Form.Item label={t('stats.child.indicator')} style={{ margin: 0 }}>
          <Select
            value={indicator}
            onChange={setPicked}
            options={choices.map((c) => ({ value: c, label: defs.get(c)?.name[lang] ?? c }))}
            style={{ minWidth: 200 }}
            data-testid="child-indicator"
          />
        </Form.Item>
        <Typography.Text type="secondary">{t('stats.child.help')}</Typography.Text>
      </Space>
      {stats.error && <ErrorAlert error={stats.error} />}
      {!stats.error && !stats.isPending && rows.length === 0 && <Empty description={t('stats.child.none')} />}
      {rows.length > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Table<IndicatorValue>
              rowKey={(r) => r.group ?? ''}
              size="small"
              pagination={false}
              loading={stats.isFetching}
              dataSource={rows}
              data-testid="child-table"
              scroll={{ y: 520 }}
              columns={[
                { title: t('stats.child.rank'), key: 'rank', width: 56, render: (_: unknown, _r, i) => i + 1 },
                {
                  title: t('stats.child.region'),
                  key: 'region',
                  render: (_: unknown, r) => (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrill(r.group!)} data-region={r.group}>
                      {r.groupName ?? r.group}
                    </Button>
                  ),
                },
                {
                  title: def?.name[lang] ?? indicator,
                  key: 'value',
                  align: 'right',
                  render: (_: unknown, r) => <span style={{ whiteSpace: 'nowrap' }}>{formatWithInterval(r, def, lang)}</span>,
                },
                // A count is its own numerator and has no denominator.
                ...(isCount(def, rows[0])
                  ? []
                  : [
                      { title: t('stats.numerator'), key: 'num', align: 'right' as const, render: (_: unknown, r: IndicatorValue) => formatAmount(r.numerator, lang) },
                      { title: t('stats.denominator'), key: 'den', align: 'right' as const, render: (_: unknown, r: IndicatorValue) => formatAmount(r.denominator, lang) },
                    ]),
                { title: t('stats.flags'), key: 'flags', render: (_: unknown, r) => <FlagTags flags={r.flags} /> },
              ]}
            />
          </Col>
          <Col xs={24} xl={12}>
            <ChildChart rows={rows} def={def} indicator={indicator} onPick={onDrill} />
          </Col>
        </Row>
      )}
    </Space>
  );
}
