import { DICT, type DictKey } from './dict';
import type { Lang } from './labels';

/** A lookup in the dictionary for the current language; `{name}` in the text is filled from `vars`. */
export type Translate = (key: DictKey, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: DictKey, vars?: Record<string, string | number>): string {
  const entry = DICT[key];
  let s: string = entry ? entry[lang === 'zh' ? 0 : 1] : key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}
