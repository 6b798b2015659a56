import { parseArgs } from 'node:util';
import { isAgencyCode } from '../../shared/domain/codes.ts';
import type { Role } from '../../shared/manifest-types.ts';
import { STATE_DIR } from './cli.ts';
import { devIssuer } from './dev-issuer.ts';

const ROLES: Role[] = ['citizen', 'officer', 'leader', 'admin'];
const usage = `usage: npm run -s token -- --role citizen|officer|leader|admin [--sub <id>] [--unit <agency code>] [--ttl <seconds>]
  officers need --unit, e.g. --unit 000.01.30.H19`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

const args = read();
function read() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        unit: { type: 'string' },
        ttl: { type: 'string', default: String(8 * 3600) },
      },
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}
const role = args.role as Role;
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
if ((role === 'officer' || role === 'leader') && !args.unit)
  fail(`a${role === 'officer' ? 'n' : ''} ${role} token needs --unit`);
if (args.unit && !isAgencyCode(args.unit))
  fail(`--unit ${args.unit} is not an agency code such as 000.01.30.H19`);
const ttl = Number(args.ttl);
if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a positive number of seconds');

const issuer = await devIssuer(STATE_DIR);
const token = await issuer.sign({ sub: args.sub ?? `demo-${role}`, role, unit: args.unit, ttl });
process.stdout.write(`${token}\n`);
