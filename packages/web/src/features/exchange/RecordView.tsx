import { Descriptions } from 'antd';
import type { FeedKind } from '@renkou/core';
import { RegionName } from '../../components/RegionName';
import { useI18n } from '../../i18n/i18n';
import { feedColumns, fieldLabel, fieldText, REGION_FIELDS } from './labels';

/** An incoming feed record, field by field in the order of the feed's columns, labelled by their headers. */
export function RecordView({ kind, record }: { kind: FeedKind; record: Record<string, unknown> }) {
  const { lang } = useI18n();
  const known = feedColumns(kind).map((c) => c.key);
  const keys = [...known.filter((k) => k in record), ...Object.keys(record).filter((k) => !known.includes(k))];
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      data-testid="worklist-record"
      styles={{ label: { width: 150 } }}
      items={keys.map((k) => {
        const v = record[k];
        return {
          key: k,
          label: fieldLabel(kind, k, lang),
          children: (
            <span data-field={k} className={/IdNumber$|^idNumber$/.test(k) ? 'mono' : undefined}>
              {REGION_FIELDS.has(k) && typeof v === 'string' && v ? <RegionName code={v} full /> : fieldText(k, v, lang)}
            </span>
          ),
        };
      })}
    />
  );
}
