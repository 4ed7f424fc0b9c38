import { Alert } from 'antd';
import { ApiError } from '../api/api';
import { useI18n } from '../i18n/i18n';

/** An API error as a message: the server's own text in the current language, with each named field. */
export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t, text, lang } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiError)) return <Alert type="error" showIcon title={t('common.error')} description={String((error as Error)?.message ?? error)} style={style} />;
  const details = error.details.map((d) => `${d.path}: ${lang === 'zh' ? d.reason.zh : d.reason.en}`);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="api-error"
      data-code={error.code}
      title={text(error.text)}
      description={
        details.length > 0 || error.requestId ? (
          <>
            {details.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
            {error.requestId && (
              <small>
                {t('common.requestId')}: {error.requestId}
              </small>
            )}
          </>
        ) : undefined
      }
      style={style}
    />
  );
}
