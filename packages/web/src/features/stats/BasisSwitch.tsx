import { Segmented } from 'antd';
import type { Basis } from '@renkou/core';
import { useI18n } from '../../i18n/i18n';

/** The basis switch: 常住 residence or 户籍 hukou. */
export function BasisSwitch({ value, onChange }: { value: Basis; onChange: (b: Basis) => void }) {
  const { t } = useI18n();
  return (
    <Segmented<Basis>
      value={value}
      onChange={onChange}
      options={(['residence', 'hukou'] as const).map((b) => ({ value: b, label: t(`stats.basis.${b}`) }))}
      data-testid="basis"
    />
  );
}
