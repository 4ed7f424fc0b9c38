import { Card, Col, Form, Row, Select, Tooltip } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import type { IndicatorDefinitionView } from '@renkou/core';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { BasisSwitch } from './BasisSwitch';
import { PeriodPicker } from './PeriodPicker';
import type { StatsState } from './useStatsParams';

interface Props {
  readonly state: StatsState;
  readonly defs: readonly IndicatorDefinitionView[];
  readonly loadingDefs: boolean;
  readonly onChange: (patch: Partial<StatsState>) => void;
}

/** 统计分析's choices: indicators, region, period and basis. */
export function StatsFilters({ state, defs, loadingDefs, onChange }: Props) {
  const { t, lang } = useI18n();
  return (
    <Card size="small">
      <Form layout="vertical" component="div">
        <Row gutter={16} wrap>
          <Col flex="1 1 360px">
            <Form.Item label={t('stats.indicators')} style={{ marginBottom: 8 }}>
              <Select<string[]>
                mode="multiple"
                value={[...state.indicators]}
                onChange={(v) => onChange({ indicators: v })}
                options={defs.map((d) => ({ value: d.code, label: d.name[lang], title: d.description[lang] }))}
                optionFilterProp="label"
                loading={loadingDefs}
                placeholder={t('stats.indicatorsPlaceholder')}
                maxTagCount="responsive"
                allowClear
                data-testid="indicators"
                aria-label={t('stats.indicators')}
              />
            </Form.Item>
          </Col>
          <Col flex="1 1 220px" style={{ maxWidth: 320 }}>
            <Form.Item label={t('stats.region')} style={{ marginBottom: 8 }}>
              <RegionPicker value={state.region} onChange={(code) => code && onChange({ region: code })} allowClear={false} data-testid="stats-region" aria-label={t('stats.region')} />
            </Form.Item>
          </Col>
          <Col flex="0 0 auto">
            <Form.Item label={t('stats.period')} style={{ marginBottom: 8 }}>
              <PeriodPicker value={state.period} onChange={(period) => onChange({ period })} data-testid="stats-period" />
            </Form.Item>
          </Col>
          <Col flex="0 0 auto">
            <Form.Item
              label={
                <span>
                  {t('stats.basis')}{' '}
                  <Tooltip title={t('stats.basisHelp')}>
                    <InfoCircleOutlined aria-label={t('stats.basisHelp')} />
                  </Tooltip>
                </span>
              }
              style={{ marginBottom: 8 }}
            >
              <BasisSwitch value={state.basis} onChange={(basis) => onChange({ basis })} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
