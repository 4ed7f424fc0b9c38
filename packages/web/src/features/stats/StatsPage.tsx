import { Alert, Card, Space, Tabs, Typography } from 'antd';
import { useAuth } from '../../app/auth';
import { formatDate, formatTime } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { ErrorRateCard } from '../exchange/ErrorRateCard';
import { BreakdownTab } from './BreakdownTab';
import { ChildrenTab } from './ChildrenTab';
import { CompareTab } from './CompareTab';
import { IndicatorTable } from './IndicatorTable';
import { periodLabel } from './period';
import { PyramidTab } from './PyramidTab';
import { useIndicators, useStats } from './queries';
import { RegionTrail } from './RegionTrail';
import { StatsFilters } from './StatsFilters';
import { TrendTab } from './TrendTab';
import { useStatsParams, type StatsTab } from './useStatsParams';

/**
 * 统计分析: indicators for a region, period and basis (GET /api/v1/stats), then the same by child region
 * (drill-down), by sex, age group or birth order, against another period, over time, and the pyramid.
 */
export function StatsPage() {
  const { t } = useI18n();
  const auth = useAuth();
  const [state, update] = useStatsParams(auth.user?.regionCode ?? '');
  const defs = useIndicators();
  // Codes the server does not define (an old bookmark) are dropped once the definitions are in.
  const indicators = defs.data ? state.indicators.filter((c) => defs.byCode.has(c)) : state.indicators;
  const common = { region: state.region, period: state.period, basis: state.basis, indicators };
  const totals = useStats(common, defs.isSuccess);
  const result = totals.data;
  const drill = (region: string) => update({ region });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space align="baseline" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('stats.title')}
        </Typography.Title>
        <RegionTrail code={state.region} onPick={drill} />
      </Space>
      <StatsFilters state={{ ...state, indicators }} defs={defs.data?.items ?? []} loadingDefs={defs.isPending} onChange={update} />
      {defs.error && <ErrorAlert error={defs.error} />}
      {indicators.length === 0 && defs.isSuccess && <Alert type="info" showIcon title={t('stats.noIndicators')} />}
      {totals.error && <ErrorAlert error={totals.error} />}
      {indicators.length > 0 && (
        <Card
          size="small"
          title={
            result ? (
              <span data-testid="stats-heading">
                {result.region.name} · {periodLabel(result.period.code, t)} · {t(`stats.basis.${result.basis}`)}
              </span>
            ) : (
              t('stats.totals')
            )
          }
          extra={
            result && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('stats.periodRange', { start: formatDate(result.period.start), end: formatDate(result.period.end) })} ·{' '}
                {t('stats.generatedAt', { time: formatTime(result.generatedAt) })}
              </Typography.Text>
            )
          }
        >
          <ErrorRateCard region={state.region} period={state.period} variant="inline" />
          <IndicatorTable rows={(result?.rows ?? []).filter((r) => r.group === null)} defs={defs.byCode} loading={totals.isFetching} />
        </Card>
      )}
      {indicators.length > 0 && (
        <Card size="small">
          <Tabs
            activeKey={state.tab}
            onChange={(k) => update({ tab: k as StatsTab })}
            data-testid="stats-tabs"
            items={[
              {
                key: 'child',
                label: t('stats.tab.child'),
                children: <ChildrenTab {...common} level={result?.region.level} defs={defs.byCode} onDrill={drill} />,
              },
              { key: 'breakdown', label: t('stats.tab.breakdown'), children: <BreakdownTab {...common} defs={defs.byCode} /> },
              { key: 'compare', label: t('stats.tab.compare'), children: <CompareTab {...common} defs={defs.byCode} /> },
              { key: 'trend', label: t('stats.tab.trend'), children: <TrendTab {...common} defs={defs.byCode} /> },
              { key: 'pyramid', label: t('stats.tab.pyramid'), children: <PyramidTab region={state.region} period={state.period} basis={state.basis} /> },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
