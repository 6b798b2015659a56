import { now } from '../../shared/clock.ts';
import { ENV } from '../../shared/env.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { health as spec } from './get.manifest.ts';

export const handler = httpHandler(spec, async () => ({
  body: { status: 'ok', province: process.env[ENV.provinceId] ?? '', time: now().toISOString() },
}));
