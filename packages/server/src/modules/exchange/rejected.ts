import { FEED_NAMES, type FeedKind, type RowProblem } from '@renkou/core';
import type { Db } from '@renkou/db';
import { reportToXlsx } from '../../platform/export';

/** Every problem of every rejected row of a batch, in row order (values with ID-like digits masked). */
export async function rejectedRows(db: Db, batchId: number): Promise<RowProblem[]> {
  const rows = await db.selectFrom('import_record').select(['row_number', 'problems']).where('batch_id', '=', batchId).where('status', '=', 'rejected').orderBy('row_number').execute();
  return rows.flatMap((r) => (r.problems as RowProblem[] | null) ?? []);
}

/** The rejected rows as .xlsx with a reason column, through the same writer as the statistical reports. */
export async function rejectedToXlsx(kind: FeedKind, batchId: number, items: readonly RowProblem[]): Promise<Buffer> {
  return reportToXlsx({
    title: { zh: `${FEED_NAMES[kind].zh} 第 ${batchId} 批 被拒行`, en: `${FEED_NAMES[kind].en}, batch ${batchId}: rejected rows` },
    region: { code: '', name: '' },
    period: '',
    basis: 'residence',
    generatedAt: new Date().toISOString(),
    tables: [{ title: '被拒行 Rejected rows', columns: ['行号 Row', '字段 Field', '值 Value', '原因 Reason', 'Reason (English)'], rows: items.map((p) => [p.row, p.field, p.value, p.reason.zh, p.reason.en]) }],
  });
}
