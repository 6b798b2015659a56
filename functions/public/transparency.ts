import { now } from '../../shared/clock.ts';
import { htmlHeaders } from '../../shared/documents/html.ts';
import { PAGE_STYLE, transparencyPage } from '../../shared/documents/transparency.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { transparencyData } from '../../shared/services/transparency.ts';
import { transparencyPage as spec } from './transparency.manifest.ts';

const HEADERS = {
  ...htmlHeaders(PAGE_STYLE),
  // Figures move with every event, but not by the second: a short shared cache spares the table.
  'cache-control': 'public, max-age=60',
};

export const handler = httpHandler(spec, async ({ query }) => {
  const province = process.env[ENV.provinceName] ?? 'Tỉnh';
  const data = await transparencyData(province, query.period, now());
  return { raw: transparencyPage(data, query.lang), headers: { ...HEADERS, 'content-language': query.lang } };
});
