import { useMemo, useState } from 'react';
import { Card, Segmented, Table, Typography } from 'antd';
import type { DictKey } from '../../i18n/dict';
import { useI18n } from '../../i18n/i18n';
import { formatNumber, personDigits, type ScenarioRun, type YearRow } from './model';

type Column = { readonly key: keyof YearRow; readonly title: DictKey; readonly kind: 'count' | 'percent' | 'tfr' | 'e0' };

const COLUMNS: readonly Column[] = [
  { key: 'total', title: 'projection.col.total', kind: 'count' },
  { key: 'births', title: 'projection.col.births', kind: 'count' },
  { key: 'deaths', title: 'projection.col.deaths', kind: 'count' },
  { key: 'netMigration', title: 'projection.col.netMigration', kind: 'count' },
  { key: 'preschool', title: 'projection.col.preschool', kind: 'count' },
  { key: 'schoolAge', title: 'projection.col.schoolAge', kind: 'count' },
  { key: 'workingAge', title: 'projection.col.workingAge', kind: 'count' },
  { key: 'aged60', title: 'projection.col.aged60', kind: 'count' },
  { key: 'aged65', title: 'projection.col.aged65', kind: 'count' },
  { key: 'aged65Share', title: 'projection.col.aged65Share', kind: 'percent' },
  { key: 'dependencyTotal', title: 'projection.col.dependencyTotal', kind: 'percent' },
  { key: 'tfr', title: 'projection.col.tfr', kind: 'tfr' },
  { key: 'e0Female', title: 'projection.col.e0Female', kind: 'e0' },
  { key: 'e0Male', title: 'projection.col.e0Male', kind: 'e0' },
];

/** 逐年结果: a row per year of one scenario (chosen above the table when there are two), counts rounded with separators. */
export function YearTable({ scenarios }: { scenarios: readonly ScenarioRun[] }) {
  const { t, lang } = useI18n();
  const [chosen, setChosen] = useState(0);
  const index = Math.min(chosen, scenarios.length - 1);
  const s = scenarios[index]!;
  // One precision for every count of the table: whole persons, or one decimal in a small region.
  const digits = useMemo(() => personDigits(s.years.flatMap((y) => COLUMNS.filter((c) => c.kind === 'count').map((c) => y[c.key]))), [s]);
  const show = (c: Column, v: number) => {
    switch (c.kind) {
      case 'count':
        return formatNumber(v, lang, digits);
      case 'percent':
        return formatNumber(v, lang, 1);
      case 'tfr':
        return formatNumber(v, lang, 2);
      case 'e0':
        return formatNumber(v, lang, 1);
    }
  };

  return (
    <Card
      size="small"
      title={t('projection.table')}
      data-testid="projection-years"
      extra={
        scenarios.length > 1 && (
          <Segmented<number> size="small" value={index} onChange={setChosen} options={scenarios.map((x, i) => ({ value: i, label: x.name }))} data-testid="projection-years-scenario" />
        )
      }
    >
      <Table<YearRow>
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={[...s.years]}
        // A year's `children` is the population aged 0–14, not nested rows.
        expandable={{ childrenColumnName: 'nestedRows' }}
        scroll={{ x: 1500, y: 420 }}
        columns={[
          { title: t('projection.col.year'), dataIndex: 'year', key: 'year', fixed: 'left', width: 72 },
          ...COLUMNS.map((c) => ({
            title: t(c.title),
            key: c.key,
            align: 'right' as const,
            render: (_: unknown, y: YearRow) => (c.key === 'births' || c.key === 'deaths' || c.key === 'netMigration') && y.year === s.years[0]?.year ? '—' : show(c, y[c.key]),
          })),
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('projection.tableNote')}
      </Typography.Text>
    </Card>
  );
}
