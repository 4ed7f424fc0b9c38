import { useState } from 'react';
import { Alert, App, Button, Card, Form, Select, Space, Typography, Upload, type UploadFile } from 'antd';
import { CloudUploadOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { FEED_KINDS, type FeedKind } from '@renkou/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n/i18n';
import { BatchSummaryView } from './BatchSummaryView';
import { FeedColumnsHelp } from './FeedColumnsHelp';
import { feedName, kindOptions } from './labels';
import { uploadFeed } from './queries';

const ACCEPT = /\.(csv|xlsx)$/i;

/**
 * 上传导入: the clerk chooses the kind of feed and a .csv or .xlsx file; the browser sends the file's bytes
 * as they are (POST /api/v1/exchange/imports) and shows what became of the rows.
 */
export function UploadPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('kind') as FeedKind | null;
  const kind: FeedKind = fromUrl && FEED_KINDS.includes(fromUrl) ? fromUrl : 'birth_certificate';
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);

  const upload = useMutation({
    mutationFn: (f: File) => uploadFeed(kind, f, f.name),
    onSuccess: (r) => {
      void message.success(t('upload.done', { id: r.batchId }));
      setFile(null);
      return queryClient.invalidateQueries({ queryKey: ['exchange'] });
    },
  });

  const fileList: UploadFile[] = file ? [{ uid: 'file', name: file.name, size: file.size, status: 'done' }] : [];
  const submit = () => {
    if (!file) return setMissing(true);
    upload.mutate(file);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('upload.title')}</Typography.Title>
      <Card size="small">
        <Form layout="vertical" component="div" style={{ maxWidth: 640 }}>
          <Form.Item label={t('exchange.kind')} required>
            <Select<FeedKind>
              value={kind}
              options={kindOptions(lang)}
              onChange={(k) => {
                setParams({ kind: k }, { replace: true });
                upload.reset();
              }}
              data-testid="upload-kind"
              aria-label={t('exchange.kind')}
            />
          </Form.Item>
          <Form.Item label={t('upload.file')} required extra={t('upload.fileHelp')} validateStatus={missing ? 'error' : undefined} help={missing ? t('upload.noFile') : undefined}>
            <Upload
              accept=".csv,.xlsx"
              maxCount={1}
              fileList={fileList}
              beforeUpload={(f) => {
                if (!ACCEPT.test(f.name)) {
                  void message.error(t('upload.badType'));
                  return Upload.LIST_IGNORE;
                }
                setFile(f);
                setMissing(false);
                upload.reset();
                // The file is sent by the page itself (its bytes as the body), not by the Upload component.
                return false;
              }}
              onRemove={() => setFile(null)}
              data-testid="upload-file"
            >
              <Button icon={<PaperClipOutlined />}>{t('upload.pick')}</Button>
            </Upload>
          </Form.Item>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={upload.isPending} onClick={submit} data-testid="upload-submit">
            {t('upload.submit')}
          </Button>
        </Form>
      </Card>
      {upload.error && <ErrorAlert error={upload.error} />}
      {upload.data && (
        <Card
          size="small"
          title={
            <span data-testid="upload-result-title">
              {t('upload.done', { id: upload.data.batchId })} · {feedName(upload.data.kind, lang)}
              {upload.data.fileName ? ` · ${upload.data.fileName}` : ''}
            </span>
          }
          data-testid="upload-result"
        >
          {upload.data.resumed && <Alert type="info" showIcon title={t('upload.resumed')} style={{ marginBottom: 12 }} />}
          <BatchSummaryView batch={upload.data} />
        </Card>
      )}
      <FeedColumnsHelp kind={kind} />
    </Space>
  );
}
