import { Space, Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { flagText } from './format';

const COLOR: Record<string, string> = { small_numbers: 'orange', no_denominator: 'default', incomplete_age_groups: 'gold' };

/** The notes the API puts on a value (小数字 small numbers, …), each a tag with its explanation. */
export function FlagTags({ flags }: { flags: readonly string[] }) {
  const { t } = useI18n();
  if (flags.length === 0) return null;
  return (
    <Space size={4} wrap>
      {flags.map((f) => {
        const { label, help } = flagText(f, t);
        return (
          <Tooltip key={f} title={help}>
            <Tag color={COLOR[f] ?? 'default'} data-flag={f} style={{ cursor: 'help', marginInlineEnd: 0 }}>
              {label}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
