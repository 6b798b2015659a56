import { DOCS_HEADERS, docsPage } from '../../shared/documents/docs-page.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { apiDocs as spec } from './page.manifest.ts';

export const handler = httpHandler(spec, async () => ({
  raw: docsPage(process.env[ENV.provinceId] ?? ''),
  headers: { ...DOCS_HEADERS },
}));
