import { useMemo } from 'react';
import { Alert, Card, Table, Typography } from 'antd';
import type { DictKey } from '../../i18n/dict';
import { useI18n } from '../../i18n/i18n';
import { formatNumber, formatSigned, impactSummary, personDigits, type RegionProjection } from './model';

type Comparison = NonNullable<RegionProjection['comparison']>[number];

const FIELDS: readonly { readonly key: string; readonly title: DictKey }[] = [
  { key: 'births', title: 'projection.impact.births' },
  { key: 'preschool', title: 'projection.impact.preschool' },
  { key: 'schoolAge', title: 'projection.impact.schoolAge' },
  { key: 'workingAge', title: 'projection.impact.workingAge' },
  { key: 'aged60', title: 'projection.impact.aged60' },
  { key: 'aged65', title: 'projection.impact.aged65' },
  { key: 'total', title: 'projection.impact.total' },
];

const GREEN = '#389e0d';
const RED = '#cf1322';

/**
 * 人口影响评估: the second scenario minus the first, year by year (more in green, fewer in red), with a
 * sentence for the horizon year: births summed up to it, school-age, working-age and 65+ in that year.
 */
export function ImpactCard({ result }: { result: RegionProjection }) {
  const { t, lang } = useI18n();
  const [a, b] = [result.scenarios[0]!, result.scenarios[1]!];
  // The base year is the same in both scenarios: the table starts with the first projected year.
  const rows = useMemo(() => (result.comparison ?? []).slice(1), [result.comparison]);
  const digits = useMemo(() => personDigits(rows.flatMap((r) => FIELDS.map((f) => r.difference[f.key] ?? 0))), [rows]);
  const summary = result.comparison ? impactSummary(result.comparison) : null;
  const verb = (n: number) => (n < 0 ? t('projection.impact.fewer') : t('projection.impact.more'));

  return (
    <Card size="small" title={t('projection.impact')} data-testid="projection-impact">
      {summary && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="impact-summary"
          data-births={summary.births}
          title={t('projection.impact.summary', {
            year: summary.year,
            a: a.name,
            b: b.name,
            births: formatNumber(Math.abs(summary.births), lang, digits),
            birthsVerb: verb(summary.births),
            school: formatNumber(Math.abs(summary.schoolAge), lang, digits),
            schoolVerb: verb(summary.schoolAge),
            work: formatNumber(Math.abs(summary.workingAge), lang, digits),
            workVerb: verb(summary.workingAge),
            old: formatNumber(Math.abs(summary.aged65), lang, digits),
            oldVerb: verb(summary.aged65),
          })}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('projection.impact.help', { a: a.name, b: b.name })}
      </Typography.Paragraph>
      <Table<Comparison>
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 900, y: 420 }}
        data-testid="impact-table"
        columns={[
          { title: t('projection.col.year'), dataIndex: 'year', key: 'year', fixed: 'left', width: 72 },
          ...FIELDS.map((f) => ({
            title: t(f.title),
            key: f.key,
            align: 'right' as const,
            render: (_: unknown, r: Comparison) => {
              const v = r.difference[f.key] ?? 0;
              const rounded = Number(v.toFixed(digits));
              return (
                <span data-testid={`impact-${f.key}-${r.year}`} data-value={v} style={{ color: rounded > 0 ? GREEN : rounded < 0 ? RED : undefined }}>
                  {formatSigned(v, lang, digits)}
                </span>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}
