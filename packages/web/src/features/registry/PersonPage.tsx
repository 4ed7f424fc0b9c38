import { Button, Card, Col, Descriptions, Dropdown, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { FormOutlined, HomeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { registryContracts, type PersonDetail, type VitalEventKind } from '@renkou/core';
import { call, isNoAccess } from '../../api/api';
import { useAuth } from '../../app/auth';
import { ageOf, formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoAccess } from '../../components/NoAccess';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { ETHNICITY, EVENT_KIND, label, MARITAL, RELATION, RESIDENCE_TYPE, SEX, STATUS } from '../../i18n/labels';
import { EventTimeline } from './EventTimeline';
import { RevealId } from './RevealId';

export function usePerson(id: number | undefined) {
  return useQuery({
    queryKey: ['person', id],
    queryFn: () => call(registryContracts.getPerson, { params: { id: id! } }),
    enabled: id !== undefined && Number.isInteger(id) && id > 0,
    retry: false,
  });
}

function Relative({ r }: { r: PersonDetail['mother'] }) {
  const { lang } = useI18n();
  if (!r) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span>
      <Link to={`/persons/${r.id}`}>{r.name}</Link>{' '}
      <Typography.Text type="secondary">
        ({label(SEX, r.sex, lang)}, {formatDate(r.birthDate)}
        {r.status !== 'alive' ? `, ${label(STATUS, r.status, lang)}` : ''})
      </Typography.Text>
    </span>
  );
}

/** The events a clerk can record from a person's page, with the person filled in. */
function eventLinks(p: PersonDetail): { kind: VitalEventKind; query: string }[] {
  const alive = p.status === 'alive';
  const list: { kind: VitalEventKind; query: string }[] = [];
  if (alive && p.sex === 'female') list.push({ kind: 'birth', query: `motherId=${p.id}` });
  if (alive) list.push({ kind: 'death', query: `personId=${p.id}` });
  if (alive) list.push({ kind: 'marriage', query: `${p.sex === 'male' ? 'husbandId' : 'wifeId'}=${p.id}` });
  if (alive && p.spouse) list.push({ kind: 'divorce', query: p.sex === 'male' ? `husbandId=${p.id}&wifeId=${p.spouse.id}` : `wifeId=${p.id}&husbandId=${p.spouse.id}` });
  if (alive) list.push({ kind: 'residence_change', query: `personId=${p.id}` }, { kind: 'hukou_change', query: `personId=${p.id}` }, { kind: 'move_out', query: `personId=${p.id}` });
  if (p.timeline.length > 0) list.push({ kind: 'correction', query: `personId=${p.id}` });
  return list;
}

export function PersonPage() {
  const { t, lang } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const person = usePerson(id);

  if (!Number.isInteger(id) || id <= 0) return <NoAccess />;
  if (person.isPending) return <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;
  if (person.error) return isNoAccess(person.error) ? <NoAccess /> : <ErrorAlert error={person.error} />;
  const p = person.data;
  if (!p) return <Result status="404" />;

  const items = [
    { key: 'id', label: t('person.idNumber'), children: <RevealId personId={p.id} masked={p.idNumberMasked} />, span: 2 },
    { key: 'sex', label: t('person.sex'), children: label(SEX, p.sex, lang) },
    { key: 'birth', label: t('person.birthDate'), children: `${formatDate(p.birthDate)}（${t('person.ageValue', { n: ageOf(p.birthDate, p.deathDate) })}）` },
    { key: 'eth', label: t('person.ethnicity'), children: label(ETHNICITY, p.ethnicity, lang) },
    { key: 'marital', label: t('person.maritalStatus'), children: label(MARITAL, p.maritalStatus, lang) },
    { key: 'status', label: t('person.status'), children: <Tag color={p.status === 'alive' ? 'green' : 'default'}>{label(STATUS, p.status, lang)}</Tag> },
    ...(p.deathDate ? [{ key: 'death', label: t('person.deathDate'), children: formatDate(p.deathDate) }] : []),
    { key: 'type', label: t('person.residenceType'), children: label(RESIDENCE_TYPE, p.residenceType, lang) },
    { key: 'hukou', label: t('person.hukouRegion'), children: <RegionName code={p.hukouRegion} full />, span: 2 },
    {
      key: 'res',
      label: t('person.residenceRegion'),
      children: (
        <Space>
          <RegionName code={p.residenceRegion} full />
          {p.hukouResidenceMismatch && <Tag color="orange">{t('person.mismatch')}</Tag>}
        </Space>
      ),
      span: 2,
    },
    {
      key: 'household',
      label: t('person.household'),
      children: p.household ? (
        <Space>
          <Link to={`/households/${p.household.id}`} data-testid="household-link">
            <HomeOutlined /> {p.household.householdNumber}
          </Link>
          <Tag>{label(RELATION, p.household.relation, lang)}</Tag>
        </Space>
      ) : (
        t('person.noHousehold')
      ),
      span: 2,
    },
  ];

  const links = auth.has('person.write') ? eventLinks(p) : [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
          {p.name} <Typography.Text type="secondary">{p.pinyin}</Typography.Text>
        </Typography.Title>
        {links.length > 0 && (
          <Dropdown menu={{ items: links.map((l) => ({ key: l.kind, label: label(EVENT_KIND, l.kind, lang), onClick: () => void navigate(`/events/new?kind=${l.kind}&${l.query}`) })) }}>
            <Button type="primary" icon={<FormOutlined />} data-testid="record-event">
              {t('person.record')}
            </Button>
          </Dropdown>
        )}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('person.basic')}>
            <Descriptions column={2} size="small" items={items} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('person.family')} data-testid="family">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'mother', label: t('person.mother'), children: <Relative r={p.mother} /> },
                { key: 'father', label: t('person.father'), children: <Relative r={p.father} /> },
                { key: 'spouse', label: t('person.spouse'), children: <Relative r={p.spouse} /> },
                {
                  key: 'children',
                  label: t('person.children'),
                  children:
                    p.children.length === 0 ? (
                      <Typography.Text type="secondary">—</Typography.Text>
                    ) : (
                      <Space orientation="vertical" size={0}>
                        {p.children.map((c) => (
                          <Relative key={c.id} r={c} />
                        ))}
                      </Space>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card title={t('person.timeline')}>
        <EventTimeline person={p} />
      </Card>
    </Space>
  );
}
