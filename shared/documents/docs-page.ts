import { escapeHtml } from './html.ts';

/** Redoc's standalone bundle, a file of the `redoc` package, served by the API itself. */
export const REDOC_ASSET = 'redoc/bundles/redoc.standalone.js';
export const REDOC_FILE = 'redoc.standalone.js';

/**
 * The reference page's headers: it runs only the script served from this origin (Redoc's
 * bundle and the one line that starts it), whose styles are inline by design, reads only
 * this origin's OpenAPI document, and may not be framed.
 */
export const DOCS_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'public, max-age=300',
};

/**
 * The API reference over `/openapi.json`, with what the document cannot say by itself: how
 * to sign in, and how receipts and hop receipts are signed and checked.
 */
export function docsPage(province: string): string {
  const title = `motcua ${province}: API reference`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>
<body>
<noscript><p>The reference needs JavaScript; the document itself is at <a href="openapi.json">/openapi.json</a>.</p></noscript>
<redoc spec-url="openapi.json" hide-download-button="false" required-props-first="true"></redoc>
<script src="docs/${REDOC_FILE}"></script>
</body></html>`;
}
