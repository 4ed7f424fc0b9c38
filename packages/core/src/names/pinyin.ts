/**
 * Pure pinyin helpers over `pinyin-pro`, used for search keys of Chinese
 * place names and person names.
 *
 * Output conventions (shared by every helper here):
 * - lower-case, toneless, no spaces or other whitespace;
 * - `ü` is written `v` (吕 → `lv`, 女 → `nv`), as on a pinyin keyboard;
 * - non-Chinese characters are kept, lower-cased, after Unicode NFKC
 *   normalisation (full-width `Ｔ１` → `t1`, `（` → `(`);
 * - initials are the first letter of each syllable; a non-Chinese character
 *   counts as its own "syllable", so it is kept in the initials as well
 *   (`A区` → pinyin `aqu`, initials `aq`).
 *
 * These functions are deterministic and have no side effects.
 */
import { pinyin } from 'pinyin-pro';

/** Options for {@link toPinyinSyllables}. */
export interface PinyinSyllablesOptions {
  /**
   * Read the head of the text as a Chinese surname (`pinyin-pro`'s
   * `surname: 'head'`), so 曾/单/解/区/仇 … get their surname readings.
   * Only meaningful for person names. Default `false`.
   */
  surname?: boolean;
}

/** Full pinyin and initials of one text, computed in a single conversion. */
export interface PinyinKeys {
  /** e.g. `changxingxian` */
  pinyin: string;
  /** e.g. `cxx` */
  initials: string;
}

const WHITESPACE = /\s+/gu;

/**
 * Splits `text` into lower-case toneless syllables (non-Chinese characters
 * become one element each; whitespace is dropped).
 *
 * @example
 * toPinyinSyllables('长兴县') // ['chang', 'xing', 'xian']
 * toPinyinSyllables('吕梁市') // ['lv', 'liang', 'shi']
 * toPinyinSyllables('曾国藩', { surname: true }) // ['zeng', 'guo', 'fan']
 * toPinyinSyllables('A区（东）') // ['a', 'qu', '(', 'dong', ')']
 */
export function toPinyinSyllables(text: string, options: PinyinSyllablesOptions = {}): string[] {
  const normalized = text.normalize('NFKC');
  if (normalized.length === 0) return [];
  const parts = pinyin(normalized, {
    toneType: 'none',
    type: 'array',
    v: true,
    surname: options.surname ? 'head' : 'off',
  });
  const out: string[] = [];
  for (const part of parts) {
    const syllable = part.replace(WHITESPACE, '').toLowerCase();
    if (syllable.length > 0) out.push(syllable);
  }
  return out;
}

function initialsOf(syllables: readonly string[]): string {
  let initials = '';
  for (const s of syllables) {
    // code point, not code unit: a non-BMP character must not be split
    initials += String.fromCodePoint(s.codePointAt(0) as number);
  }
  return initials;
}

/**
 * Full pinyin and initials in one `pinyin-pro` call (half the work of calling
 * {@link toPinyin} and {@link toPinyinInitials} separately; used by bulk loaders).
 *
 * @example
 * toPinyinKeys('长兴县') // { pinyin: 'changxingxian', initials: 'cxx' }
 * toPinyinKeys('曾小明', { surname: true }) // { pinyin: 'zengxiaoming', initials: 'zxm' }
 */
export function toPinyinKeys(text: string, options: PinyinSyllablesOptions = {}): PinyinKeys {
  const syllables = toPinyinSyllables(text, options);
  return { pinyin: syllables.join(''), initials: initialsOf(syllables) };
}

/**
 * Lower-case toneless full pinyin without spaces (normal reading, for place
 * names and general text; use {@link toNamePinyin} for person names).
 *
 * @example
 * toPinyin('长兴县') // 'changxingxian'
 * toPinyin('吕梁市') // 'lvliangshi'
 * toPinyin('重庆市') // 'chongqingshi'
 * toPinyin('Ａ区1号') // 'aqu1hao'
 */
export function toPinyin(text: string): string {
  return toPinyinSyllables(text).join('');
}

/**
 * First letters of each pinyin syllable, lower-case.
 *
 * @example
 * toPinyinInitials('长兴县') // 'cxx'
 * toPinyinInitials('吕梁市') // 'lls'
 * toPinyinInitials('A区1号') // 'aq1h'
 */
export function toPinyinInitials(text: string): string {
  return initialsOf(toPinyinSyllables(text));
}

/**
 * Full pinyin of a person's name, reading the leading character(s) as a
 * surname (`pinyin-pro` `surname: 'head'`), so 单/曾/解/区/仇/朴 and compound
 * surnames like 尉迟 get their surname readings; the given name keeps the
 * normal reading.
 *
 * @example
 * toNamePinyin('曾小明') // 'zengxiaoming' (toPinyin would give 'cengxiaoming')
 * toNamePinyin('单田芳') // 'shantianfang'
 * toNamePinyin('解缙') // 'xiejin'
 * toNamePinyin('吕布') // 'lvbu'
 */
export function toNamePinyin(name: string): string {
  return toPinyinSyllables(name, { surname: true }).join('');
}

/**
 * Initials of a person's name with surname readings (see {@link toNamePinyin}).
 *
 * @example
 * toNamePinyinInitials('曾小明') // 'zxm'
 * toNamePinyinInitials('单田芳') // 'stf'
 */
export function toNamePinyinInitials(name: string): string {
  return initialsOf(toPinyinSyllables(name, { surname: true }));
}
