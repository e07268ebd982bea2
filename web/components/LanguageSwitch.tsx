import { useLocation } from 'react-router';
import { useT } from '../i18n/use-t.ts';

/**
 * 中文 / EN. A plain form post to /lang, which sets the `lang` cookie and sends the browser
 * back here: works without JavaScript, and the whole page reloads in the new language.
 */
export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { t, locale } = useT();
  const location = useLocation();
  return (
    <form method="post" action="/lang" className={`lang-switch ${className}`} aria-label={t('lang.switch')}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" name="lang" value="zh-CN" lang="zh-CN" aria-pressed={locale === 'zh-CN'} className={locale === 'zh-CN' ? 'is-active' : ''}>
        {t('lang.zh')}
      </button>
      <span aria-hidden="true">/</span>
      <button type="submit" name="lang" value="en" lang="en" aria-pressed={locale === 'en'} className={locale === 'en' ? 'is-active' : ''}>
        {t('lang.en')}
      </button>
    </form>
  );
}
