import { readFile } from 'node:fs/promises';
import { httpHandler } from '../../shared/http/handler.ts';
import { assetPath } from '../../shared/runtime-assets.ts';
import { apiDocsScript as spec } from './script.manifest.ts';

let script: Promise<string> | undefined;

/** Read on first request, not at import: the function starts as fast as any other. */
export const handler = httpHandler(spec, async () => {
  script ??= readFile(assetPath(spec.assets[0]), 'utf8').then(withoutOutsideLoads);
  return {
    raw: await script,
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=86400',
    },
  };
});

/** The bundle loads one thing from elsewhere, its footer's logo: drawn in place instead. */
const REDOCLY_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const withoutOutsideLoads = (bundle: string): string =>
  bundle.replaceAll(REDOCLY_LOGO, "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E");
