import { Button, InputNumber, Space, Table, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n';
import { row, type PathRow } from './model';

export interface PathPreset {
  readonly key: string;
  readonly label: string;
  readonly apply: () => void | Promise<void>;
}

interface Props {
  readonly title: string;
  readonly help: string;
  readonly rows: readonly PathRow[];
  readonly onChange: (rows: PathRow[]) => void;
  /** Errors by cell: `errorOf(index, 'year' | 'value')`. */
  readonly errorOf: (index: number, field: 'year' | 'value') => string | undefined;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** The year a new first row gets. */
  readonly firstYear: number;
  /** Shown when the path is empty: the base level that is then held. */
  readonly current?: string | undefined;
  readonly presets?: readonly PathPreset[];
  readonly presetsBusy?: boolean;
  readonly testId: string;
}

function CellError({ text }: { text: string }) {
  return (
    <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="path-error">
      {text}
    </Typography.Text>
  );
}

/** A small editable table of year → value (a scenario's path), with presets and an "add a year" button. */
export function PathTable(p: Props) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<PathRow>) => p.onChange(p.rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const add = () => {
    const last = p.rows.at(-1);
    p.onChange([...p.rows, row(last?.year != null ? last.year + 5 : p.firstYear, last?.value ?? null)]);
  };

  return (
    <div data-testid={p.testId}>
      <Space align="baseline" wrap style={{ justifyContent: 'space-between', width: '100%', marginBottom: 4 }}>
        <Tooltip title={p.help}>
          <Typography.Text strong>{p.title}</Typography.Text>
        </Tooltip>
        {p.presets && p.presets.length > 0 && (
          <Space size={4} wrap>
            {p.presets.map((x) => (
              <Button key={x.key} size="small" onClick={() => void x.apply()} disabled={p.presetsBusy} data-testid={`${p.testId}-preset-${x.key}`}>
                {x.label}
              </Button>
            ))}
          </Space>
        )}
      </Space>
      {p.rows.length === 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginBottom: 4 }}>
          {t('projection.noPath', { current: p.current ? t('projection.currentValue', { v: p.current }) : '' })}
        </Typography.Text>
      ) : (
        <Table<PathRow>
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={[...p.rows]}
          style={{ marginBottom: 4 }}
          columns={[
            {
              title: t('projection.path.year'),
              key: 'year',
              width: 120,
              render: (_: unknown, r, i) => {
                const error = p.errorOf(i, 'year');
                return (
                  <>
                    <InputNumber<number>
                      size="small"
                      value={r.year}
                      min={1900}
                      max={2200}
                      precision={0}
                      status={error ? 'error' : undefined}
                      onChange={(v) => set(i, { year: v ?? null })}
                      aria-label={`${p.title} ${t('projection.path.year')} ${i + 1}`}
                      data-testid={`${p.testId}-year-${i}`}
                      style={{ width: '100%' }}
                    />
                    {error && <CellError text={error} />}
                  </>
                );
              },
            },
            {
              title: t('projection.path.value'),
              key: 'value',
              render: (_: unknown, r, i) => {
                const error = p.errorOf(i, 'value');
                return (
                  <>
                    <InputNumber<number>
                      size="small"
                      value={r.value}
                      min={p.min}
                      max={p.max}
                      step={p.step}
                      status={error ? 'error' : undefined}
                      onChange={(v) => set(i, { value: v ?? null })}
                      aria-label={`${p.title} ${t('projection.path.value')} ${i + 1}`}
                      data-testid={`${p.testId}-value-${i}`}
                      style={{ width: '100%' }}
                    />
                    {error && <CellError text={error} />}
                  </>
                );
              },
            },
            {
              key: 'remove',
              width: 40,
              render: (_: unknown, _r, i) => (
                <Button
                  size="small"
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t('projection.path.remove')}
                  onClick={() => p.onChange(p.rows.filter((_x, j) => j !== i))}
                />
              ),
            },
          ]}
        />
      )}
      <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={add} data-testid={`${p.testId}-add`}>
        {t('projection.path.add')}
      </Button>
    </div>
  );
}
