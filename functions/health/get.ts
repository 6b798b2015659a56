import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { manifest } from '../manifest.ts';

export const handler = httpHandler(manifest.health, async () => ({
  body: { status: 'ok', province: process.env[ENV.provinceId] ?? '', time: new Date().toISOString() },
}));
