import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';

/** Switches between Chinese and English; the choice is kept in localStorage. */
export function LanguageSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      aria-label={`${t('app.language')}: ${t('app.switchTo')}`}
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      style={dark ? { color: 'rgba(255,255,255,0.88)' } : undefined}
      data-testid="lang-switch"
    >
      {t('app.switchTo')}
    </Button>
  );
}
