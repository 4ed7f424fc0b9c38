import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Col, Empty, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { PersonSearchQuery, registryContracts, type PersonSummary } from '@renkou/core';
import { call, isNoAccess } from '../../api/api';
import { setFieldErrors, validate } from '../../api/form-errors';
import { formatDate } from '../../app/format';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoAccess } from '../../components/NoAccess';
import { RegionName } from '../../components/RegionName';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { label, SEX, STATUS } from '../../i18n/labels';

interface Values {
  q?: string;
  idNumber?: string;
  region?: string;
  includeInactive?: boolean;
}

/**
 * 人员查询: an exact ID number, or a name or pinyin prefix, inside the user's region (optionally a part
 * of it). Name, region and page live in the address so "back" returns to the results; an ID number never
 * goes into the address (browser history), only into the request.
 */
// The last ID number searched, kept in memory only, so "back" from a person shows the same result.
let lastIdNumber: string | undefined;

export function PersonSearchPage() {
  const { t, lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const [idNumber, setIdNumberState] = useState<string | undefined>(() => (params.get('q') ? undefined : lastIdNumber));
  const setIdNumber = (v: string | undefined) => {
    lastIdNumber = v;
    setIdNumberState(v);
  };
  const [form] = Form.useForm<Values>();

  const q = params.get('q') ?? undefined;
  const region = params.get('region') ?? undefined;
  const includeInactive = params.get('inactive') === '1';
  const page = Number(params.get('page') ?? '1') || 1;
  const pageSize = Number(params.get('size') ?? '20') || 20;
  const active = idNumber !== undefined || q !== undefined;

  // The form follows the address (the menu, "back", a link someone sent).
  useEffect(() => {
    form.setFieldsValue({ q, region, includeInactive, ...(q !== undefined ? { idNumber: undefined } : {}) });
  }, [form, q, region, includeInactive]);

  const results = useQuery({
    queryKey: ['persons', { q, idNumber, region, includeInactive, page, pageSize }],
    queryFn: () =>
      call(registryContracts.searchPersons, {
        query: { ...(idNumber ? { idNumber } : { q }), ...(region ? { region } : {}), ...(includeInactive ? { includeInactive: 'true' } : {}), page, pageSize },
      }),
    enabled: active,
    placeholderData: keepPreviousData,
    retry: false,
  });

  const submit = (v: Values) => {
    const query = { ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : { q: v.q?.trim() || undefined }), ...(v.region ? { region: v.region } : {}) };
    const checked = validate(PersonSearchQuery, query, lang);
    if (!checked.ok) {
      setFieldErrors(form, checked.fields.map((f) => (f.name[0] === 'q' && !v.q ? { name: ['q'], errors: [t('person.search.need')] } : f)));
      return;
    }
    const next = new URLSearchParams();
    if (checked.value.idNumber) setIdNumber(checked.value.idNumber);
    else {
      setIdNumber(undefined);
      next.set('q', checked.value.q!);
    }
    if (v.region) next.set('region', v.region);
    if (v.includeInactive) next.set('inactive', '1');
    setParams(next);
  };

  if (results.error && isNoAccess(results.error)) return <NoAccess />;

  const columns = [
    { title: t('person.name'), dataIndex: 'name', key: 'name', render: (_: string, p: PersonSummary) => <Link to={`/persons/${p.id}`}>{p.name}</Link> },
    { title: t('person.pinyin'), dataIndex: 'pinyin', key: 'pinyin' },
    { title: t('person.sex'), dataIndex: 'sex', key: 'sex', render: (s: string) => label(SEX, s, lang), width: 64 },
    { title: t('person.birthDate'), dataIndex: 'birthDate', key: 'birthDate', render: formatDate, width: 112 },
    { title: t('person.idNumber'), dataIndex: 'idNumberMasked', key: 'id', render: (s: string | null) => <span className="mono">{s ?? t('person.noId')}</span> },
    { title: t('person.residenceRegion'), dataIndex: 'residenceRegion', key: 'res', render: (c: string) => <RegionName code={c} /> },
    { title: t('person.hukouRegion'), dataIndex: 'hukouRegion', key: 'hukou', render: (c: string) => <RegionName code={c} /> },
    { title: t('person.status'), dataIndex: 'status', key: 'status', render: (s: string) => <Tag color={s === 'alive' ? 'green' : 'default'}>{label(STATUS, s, lang)}</Tag>, width: 88 },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('person.search.title')}</Typography.Title>
      <Card>
        <Form name="personSearch" form={form} layout="vertical" onFinish={submit} initialValues={{ q, region, includeInactive }} aria-label={t('person.search.title')}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item label={t('person.search.q')} name="q" extra={t('person.search.qHelp')}>
                <Input allowClear autoFocus data-testid="search-q" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('person.search.idNumber')} name="idNumber" extra={t('person.search.idHelp')}>
                <Input allowClear maxLength={20} autoComplete="off" className="mono" data-testid="search-id" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('person.search.region')} name="region">
                <RegionPicker data-testid="search-region" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                form.setFieldsValue({ q: undefined, idNumber: undefined, region: undefined, includeInactive: false });
                setIdNumber(undefined);
                setParams(new URLSearchParams());
              }}
            >
              {t('common.reset')}
            </Button>
            <Form.Item name="includeInactive" valuePropName="checked" noStyle>
              <Checkbox>{t('person.search.includeInactive')}</Checkbox>
            </Form.Item>
          </Space>
        </Form>
      </Card>
      {results.error && <ErrorAlert error={results.error} />}
      <Card>
        {active ? (
          <Table<PersonSummary>
            rowKey="id"
            size="middle"
            data-testid="search-results"
            columns={columns}
            dataSource={results.data?.items ?? []}
            loading={results.isFetching}
            locale={{ emptyText: <Empty description={t('person.search.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: results.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, size) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                next.set('size', String(size));
                setParams(next);
              },
            }}
          />
        ) : (
          <Empty description={t('person.search.hint')} />
        )}
      </Card>
    </Space>
  );
}
