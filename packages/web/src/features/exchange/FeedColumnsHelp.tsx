import { Alert, Collapse, Space, Table, Tag, Typography } from 'antd';
import type { FeedKind } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';
import { feedColumns, feedName } from './labels';

type Column = ReturnType<typeof feedColumns>[number];

/** A collapsible list of a feed's columns (Chinese header, English name, required, content) and the Excel note. */
export function FeedColumnsHelp({ kind }: { kind: FeedKind }) {
  const { t, lang, text } = useI18n();
  return (
    <Collapse
      data-testid="columns-help"
      items={[
        {
          key: 'columns',
          label: t('upload.columns', { kind: feedName(kind, lang) }),
          children: (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Typography.Text type="secondary">{t('upload.columnsHelp')}</Typography.Text>
              <Table<Column>
                rowKey="key"
                size="small"
                pagination={false}
                dataSource={[...feedColumns(kind)]}
                data-testid="columns-table"
                scroll={{ x: 720 }}
                columns={[
                  { title: t('upload.colZh'), key: 'zh', width: 170, render: (_: unknown, c) => <strong>{c.zh}</strong> },
                  { title: t('upload.colEn'), key: 'en', width: 170, render: (_: unknown, c) => <span className="mono">{c.en}</span> },
                  { title: t('upload.colRequired'), key: 'required', width: 80, render: (_: unknown, c) => (c.required ? <Tag color="red">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>) },
                  { title: t('upload.colFormat'), key: 'format', render: (_: unknown, c) => text(c.format) },
                ]}
              />
              <Alert type="warning" showIcon title={t('upload.excelTitle')} description={t('upload.excelNote')} data-testid="excel-note" />
            </Space>
          ),
        },
      ]}
    />
  );
}
