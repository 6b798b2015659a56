import { buildOpenApi } from '../../shared/api/openapi.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { manifest } from '../manifest.ts';
import { openapi as spec } from './get.manifest.ts';

let document: ReturnType<typeof buildOpenApi> | undefined;

export const handler = httpHandler(spec, async () => {
  document ??= buildOpenApi(manifest, {
    title: `motcua ${process.env[ENV.provinceId] ?? ''}`.trim(),
    version: '1',
  });
  return { body: document, headers: { 'cache-control': 'public, max-age=300' } };
});
