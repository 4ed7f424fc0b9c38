import { Card, Table } from 'antd';
import type { ReportView } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { formatAmount } from './format';

type ReportTableData = ReportView['tables'][number];
type Cell = ReportTableData['rows'][number][number];

/** One fixed-layout table of a report as the server laid it out: text as is, numbers right-aligned with separators. */
export function ReportTable({ table, index }: { table: ReportTableData; index: number }) {
  const { lang } = useI18n();
  const numeric = table.columns.map((_, c) => table.rows.some((r) => typeof r[c] === 'number'));
  return (
    <Card size="small" title={table.title} data-testid={`report-table-${index}`}>
      <Table<{ key: number; cells: Cell[] }>
        size="small"
        bordered
        pagination={false}
        scroll={{ x: Math.max(600, table.columns.length * 110) }}
        dataSource={table.rows.map((cells, key) => ({ key, cells }))}
        columns={table.columns.map((title, c) => ({
          title,
          key: String(c),
          align: numeric[c] ? ('right' as const) : ('left' as const),
          fixed: c === 0 ? ('left' as const) : undefined,
          render: (_: unknown, row: { cells: Cell[] }) => {
            const v = row.cells[c];
            if (v === null || v === undefined) return '';
            return typeof v === 'number' ? formatAmount(v, lang) : v;
          },
        }))}
      />
    </Card>
  );
}
