import { App, Form, Input, Modal, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { exchangeContracts } from '@renkou/core';
import { call } from '../../api/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';

export type Decision = 'accept_match' | 'create_new' | 'reject';

export interface DecisionTarget {
  readonly batchId: number;
  readonly row: number;
  readonly decision: Decision;
  /** The candidate accepted (accept_match). */
  readonly person?: { readonly id: number; readonly name: string } | undefined;
}

/**
 * Every worklist decision carries the clerk's comment (at least 2 characters; it goes into the audit
 * log): POST /api/v1/exchange/worklist/:batchId/:row/decision. Server errors stay in the dialog.
 */
export function DecisionModal({ target, onClose, onDone }: { target: DecisionTarget | null; onClose(): void; onDone(d: Decision, personId: number | null): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ comment: string }>();
  const decide = useMutation({
    mutationFn: ({ target: x, comment }: { target: DecisionTarget; comment: string }) =>
      call(exchangeContracts.decide, {
        params: { batchId: x.batchId, row: x.row },
        body: { decision: x.decision, comment, ...(x.decision === 'accept_match' && x.person ? { personId: x.person.id } : {}) },
      }),
    onSuccess: async (r, { target: x }) => {
      void message.success(t(`worklist.done.${x.decision}`));
      form.resetFields();
      onDone(x.decision, r.personId);
      await queryClient.invalidateQueries({ queryKey: ['exchange'] });
    },
  });

  const submit = async () => {
    if (!target) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    decide.mutate({ target, comment: v.comment.trim() });
  };
  const title = target ? t(`worklist.confirm.${target.decision}`, { name: target.person?.name ?? '' }) : '';

  return (
    <Modal
      open={target !== null}
      title={title}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: target?.decision === 'reject', ...{ 'data-testid': 'decision-ok' } }}
      confirmLoading={decide.isPending}
      onOk={() => void submit()}
      onCancel={() => {
        decide.reset();
        onClose();
      }}
      afterClose={() => form.resetFields()}
      destroyOnHidden
      data-testid="decision-modal"
    >
      {target && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('batch.id')} {target.batchId} · {t('imports.row')} {target.row}
        </Typography.Paragraph>
      )}
      {decide.error && <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="decision" onFinish={() => void submit()}>
        <Form.Item
          name="comment"
          label={t('worklist.comment')}
          extra={t('worklist.commentHelp')}
          rules={[
            {
              validator: (_, v: string | undefined) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('worklist.commentMin')))),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount autoFocus data-testid="decision-comment" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
