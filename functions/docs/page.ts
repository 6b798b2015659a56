import { DOCS_HEADERS, docsPage } from '../../shared/documents/docs-page.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.apiDocs, async () => ({
  raw: docsPage(process.env[ENV.provinceId] ?? ''),
  headers: { ...DOCS_HEADERS },
}));
