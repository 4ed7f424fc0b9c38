import { Button, Result, Space } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { useAuth } from '../app/auth';

/**
 * What a user sees for a record outside their region (the server answers 404 for it, so that a record's
 * existence is not revealed) or a page their role may not use (403).
 */
export function NoAccess({ kind = 'record' }: { kind?: 'record' | 'role' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const auth = useAuth();
  return (
    <Result
      data-testid="no-access"
      status="403"
      icon={<StopOutlined style={{ color: '#cf1322' }} />}
      title={t('noAccess.title')}
      subTitle={kind === 'record' ? t('noAccess.text') : t('noAccess.forbidden')}
      extra={
        <Space>
          {auth.has('person.read') && (
            <Button type="primary" onClick={() => void navigate('/persons')}>
              {t('noAccess.toSearch')}
            </Button>
          )}
          <Button onClick={() => void navigate('/')}>{t('noAccess.home')}</Button>
        </Space>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="404" title={t('notFound.title')} extra={<Button onClick={() => void navigate('/')}>{t('noAccess.home')}</Button>} />;
}
