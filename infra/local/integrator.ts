import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isAgencyCode } from '../../shared/domain/codes.ts';
import { INTEGRATOR_ID, SCOPES, type Scope } from '../../shared/domain/integrators.ts';
import { integratorKeyFile as keyFile, STATE_DIR } from './cli.ts';
import { devIssuer } from './dev-issuer.ts';

const usage = `usage: npm run -s integrator -- create <id> --scopes <scope,…> [--name <name>] [--unit <agency code>]
                                      [--procedures <code,…>] [--units <agency code,…>]
  registers an integrator with the runtime at $API (default http://127.0.0.1:3000) and gives it
  an Ed25519 key, kept in ${join('.motcua', 'integrators', '<id>.jwk')} for \`npm run sign\`
  scopes: ${SCOPES.join(', ')}`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n${code === 2 ? `${usage}\n` : ''}`);
  process.exit(code);
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function read() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        scopes: { type: 'string' },
        name: { type: 'string' },
        unit: { type: 'string', default: '000.00.01.H19' },
        procedures: { type: 'string' },
        units: { type: 'string' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
}

const { values, positionals } = read();
const [command, id] = positionals;
if (command !== 'create' || !id || positionals.length > 2) fail('say: create <id>');
if (!INTEGRATOR_ID.test(id)) fail(`the id ${id} must be 2–40 lower-case letters, digits or hyphens`);
const scopes = list(values.scopes) ?? [];
if (!scopes.length) fail('--scopes names at least one scope');
const unknown = scopes.filter((scope) => !SCOPES.includes(scope as Scope));
if (unknown.length) fail(`unknown scope ${unknown.join(', ')}`);
for (const unit of [values.unit, ...(list(values.units) ?? [])])
  if (unit && !isAgencyCode(unit)) fail(`${unit} is not an agency code such as 000.01.30.H19`);

const api = process.env.API ?? 'http://127.0.0.1:3000';
const token = await (await devIssuer(STATE_DIR)).sign({ sub: 'demo-admin', role: 'admin', ttl: 300 });
const post = async (path: string, body: unknown) => {
  try {
    return await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    fail(`nothing answers at ${api}: start the runtime with npm start, or set API`, 1);
  }
};

const registered = await post('/admin/integrators', {
  id,
  name: values.name ?? id,
  unit: values.unit,
  scopes,
  ...(values.procedures ? { procedures: list(values.procedures) } : {}),
  ...(values.units ? { units: list(values.units) } : {}),
});
if (registered.status !== 201 && registered.status !== 409)
  fail(`the registry refused ${id}: ${await registered.text()}`, 1);

const file = keyFile(id);
if (registered.status === 409 && existsSync(file)) {
  const { kid } = JSON.parse(readFileSync(file, 'utf8')) as { kid: string };
  process.stdout.write(`integrator ${id} is registered already; its key ${kid} is in ${file}\n`);
  process.exit(0);
}
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const { kty, crv, x } = publicKey.export({ format: 'jwk' });
const added = await post(`/admin/integrators/${id}/keys`, { publicKey: { kty, crv, x } });
if (added.status !== 201) fail(`the registry refused the key: ${await added.text()}`, 1);
const { keyid } = (await added.json()) as { keyid: string };
mkdirSync(join(STATE_DIR, 'integrators'), { recursive: true });
writeFileSync(file, `${JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: keyid })}\n`, {
  mode: 0o600,
});
process.stdout.write(
  `integrator ${id}${registered.status === 409 ? ' (registered already)' : ''}: key ${keyid} in ${file}\n`,
);
