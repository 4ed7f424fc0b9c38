import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { RecordEventBody, registryContracts, todayInChina, VitalEventKind } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { serverFieldErrors, setFieldErrors, validate, type FieldError } from '../../api/form-errors';
import { useI18n } from '../../i18n/i18n';
import { EVENT_KIND, label } from '../../i18n/labels';
import { buildEventBody, subjectOf, type FormValues } from './event-body';
import { EventFields } from './EventFields';

const KINDS = VitalEventKind.options;
const ID_PARAMS = ['personId', 'motherId', 'fatherId', 'husbandId', 'wifeId'] as const;

function initialValues(kind: VitalEventKind, params: URLSearchParams): FormValues {
  const v: FormValues = { occurredOn: dayjs(todayInChina()) };
  for (const p of ID_PARAMS) {
    const n = Number(params.get(p));
    if (Number.isInteger(n) && n > 0) v[p] = n;
  }
  if (kind === 'marriage' || kind === 'divorce') v.subjectId = v.husbandId ?? v.wifeId;
  if (kind === 'birth') v.joinMotherHousehold = true;
  if (kind === 'move_in') v.mode = 'existing';
  return v;
}

/**
 * 事件登记: one form per kind of vital event, validated in the browser with core's RecordEventBody
 * (the same schema the server uses) and then by the server, whose errors land on the named fields.
 * After a success the person's timeline, searches and the dashboard are refreshed.
 */
export function EventFormPage() {
  const { t, text, lang } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const kindParam = params.get('kind');
  const kind: VitalEventKind = (KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as VitalEventKind) : 'birth';
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ title: string; lines: string[]; code?: string } | null>(null);
  const initial = useMemo(() => initialValues(kind, params), [kind, params]);

  useEffect(() => {
    form.resetFields();
    setProblem(null);
  }, [kind, form]);

  const registered = () => form.getFieldsError().map((f) => f.name.join('.'));

  const showErrors = (fields: FieldError[]) => {
    setFieldErrors(form, fields);
    const first = fields[0];
    if (first) form.scrollToField(first.name, { block: 'center', focus: true });
  };

  const submit = async () => {
    setProblem(null);
    const values = form.getFieldsValue(true) as FormValues;
    const body = buildEventBody(kind, values);
    const checked = validate(RecordEventBody, body, lang);
    if (!checked.ok) {
      const known = registered();
      const onForm = checked.fields.filter((f) => known.includes(f.name.join('.')) || known.some((k) => k.startsWith(`${f.name.join('.')}.`)));
      const mapped = onForm.map((f) => {
        const key = f.name.join('.');
        return known.includes(key) ? f : { ...f, name: known.find((k) => k.startsWith(`${key}.`))!.split('.') };
      });
      showErrors(mapped);
      const rest = checked.fields.filter((f) => !onForm.includes(f));
      setProblem({ title: t('form.fixErrors'), lines: rest.map((f) => `${f.name.join('.')}: ${f.errors.join('；')}`) });
      return;
    }
    setBusy(true);
    try {
      const result = await call(registryContracts.recordEvent, { body: checked.value });
      await Promise.all(
        ['person', 'persons', 'personPick', 'household', 'dashboard'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      );
      void message.success(`${t('form.saved')}：${label(EVENT_KIND, kind, lang)} #${result.eventId}`);
      await navigate(`/persons/${subjectOf(kind, checked.value as Record<string, unknown>, values, result.personId)}`);
    } catch (e) {
      if (isApiError(e)) {
        const { fields, other } = serverFieldErrors(e, lang, registered());
        showErrors(fields);
        setProblem({ title: text(e.text), lines: other, code: e.code });
      } else setProblem({ title: t('common.error'), lines: [String(e)] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('form.title')}</Typography.Title>
      <Card>
        <Form.Item label={t('form.kind')} htmlFor="event-kind" style={{ maxWidth: 360 }}>
          <Select
            id="event-kind"
            data-testid="event-kind"
            value={kind}
            options={KINDS.map((k) => ({ value: k, label: label(EVENT_KIND, k, lang) }))}
            onChange={(k) => {
              const next = new URLSearchParams(params);
              next.set('kind', k);
              setParams(next, { replace: true });
            }}
          />
        </Form.Item>
        {problem && (
          <Alert
            type="error"
            showIcon
            data-testid="form-error"
            data-code={problem.code}
            title={problem.title}
            description={problem.lines.length > 0 ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{problem.lines.map((l) => <li key={l}>{l}</li>)}</ul> : undefined}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form
          key={kind}
          name={`event_${kind}`}
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={() => void submit()}
          onValuesChange={(changed: Record<string, unknown>) => {
            // A field the clerk edits loses its old error message at once.
            const paths = (obj: Record<string, unknown>, prefix: string[] = []): string[][] =>
              Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) && !dayjs.isDayjs(v) ? paths(v as Record<string, unknown>, [...prefix, k]) : [[...prefix, k]]));
            form.setFields(paths(changed).map((name) => ({ name, errors: [] })));
          }}
          aria-label={label(EVENT_KIND, kind, lang)}
          scrollToFirstError
        >
          <EventFields kind={kind} />
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="event-submit">
              {t('common.submit')}
            </Button>
            <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </Space>
  );
}
