import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signRequest } from '../../shared/http/signatures.ts';
import { integratorKeyFile as keyFile } from './cli.ts';

const usage = `usage: npm run -s sign -- --integrator <id> <METHOD> <URL> [JSON body]
  signs the request (RFC 9421, the key made by npm run integrator -- create), sends it and
  prints the answer; exits 1 when the answer is an error`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n${code === 2 ? `${usage}\n` : ''}`);
  process.exit(code);
}

function read() {
  try {
    return parseArgs({ allowPositionals: true, options: { integrator: { type: 'string' } } });
  } catch (error) {
    fail((error as Error).message);
  }
}

const { values, positionals } = read();
const [method, url, body, ...rest] = positionals;
if (!values.integrator) fail('--integrator names whose key signs');
if (!(method && url) || rest.length) fail('say: <METHOD> <URL> [body]');
if (!URL.canParse(url)) fail(`${url} is not a URL`);
const file = keyFile(values.integrator);
if (!existsSync(file))
  fail(`no key for ${values.integrator} in ${file}: npm run integrator -- create first`, 1);
const jwk = JSON.parse(readFileSync(file, 'utf8')) as { kid: string };
const bytes = body === undefined ? undefined : new TextEncoder().encode(body);
const headers = await signRequest(
  {
    method: method.toUpperCase(),
    url,
    ...(bytes ? { body: bytes, headers: { 'content-type': 'application/json' } } : {}),
  },
  { keyid: jwk.kid, privateKey: createPrivateKey({ key: jwk, format: 'jwk' }) },
);
const response = await fetch(url, {
  method: method.toUpperCase(),
  headers,
  ...(bytes ? { body: bytes } : {}),
}).catch(() => fail(`nothing answers at ${new URL(url).origin}`, 1));
process.stdout.write(`${await response.text()}\n`);
if (response.status >= 400) process.exit(1);
