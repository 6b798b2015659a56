import { HTML_HEADERS } from '../../shared/documents/html.ts';
import { receiptHtml } from '../../shared/documents/slips.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { receiptFor } from '../../shared/services/documents.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.dossierReceipt, async ({ params, query, principal }) => {
  const receipt = await receiptFor(params.code, principal);
  if (query.format === 'json') return { body: receipt };
  return { raw: receiptHtml(receipt), headers: HTML_HEADERS };
});
