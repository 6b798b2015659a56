import { HTML_HEADERS } from '../../shared/documents/html.ts';
import { receiptHtml } from '../../shared/documents/slips.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { receiptFor } from '../../shared/services/documents.ts';
import { dossierReceipt as spec } from './receipt.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal }) => {
  const receipt = await receiptFor(params.code, principal);
  if (query.format === 'json') return { body: receipt };
  return { raw: receiptHtml(receipt), headers: HTML_HEADERS };
});
