import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { registryContracts, RevealBody } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { serverFieldErrors, setFieldErrors, validate } from '../../api/form-errors';
import { useAuth } from '../../app/auth';
import { useI18n } from '../../i18n/i18n';

/**
 * The masked ID number with a "reveal" button for users who may unmask it. Revealing asks for a reason
 * (POST /persons/:id/reveal), which the audit log keeps; the full number stays in this component's
 * memory only, and is gone when the page changes.
 */
export function RevealId({ personId, masked }: { personId: number; masked: string | null }) {
  const { t, text, lang } = useI18n();
  const auth = useAuth();
  const [open, setOpen] = useState(false);
  const [full, setFull] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason?: string }>();

  if (!masked) return <Typography.Text type="secondary">{t('person.noId')}</Typography.Text>;

  const submit = async () => {
    setOther(null);
    const checked = validate(RevealBody, { reason: form.getFieldValue('reason') ?? '' }, lang);
    if (!checked.ok) return setFieldErrors(form, checked.fields);
    setBusy(true);
    try {
      const res = await call(registryContracts.revealId, { params: { id: personId }, body: checked.value });
      setFull(res.idNumber);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (isApiError(e)) {
        const { fields, other: rest } = serverFieldErrors(e, lang, ['reason']);
        setFieldErrors(form, fields);
        if (fields.length === 0) setOther([text(e.text), ...rest].join('；'));
      } else setOther(t('common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space>
      <Typography.Text className="mono" data-testid="id-number" copyable={full ? { text: full } : false}>
        {full ?? masked}
      </Typography.Text>
      {auth.has('person.reveal_id') &&
        (full ? (
          <Button size="small" icon={<EyeInvisibleOutlined />} onClick={() => setFull(null)}>
            {t('reveal.hide')}
          </Button>
        ) : (
          <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-button">
            {t('reveal.button')}
          </Button>
        ))}
      <Modal
        open={open}
        title={t('reveal.title')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'reveal-confirm' } as Record<string, string>}
      >
        {other && <Alert type="error" showIcon title={other} style={{ marginBottom: 12 }} />}
        <Form name="reveal" form={form} layout="vertical" onFinish={() => void submit()}>
          <Form.Item label={t('reveal.reason')} name="reason" extra={t('reveal.reasonHelp')}>
            <Input.TextArea autoFocus rows={3} maxLength={200} showCount placeholder={t('reveal.placeholder')} data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
