import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { systemContracts } from '@renkou/core';
import { call } from '../api/api';
import { useI18n } from '../i18n/i18n';

/** A banner on every page when the server runs on synthetic demo data (GET /api/v1/meta). */
export function DemoBanner() {
  const { t } = useI18n();
  const meta = useQuery({ queryKey: ['meta'], queryFn: () => call(systemContracts.meta), staleTime: Infinity, retry: 1 });
  if (!meta.data?.demo) return null;
  return <Alert data-testid="demo-banner" type="warning" banner title={t('app.demo')} />;
}
