import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { BarChartOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { authContracts, LoginBody } from '@renkou/core';
import { call, isApiError } from '../../api/api';
import { setFieldErrors, validate } from '../../api/form-errors';
import { useAuth } from '../../app/auth';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { DemoBanner } from '../../app/DemoBanner';
import { useI18n } from '../../i18n/i18n';

interface Values {
  username?: string;
  password?: string;
  totp?: string;
}

export function LoginPage() {
  const { t, text, lang } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (auth.user) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  const submit = async (values: Values) => {
    setError(null);
    const body = { username: values.username ?? '', password: values.password ?? '', ...(needTotp && values.totp ? { totp: values.totp.trim() } : {}) };
    const checked = validate(LoginBody, body, lang);
    if (!checked.ok) {
      setFieldErrors(form, checked.fields);
      return;
    }
    setBusy(true);
    try {
      const user = await call(authContracts.login, { body: checked.value });
      auth.signedIn(user);
      await navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      if (isApiError(e, 'TOTP_REQUIRED', 'TOTP_INVALID')) {
        setNeedTotp(true);
        if (e.code === 'TOTP_INVALID') form.setFields([{ name: 'totp', errors: [text(e.text)] }]);
        setError(e.code === 'TOTP_REQUIRED' ? { code: e.code, message: text(e.text) } : null);
      } else if (isApiError(e)) {
        setError({ code: e.code, message: text(e.text) });
        form.setFieldValue('password', '');
      } else {
        setError({ code: 'NETWORK', message: t('common.error') });
      }
    } finally {
      setBusy(false);
    }
  };

  const notice =
    auth.notice === 'expired' ? t('login.sessionExpired') : auth.notice === 'unauthenticated' ? t('login.pleaseSignIn') : auth.notice === 'signedOut' ? t('login.signedOut') : null;

  return (
    <div className="login-page">
      <DemoBanner />
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main className="login-main">
        <Card className="login-card" title={<Typography.Title level={3} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>}>
          {notice && !error && <Alert data-testid="login-notice" type={auth.notice === 'signedOut' ? 'info' : 'warning'} showIcon title={notice} style={{ marginBottom: 16 }} />}
          {error && <Alert data-testid="login-error" data-code={error.code} type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
          <Form name="login" form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} aria-label={t('login.title')}>
            <Form.Item label={t('login.username')} name="username">
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password">
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            {needTotp && (
              <Form.Item label={t('login.totp')} name="totp" extra={t('login.totpHelp')}>
                <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t('login.notice')}
          </Typography.Paragraph>
          <Link to="/public" className="login-public-link" data-testid="public-link">
            <BarChartOutlined /> {t('public.link')}
          </Link>
        </Card>
      </main>
    </div>
  );
}
