import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/env.ts';

/**
 * On AWS, email goes out through SES v2 and SMS through SNS. A stand-in answers each API as the
 * service does (SES v2's REST JSON, SNS's query protocol with an XML answer) and keeps every
 * request it receives: a message sent twice is received twice.
 */
interface Received {
  service: 'ses' | 'sns';
  path: string;
  body: string;
}
let server: Server;
let received: Received[] = [];

const bodyOf = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const service = request.url?.startsWith('/v2/email/') ? 'ses' : 'sns';
    received.push({ service, path: request.url ?? '', body });
    if (service === 'ses') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ MessageId: `ses-${received.length}` }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>sns-${received.length}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: endpoint,
    AWS_ENDPOINT_URL_SNS: endpoint,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    [ENV.notifyTransport]: 'aws',
    [ENV.notifyFromEmail]: 'motcua@example.gov.vn',
  });
});

afterAll(() => {
  server.close();
  for (const name of [
    'AWS_ENDPOINT_URL_SESV2',
    'AWS_ENDPOINT_URL_SNS',
    ENV.notifyTransport,
    ENV.notifyFromEmail,
  ])
    delete process.env[name];
});

beforeEach(() => {
  received = [];
});

const message = {
  id: 'n-1',
  to: 'an@example.vn',
  subject: 'Hồ sơ đã được tiếp nhận',
  text: 'Hồ sơ H56.01-241201-0001 đã được tiếp nhận.',
  at: '2026-11-29T08:00:00.000Z',
};

describe('email and SMS on AWS', () => {
  it('an email is one SES SendEmail from the province address, its Vietnamese text intact', async () => {
    const { sendEmail } = await import('../../shared/messaging/transports.ts');
    await sendEmail(message);
    await sendEmail(message);
    expect(received.map((request) => request.service)).toEqual(['ses', 'ses']);
    const [first] = received as [Received];
    expect(first.path).toBe('/v2/email/outbound-emails');
    expect(JSON.parse(first.body)).toMatchObject({
      FromEmailAddress: 'motcua@example.gov.vn',
      Destination: { ToAddresses: ['an@example.vn'] },
      Content: { Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } } },
    });
  });

  it('an SMS is one SNS Publish to the number in international form', async () => {
    const { sendSms } = await import('../../shared/messaging/transports.ts');
    await sendSms({ ...message, to: '0912345678' });
    expect(received).toHaveLength(1);
    const form = new URLSearchParams((received as [Received])[0].body);
    expect(form.get('Action')).toBe('Publish');
    expect(form.get('PhoneNumber')).toBe('+84912345678');
    expect(form.get('Message')).toBe(message.text);
  });
});
