import { useState } from 'react';
import { App, Button, Card, Col, Form, Input, Row, Tooltip } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/api';
import { useI18n } from '../../i18n/i18n';
import { PathTable, type PathPreset } from './PathTable';
import {
  cellKey, e0Preset, formatNumber, migrationPreset, tfrPreset, type BaseLevels, type E0Preset, type MigrationPreset, type PathKind, type PathRow, type ScenarioDraft, type TfrPreset,
} from './model';

interface Props {
  readonly index: number;
  readonly scenario: ScenarioDraft;
  readonly onChange: (s: ScenarioDraft) => void;
  readonly onRemove?: (() => void) | undefined;
  readonly errors: ReadonlyMap<string, string>;
  readonly baseYear: number;
  /** The base levels when already known (a run of this region), for the hints. */
  readonly known: BaseLevels | undefined;
  /** The base levels, fetched if needed: the presets start from them. */
  readonly ensureBase: () => Promise<BaseLevels>;
}

/** One scenario: its name and the optional paths of TFR, life expectancy by sex and the migration factor. */
export function ScenarioEditor({ index, scenario, onChange, onRemove, errors, baseYear, known, ensureBase }: Props) {
  const { t, lang, text } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const set = (kind: PathKind, rows: PathRow[]) => onChange({ ...scenario, [kind]: rows });
  const errorOf = (kind: PathKind) => (i: number, field: 'year' | 'value') => errors.get(cellKey(index, kind, i, field));

  /** A preset that needs the base level: reads it first (one short run when this region has not run yet). */
  const withBase = (kind: PathKind, build: (b: BaseLevels) => PathRow[]) => async () => {
    setBusy(true);
    try {
      set(kind, build(await ensureBase()));
    } catch (e) {
      void message.error(isApiError(e) ? text(e.text) : t('common.error'));
    } finally {
      setBusy(false);
    }
  };
  const tfr = (key: TfrPreset, label: string): PathPreset => ({ key, label, apply: key === 'hold' ? () => set('tfr', []) : withBase('tfr', (b) => tfrPreset(key, baseYear, b.tfr)) });
  const e0 = (kind: 'e0Female' | 'e0Male', key: E0Preset, label: string): PathPreset => ({
    key,
    label,
    apply: key === 'hold' ? () => set(kind, []) : withBase(kind, (b) => e0Preset(key, baseYear, kind === 'e0Female' ? b.e0Female : b.e0Male)),
  });
  const mig = (key: MigrationPreset, label: string): PathPreset => ({ key, label, apply: () => set('migration', migrationPreset(key, baseYear)) });
  const prefix = `scenario-${index}`;

  return (
    <Card
      size="small"
      title={index === 0 ? t('projection.scenarioA') : t('projection.scenarioB')}
      data-testid={prefix}
      extra={
        onRemove && (
          <Tooltip title={t('projection.removeScenario')}>
            <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('projection.removeScenario')} data-testid={`${prefix}-remove`} />
          </Tooltip>
        )
      }
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('projection.scenarioName')}
          required
          validateStatus={errors.has(`scenarios.${index}.name`) ? 'error' : undefined}
          help={errors.get(`scenarios.${index}.name`)}
          style={{ marginBottom: 12 }}
        >
          <Input value={scenario.name} maxLength={50} onChange={(e) => onChange({ ...scenario, name: e.target.value })} data-testid={`${prefix}-name`} aria-label={t('projection.scenarioName')} />
        </Form.Item>
      </Form>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <PathTable
            title={t('projection.path.tfr')}
            help={t('projection.path.tfrHelp')}
            rows={scenario.tfr}
            onChange={(r) => set('tfr', r)}
            errorOf={errorOf('tfr')}
            min={0}
            max={8}
            step={0.05}
            firstYear={baseYear + 5}
            current={known ? formatNumber(known.tfr, lang, 2) : undefined}
            presets={[tfr('hold', t('projection.preset.hold')), tfr('rise15', t('projection.preset.rise15')), tfr('rise14', t('projection.preset.rise14')), tfr('fall10', t('projection.preset.fall10'))]}
            presetsBusy={busy}
            testId={`${prefix}-tfr`}
          />
        </Col>
        <Col xs={24} md={12}>
          <PathTable
            title={t('projection.path.migration')}
            help={t('projection.path.migrationHelp')}
            rows={scenario.migration}
            onChange={(r) => set('migration', r)}
            errorOf={errorOf('migration')}
            min={-5}
            max={10}
            step={0.1}
            firstYear={baseYear + 1}
            current="1"
            presets={[mig('hold', t('projection.preset.hold')), mig('none', t('projection.preset.migNone')), mig('half', t('projection.preset.migHalf')), mig('double', t('projection.preset.migDouble'))]}
            testId={`${prefix}-migration`}
          />
        </Col>
        <Col xs={24} md={12}>
          <PathTable
            title={t('projection.path.e0Female')}
            help={t('projection.path.e0Help')}
            rows={scenario.e0Female}
            onChange={(r) => set('e0Female', r)}
            errorOf={errorOf('e0Female')}
            min={20}
            max={110}
            step={0.5}
            firstYear={baseYear + 10}
            current={known ? formatNumber(known.e0Female, lang, 1) : undefined}
            presets={[e0('e0Female', 'hold', t('projection.preset.hold')), e0('e0Female', 'plus3', t('projection.preset.e0plus3'))]}
            presetsBusy={busy}
            testId={`${prefix}-e0f`}
          />
        </Col>
        <Col xs={24} md={12}>
          <PathTable
            title={t('projection.path.e0Male')}
            help={t('projection.path.e0Help')}
            rows={scenario.e0Male}
            onChange={(r) => set('e0Male', r)}
            errorOf={errorOf('e0Male')}
            min={20}
            max={110}
            step={0.5}
            firstYear={baseYear + 10}
            current={known ? formatNumber(known.e0Male, lang, 1) : undefined}
            presets={[e0('e0Male', 'hold', t('projection.preset.hold')), e0('e0Male', 'plus3', t('projection.preset.e0plus3'))]}
            presetsBusy={busy}
            testId={`${prefix}-e0m`}
          />
        </Col>
      </Row>
    </Card>
  );
}
