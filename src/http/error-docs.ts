import { errorCatalogue } from './error-catalogue.ts';

/** docs/errors.md, generated from the catalogue (`npm run docs:errors`). */
export function renderErrorDocs(): string {
  const rows = Object.entries(errorCatalogue).map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.zh} | ${e.en} |`);
  return [
    '# Error codes',
    '',
    'Every error the API answers with has the body `{ "error": { "code": "…", "message": "…" } }`; the message is in',
    'zh-CN or English by the `lang` cookie or `Accept-Language`. Validation errors add `details` (field paths).',
    'This page is generated from `src/http/error-catalogue.ts` by `npm run docs:errors`; a test fails when they differ.',
    '',
    '| code | HTTP | zh-CN | en |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
