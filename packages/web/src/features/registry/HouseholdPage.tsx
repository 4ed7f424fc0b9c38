import { Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { registryContracts, type HouseholdDetail } from '@renkou/core';
import { call, isNoAccess } from '../../api/api';
import { formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoAccess } from '../../components/NoAccess';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { label, RELATION, SEX, STATUS } from '../../i18n/labels';

type Member = HouseholdDetail['members'][number];

/** 户详情: the household and its members with their relation to the head. */
export function HouseholdPage() {
  const { t, lang } = useI18n();
  const id = Number(useParams().id);
  const household = useQuery({
    queryKey: ['household', id],
    queryFn: () => call(registryContracts.getHousehold, { params: { id } }),
    enabled: Number.isInteger(id) && id > 0,
    retry: false,
  });
  if (!Number.isInteger(id) || id <= 0) return <NoAccess />;
  if (household.isPending) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (household.error) return isNoAccess(household.error) ? <NoAccess /> : <ErrorAlert error={household.error} />;
  const h = household.data;
  const order = Object.keys(RELATION);
  const members = [...h.members].sort((a, b) => order.indexOf(a.relation) - order.indexOf(b.relation) || a.birthDate.localeCompare(b.birthDate));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('household.title')} <span className="mono">{h.householdNumber}</span>
      </Typography.Title>
      <Card>
        <Descriptions
          column={2}
          size="small"
          items={[
            { key: 'no', label: t('household.number'), children: <span className="mono">{h.householdNumber}</span> },
            { key: 'kind', label: t('household.kind'), children: t(h.kind === 'family' ? 'household.family' : 'household.collective') },
            { key: 'region', label: t('household.region'), children: <RegionName code={h.regionCode} full />, span: 2 },
            { key: 'addr', label: t('household.address'), children: h.address || '—', span: 2 },
          ]}
        />
      </Card>
      <Card title={`${t('household.members')}（${h.members.length}）`}>
        <Table<Member>
          rowKey="id"
          size="middle"
          pagination={false}
          data-testid="household-members"
          dataSource={members}
          columns={[
            { title: t('person.relation'), dataIndex: 'relation', key: 'rel', render: (r: string) => <Tag color={r === 'head' ? 'blue' : undefined}>{label(RELATION, r, lang)}</Tag> },
            { title: t('person.name'), dataIndex: 'name', key: 'name', render: (_: string, m: Member) => <Link to={`/persons/${m.id}`}>{m.name}</Link> },
            { title: t('person.sex'), dataIndex: 'sex', key: 'sex', render: (s: string) => label(SEX, s, lang) },
            { title: t('person.birthDate'), dataIndex: 'birthDate', key: 'birth', render: formatDate },
            { title: t('person.idNumber'), dataIndex: 'idNumberMasked', key: 'id', render: (s: string | null) => <span className="mono">{s ?? '—'}</span> },
            { title: t('person.status'), dataIndex: 'status', key: 'status', render: (s: string) => label(STATUS, s, lang) },
            { title: t('household.joinedOn'), dataIndex: 'joinedOn', key: 'joined', render: formatDate },
          ]}
        />
      </Card>
    </Space>
  );
}
