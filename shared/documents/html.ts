import { createHash } from 'node:crypto';

/**
 * The one HTML kit of the printable forms (and of any page to come): escaping in one place,
 * one page frame, and the headers every HTML answer carries. Pages load nothing from
 * anywhere: their only style is inline, allowed by its hash, and nothing may frame them.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `body{font-family:"Times New Roman",serif;max-width:780px;margin:2em auto;line-height:1.5}
h1{font-size:1.2em;text-align:center}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #000;padding:4px 6px;vertical-align:top}.nation{text-align:center;font-weight:bold}
.qr{float:left;margin:0 1em 1em 0}
@media print{body{margin:0}}`;

const styleHash = createHash('sha256').update(STYLE).digest('base64');

/** The headers of every HTML answer: the type, no sniffing, a policy that allows only the page's own style. */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${styleHash}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
};

/**
 * A printable Vietnamese administrative form: the national heading, the title, the body, and
 * in the top-left corner what goes there (a document's QR, as markup the caller drew).
 */
export function formPage(title: string, body: string, corner?: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body>${corner ? `<div class="qr">${corner}</div>` : ''}<p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</p>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`;
}

/** The headers of a page with its own style: only that style is allowed. */
export function htmlHeaders(style: string): Record<string, string> {
  const hash = createHash('sha256').update(style).digest('base64');
  return {
    ...HTML_HEADERS,
    'content-security-policy': `default-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
  };
}

/**
 * Pages drawn in this container, each kept `keepMs` from when it was drawn (by the system's
 * clock) and at most `most` of them: the oldest goes first.
 */
export class RenderedPages {
  private readonly pages = new Map<string, { until: number; page: string }>();
  private readonly keepMs: number;
  private readonly most: number;

  constructor(keepMs: number, most = 64) {
    this.keepMs = keepMs;
    this.most = most;
  }

  async get(key: string, now: Date, draw: () => Promise<string>): Promise<string> {
    const kept = this.pages.get(key);
    if (kept && kept.until > now.getTime()) return kept.page;
    const page = await draw();
    this.pages.delete(key);
    this.pages.set(key, { until: now.getTime() + this.keepMs, page });
    if (this.pages.size > this.most) this.pages.delete(this.pages.keys().next().value!);
    return page;
  }
}
