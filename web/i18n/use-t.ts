import { useCallback } from 'react';
import { useRouteLoaderData } from 'react-router';
import type { RootData } from '../lib/root-data.ts';
import { translate, type Locale, type MessageKey, type MessageParams } from './messages.ts';

export function useRootData(): RootData | undefined {
  return useRouteLoaderData('root') as RootData | undefined;
}

/** The page's language (from the root loader, which takes it from the request). */
export function useLocale(): Locale {
  return useRootData()?.locale ?? 'zh-CN';
}

export type TFunction = (key: MessageKey, params?: MessageParams) => string;

export function useT(): { t: TFunction; locale: Locale } {
  const locale = useLocale();
  const t = useCallback<TFunction>((key, params) => translate(locale, key, params), [locale]);
  return { t, locale };
}
