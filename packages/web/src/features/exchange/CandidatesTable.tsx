import type { ReactNode } from 'react';
import { Empty, Table, Tag, Tooltip } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { Candidate, WorklistItem } from '@renkou/core';
import { formatDate } from '../../app/format';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { label, SEX, STATUS } from '../../i18n/labels';
import { formatFixed } from '../stats/format';
import { compareField, type CompareField } from './labels';

type Item = z.infer<typeof WorklistItem>;
type Cand = z.infer<typeof Candidate>;

/** A candidate's value, green with a tick where it agrees with the record, red with a cross where it differs. */
function Compared({ state, children, field }: { state: 'agree' | 'differ' | undefined; children: ReactNode; field: string }) {
  const { t } = useI18n();
  if (!state) return <span data-field={field}>{children}</span>;
  const agree = state === 'agree';
  return (
    <Tooltip title={agree ? t('worklist.agree') : t('worklist.differ')}>
      <span data-field={field} data-compare={state} style={{ color: agree ? '#389e0d' : '#cf1322', fontWeight: agree ? undefined : 600 }}>
        {agree ? <CheckCircleFilled aria-label={t('worklist.agree')} /> : <CloseCircleFilled aria-label={t('worklist.differ')} />} {children}
      </span>
    </Tooltip>
  );
}

/** The candidates of a worklist record, one to choose (radio), each field compared with the record. */
export function CandidatesTable({ item, value, onChange }: { item: Item; value: number | null; onChange(personId: number): void }) {
  const { t, lang } = useI18n();
  const cmp = (c: Cand, f: CompareField) => compareField(item.kind, item.record, c, f);
  return (
    <Table<Cand>
      rowKey="personId"
      size="small"
      pagination={false}
      dataSource={item.candidates}
      data-testid="worklist-candidates"
      locale={{ emptyText: <Empty description={t('worklist.noCandidates')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
      rowSelection={{ type: 'radio', selectedRowKeys: value === null ? [] : [value], onChange: (keys) => keys[0] !== undefined && onChange(Number(keys[0])), columnWidth: 40 }}
      onRow={(c) => ({ onClick: () => onChange(c.personId), style: { cursor: 'pointer' } })}
      scroll={{ x: 900 }}
      columns={[
        {
          title: t('person.name'),
          key: 'name',
          width: 120,
          render: (_: unknown, c) => (
            <Compared state={cmp(c, 'name')} field="name">
              <Link to={`/persons/${c.personId}`} target="_blank" onClick={(e) => e.stopPropagation()}>
                {c.name}
              </Link>
            </Compared>
          ),
        },
        { title: t('person.sex'), key: 'sex', width: 70, render: (_: unknown, c) => <Compared state={cmp(c, 'sex')} field="sex">{label(SEX, c.sex, lang)}</Compared> },
        { title: t('person.birthDate'), key: 'birthDate', width: 120, render: (_: unknown, c) => <Compared state={cmp(c, 'birthDate')} field="birthDate">{formatDate(c.birthDate)}</Compared> },
        {
          title: t('person.idNumber'),
          key: 'id',
          width: 200,
          render: (_: unknown, c) => (
            <Compared state={cmp(c, 'idNumberMasked')} field="idNumber">
              <span className="mono">{c.idNumberMasked ?? t('person.noId')}</span>
            </Compared>
          ),
        },
        { title: t('person.residenceRegion'), key: 'residence', render: (_: unknown, c) => <Compared state={cmp(c, 'residenceRegion')} field="residenceRegion"><RegionName code={c.residenceRegion} /></Compared> },
        { title: t('person.hukouRegion'), key: 'hukou', render: (_: unknown, c) => <Compared state={cmp(c, 'hukouRegion')} field="hukouRegion"><RegionName code={c.hukouRegion} /></Compared> },
        { title: t('person.status'), key: 'status', width: 80, render: (_: unknown, c) => (c.status === 'alive' ? label(STATUS, c.status, lang) : <Tag>{label(STATUS, c.status, lang)}</Tag>) },
        {
          title: t('worklist.score'),
          key: 'score',
          width: 80,
          align: 'right',
          defaultSortOrder: 'descend',
          sorter: (a, b) => a.score - b.score,
          render: (_: unknown, c) => <strong data-score={c.score}>{`${formatFixed(c.score * 100, 1, lang)}%`}</strong>,
        },
      ]}
    />
  );
}
