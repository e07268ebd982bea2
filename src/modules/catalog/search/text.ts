import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { pinyin } from 'pinyin-pro';

// Loading the dictionary takes ~150 ms and ~100 MB: once per process, on first use.
let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

/** Index tokens: jieba's search mode (华为/手机/硅胶/保护/护套/保护套), lower-cased, deduplicated. */
export function indexTokens(text: string): string[] {
  return unique(segmenter().cutForSearch(text.toLowerCase(), true));
}

/** Query tokens: jieba's precise mode, so a query asks for the words the shopper typed. */
export function queryTokens(text: string): string[] {
  return unique(segmenter().cut(text.toLowerCase(), true));
}

function unique(tokens: string[]): string[] {
  return [...new Set(tokens.map((t) => t.trim()).filter((t) => t && WORD.test(t)))];
}

/**
 * Pinyin of the Chinese words, word by word and padded with spaces so that a word's start can be
 * matched, then once more run together so that a phrase typed without spaces matches too:
 * 无线蓝牙耳机 → full " wuxian lanya erji wuxianlanyaerji ", initials " wx ly ej wxlyej ".
 */
export function pinyinForms(text: string): { full: string; initials: string } {
  const full: string[] = [];
  const initials: string[] = [];
  for (const word of segmenter().cut(text, true)) {
    if (!HAN.test(word)) continue;
    full.push(pinyin(word, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).join(''));
    initials.push(pinyin(word, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join(''));
  }
  const spaced = (parts: string[]) => (parts.length ? ` ${parts.join(' ')} ${parts.join('')} `.toLowerCase() : '');
  return { full: spaced(full), initials: spaced(initials) };
}

/** Latin letters only — pinyin or initials, e.g. "lanya erji", "lyej". */
export function looksLikePinyin(query: string): boolean {
  return /^[a-z][a-z\s']*$/i.test(query.trim());
}
