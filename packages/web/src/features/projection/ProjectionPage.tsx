import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, InputNumber, Row, Segmented, Slider, Space, Spin, Typography } from 'antd';
import { LineChartOutlined, PlusOutlined } from '@ant-design/icons';
import { RegionProjectionRequest, todayInChina } from '@renkou/core';
import { validate } from '../../api/form-errors';
import { useAuth } from '../../app/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { ExportButton } from './ExportButton';
import { ImpactCard } from './ImpactCard';
import { InputsCard } from './InputsCard';
import {
  baseYearOf, comparisonScenario, DEFAULT_HORIZON, DEFAULT_INPUT_YEARS, duplicateYears, emptyScenario, MAX_SCENARIOS, toRequestBody, type ProjectionDraft, type ScenarioDraft,
} from './model';
import { ProjectionCharts } from './ProjectionCharts';
import { PyramidPlayer } from './PyramidPlayer';
import { useEnsureBase, useKnownBase, useProjection } from './queries';
import { ScenarioEditor } from './ScenarioEditor';
import { YearTable } from './YearTable';

/**
 * 人口预测: a region's population projected from its registry rates (POST /api/v1/projection) under one
 * scenario or two, with the inputs and what was borrowed, the pyramid by year, the main indicators,
 * the yearly table, the impact of the second scenario against the first, and the .xlsx export.
 */
export function ProjectionPage() {
  const { t, lang } = useI18n();
    const auth = useAuth();
  const baseYear = baseYearOf(todayInChina());
  const [draft, setDraft] = useState<ProjectionDraft>(() => ({
    region: auth.user?.regionCode ?? '',
    horizon: DEFAULT_HORIZON,
    inputYears: DEFAULT_INPUT_YEARS,
    scenarios: [emptyScenario(t('projection.defaultName'))],
  }));
  const [submitted, setSubmitted] = useState<RegionProjectionRequest | null>(null);
  // Field errors show once a run was refused, and follow the edits from then on.
  const [checked, setChecked] = useState(false);
  const [adding, setAdding] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const projection = useProjection(submitted);
  const known = useKnownBase(draft.region, draft.inputYears).data;
  const ensure = useEnsureBase();
  const ensureBase = () => ensure(draft.region, draft.inputYears);

  const parsed = useMemo(() => validate(RegionProjectionRequest, toRequestBody(draft), lang), [draft, lang]);
  const duplicates = useMemo(() => duplicateYears(draft), [draft]);
  const errors = useMemo(() => {
    const m = new Map<string, string>();
    if (!checked) return m;
    if (!parsed.ok) for (const f of parsed.fields) m.set(f.name.join('.'), f.errors.join('；'));
    for (const k of duplicates) m.set(k, t('projection.path.duplicate'));
    return m;
  }, [checked, parsed, duplicates, t]);
  const valid = parsed.ok && duplicates.length === 0;
  const result = projection.data;
  const stale = submitted !== null && parsed.ok && JSON.stringify(parsed.value) !== JSON.stringify(submitted);

  const update = (patch: Partial<ProjectionDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setScenario = (i: number, s: ScenarioDraft) => setDraft((d) => ({ ...d, scenarios: d.scenarios.map((x, j) => (j === i ? s : x)) }));

  const run = () => {
    setChecked(true);
    if (!parsed.ok || !valid) return;
    setActionError(null);
    if (submitted && JSON.stringify(parsed.value) === JSON.stringify(submitted)) void projection.refetch();
    else setSubmitted(parsed.value);
  };

  const addComparison = async () => {
    setAdding(true);
    try {
      const base = await ensureBase();
      setDraft((d) => (d.scenarios.length >= MAX_SCENARIOS ? d : { ...d, scenarios: [...d.scenarios, comparisonScenario(t('projection.comparisonName'), baseYear, base)] }));
    } catch (e) {
      setActionError(e);
    } finally {
      setAdding(false);
    }
  };

  const horizonError = errors.get('horizon');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('projection.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('projection.subtitle')}</Typography.Text>
      </div>
      <Card size="small" title={t('projection.settings')}>
        <Form layout="vertical" component="div">
          <Row gutter={16}>
            <Col xs={24} md={12} xl={8}>
              <Form.Item label={t('projection.region')} style={{ marginBottom: 8 }} validateStatus={errors.has('region') ? 'error' : undefined} help={errors.get('region')}>
                <RegionPicker value={draft.region} onChange={(c) => c && update({ region: c })} allowClear={false} data-testid="projection-region" aria-label={t('projection.region')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={10}>
              <Form.Item label={t('projection.horizon')} style={{ marginBottom: 8 }} validateStatus={horizonError ? 'error' : undefined} help={horizonError ?? t('projection.horizonHelp')}>
                <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
                  <Slider min={1} max={50} value={draft.horizon ?? undefined} onChange={(v) => update({ horizon: v })} style={{ flex: 1, margin: '0 8px' }} ariaLabelForHandle={t('projection.horizon')} />
                  <InputNumber<number> min={1} max={50} precision={0} value={draft.horizon} onChange={(v) => update({ horizon: v ?? null })} style={{ width: 80 }} data-testid="projection-horizon" aria-label={t('projection.horizon')} />
                </div>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item label={t('projection.inputYears')} style={{ marginBottom: 8 }} help={t('projection.inputYearsHelp')}>
                <Segmented<number>
                  value={draft.inputYears}
                  onChange={(v) => update({ inputYears: v })}
                  options={[1, 2, 3].map((n) => ({ value: n, label: t('projection.yearsN', { n }) }))}
                  data-testid="projection-input-years"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {draft.scenarios.map((s, i) => (
        <ScenarioEditor
          key={s.key}
          index={i}
          scenario={s}
          onChange={(x) => setScenario(i, x)}
          onRemove={i > 0 ? () => setDraft((d) => ({ ...d, scenarios: d.scenarios.filter((_x, j) => j !== i) })) : undefined}
          errors={errors}
          baseYear={baseYear}
          known={known}
          ensureBase={ensureBase}
        />
      ))}

      <Space wrap align="center">
        <Button type="primary" icon={<LineChartOutlined />} onClick={run} loading={projection.isFetching} data-testid="projection-run">
          {projection.isFetching ? t('projection.running') : t('projection.run')}
        </Button>
        {draft.scenarios.length < MAX_SCENARIOS && (
          <Button icon={<PlusOutlined />} onClick={() => void addComparison()} loading={adding} data-testid="projection-add-scenario">
            {t('projection.addComparison')}
          </Button>
        )}
        {result && submitted && (
          <ExportButton body={submitted} onError={setActionError} />
        )}
        {draft.scenarios.length < MAX_SCENARIOS && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('projection.addComparisonHelp')}
          </Typography.Text>
        )}
      </Space>

      {checked && !valid && <Alert type="error" showIcon title={t('projection.invalid')} data-testid="projection-invalid" />}
      {actionError != null && <ErrorAlert error={actionError} />}
      {projection.error && <ErrorAlert error={projection.error} />}
      {stale && result && <Alert type="info" showIcon title={t('projection.stale')} data-testid="projection-stale" />}
      {!submitted && <Empty description={t('projection.empty')} />}
      {submitted && !result && projection.isFetching && <Spin size="large" style={{ display: 'block', margin: 48 }} />}

      {result && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="projection-results">
          <InputsCard result={result} />
          {result.comparison && result.scenarios.length === 2 && <ImpactCard result={result} />}
          <PyramidPlayer scenarios={result.scenarios} />
          <ProjectionCharts scenarios={result.scenarios} />
          <YearTable scenarios={result.scenarios} />
        </Space>
      )}
    </Space>
  );
}
