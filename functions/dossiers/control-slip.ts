import { HTML_HEADERS } from '../../shared/documents/html.ts';
import { controlSlipHtml } from '../../shared/documents/slips.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { controlSlipFor } from '../../shared/services/documents.ts';
import { controlSlip as spec } from './control-slip.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal }) => {
  const slip = await controlSlipFor(params.code, principal);
  if (query.format === 'json') return { body: slip };
  return { raw: controlSlipHtml(slip), headers: HTML_HEADERS };
});
