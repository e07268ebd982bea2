import { FilterXSS } from 'xss';

// The type definitions miss escapeAttrValue; it quotes an attribute value safely.
const escapeAttrValue = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Product descriptions are rich text from merchants: sanitised once, when written, against an
 * allow-list. No scripts, no event handlers, no style, no javascript:/data: URLs; images only from
 * our own /media/ or https; links only http(s), opened with rel=noopener.
 */
const allowList = {
  p: [], br: [], strong: [], b: [], em: [], i: [], u: [], s: [], blockquote: [],
  h2: [], h3: [], h4: [], ul: [], ol: [], li: [], hr: [],
  table: [], thead: [], tbody: [], tr: [], th: [], td: [],
  img: ['src', 'alt', 'width', 'height'],
  a: ['href', 'title'],
};

const SAFE_IMG = /^(\/media\/[\w./-]+|https:\/\/[^\s"'<>]+)$/i;
const SAFE_HREF = /^https?:\/\/[^\s"'<>]+$/i;

const filter = new FilterXSS({
  whiteList: allowList,
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math'],
  allowCommentTag: false,
  onTagAttr(tag: string, name: string, value: string) {
    if (tag === 'img' && name === 'src') return SAFE_IMG.test(value) ? `src="${escapeAttrValue(value)}"` : '';
    if (tag === 'a' && name === 'href') return SAFE_HREF.test(value) ? `href="${escapeAttrValue(value)}" rel="noopener nofollow" target="_blank"` : '';
    if ((name === 'width' || name === 'height') && !/^\d{1,4}$/.test(value)) return '';
    return undefined;
  },
});

export function sanitizeRichText(html: string): string {
  return filter.process(html).trim();
}

/** Plain text fields (titles, names): tags are not markup, so strip anything tag-like and control characters. */
export function cleanPlainText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}
