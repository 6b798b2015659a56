import { now } from '../../shared/clock.ts';
import { htmlHeaders, RenderedPages } from '../../shared/documents/html.ts';
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

/**
 * The page as this container drew it, for as long as its Cache-Control says: the edge caches
 * it, but the API's own address is public too, and a caller hammering it reads the table at
 * most once a minute per page.
 */
const drawn = new RenderedPages(60_000);

export const handler = httpHandler(spec, async ({ query }) => {
  const province = process.env[ENV.provinceName] ?? 'Tỉnh';
  const page = await drawn.get(`${query.period ?? ''}|${query.lang}`, now(), async () =>
    transparencyPage(await transparencyData(province, query.period, now()), query.lang),
  );
  return { raw: page, headers: { ...HEADERS, 'content-language': query.lang } };
});
