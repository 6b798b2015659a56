import { HTML_HEADERS } from '../../shared/documents/html.ts';
import { issuedHtml } from '../../shared/documents/issued.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { documentOf, documentPdf } from '../../shared/services/issued-documents.ts';
import { dossierDocument as spec } from './document.manifest.ts';

export const handler = httpHandler(spec, async ({ params, query, principal, origin }) => {
  const document = await documentOf(params.code, params.kind, principal, origin);
  if (query.format === 'json') return { body: document };
  if (query.format === 'html') return { raw: issuedHtml(document), headers: HTML_HEADERS };
  return {
    binary: await documentPdf(document),
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${params.code}-${params.kind}.pdf"`,
    },
  };
});
