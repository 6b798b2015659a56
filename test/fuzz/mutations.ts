import { type Context, type Draft, headerBytes, parametersIn } from './drafts.ts';
import type { Operation } from './openapi.ts';
import type { Random } from './random.ts';

/** One way of breaking a request; answers what it did, or undefined when it does not apply. */
type Mutation = (draft: Draft, operation: Operation, context: Context) => string | undefined;

/** API Gateway's own limit; past it the gateway answers 413 before any function runs. */
export const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

const VIETNAMESE = ['Hoà', 'Nguyễn Thị Hoà', 'Đồng Nai', 'thủ tục hành chính', 'hồ sơ', 'Ủy ban'];
const nfd = (random: Random) => random.pick(VIETNAMESE).normalize('NFD');

/** Percent sequences, valid and not: encoded separators, NUL, overlong UTF-8, a cut-off sequence. */
const PERCENT = [
  '%00',
  '%2F',
  '%2e%2e',
  '%25',
  '%E0%A4%A',
  '%',
  '%ZZ',
  '%C0%AF',
  '%FF%FE',
  '%u0041',
  '%F0%9F%98%80',
];

// ——— path parameters ———————————————————————————————————————————————————————————————

/**
 * Up to 4 KB: long enough to pass every limit of a key, short enough that with the other
 * long parts a request stays under the 16 KB of headers a Node server reads.
 */
function veryLong(random: Random): string {
  const unit = encodeURIComponent(random.ascii(1));
  return unit.repeat(Math.floor(random.pick([300, 1500, 4000]) / unit.length));
}

function hostilePathValue(random: Random, real: string, context: Context): [string, string] {
  return random.weighted<() => [string, string]>([
    [2, () => ['random text', encodeURIComponent(random.ascii(random.between(1, 30)))]],
    [2, () => ['NFD Vietnamese', encodeURIComponent(nfd(random))]],
    [1, () => ['unicode digits', encodeURIComponent('０００.０２.３０.Ｈ１９-２６０１０１-０００１')]],
    [3, () => ['percent sequence', `${random.chance(0.5) ? real : ''}${random.pick(PERCENT)}`]],
    [2, () => ['dot segment', random.pick(['..', '.', '%2e%2e', `${real}%2F..%2F..`])]],
    [1, () => ['very long', veryLong(random)]],
    [2, () => ['empty', '']],
    [
      2,
      () => [
        'real value of another kind',
        encodeURIComponent(random.pick(context.generator.knowledge.strings)),
      ],
    ],
    [1, () => ['padded', `%20${real}%0A`]],
    [1, () => ['lower case', real.toLowerCase()]],
  ])();
}

const mutatePath: Mutation = (draft, operation, context) => {
  const parameters = parametersIn(operation, 'path');
  if (!parameters.length) return undefined;
  const { random } = context.generator;
  const { name } = random.pick(parameters);
  const real = draft.params[name] ?? '';
  if (random.chance(0.3)) {
    // A value of the right shape that names nothing: the lookup must miss cleanly.
    const schema = parameters.find((parameter) => parameter.name === name)!.schema;
    const shaped = schema.pattern
      ? random.matching(schema.pattern)
      : `${random.ascii(8)}-0000-4000-8000-000000000000`;
    draft.params[name] = encodeURIComponent(shaped);
    return `path ${name}: well-formed, unknown`;
  }
  const [what, value] = hostilePathValue(random, real, context);
  draft.params[name] = value;
  return `path ${name}: ${what}`;
};

/**
 * Another method, or the path bent out of every route's shape. HEAD is left out: its answer
 * has no body, so the gateway's own 404 could not be told from a function's.
 */
const mutateRoute: Mutation = (draft, operation, context) => {
  const { random } = context.generator;
  if (random.chance(0.5)) {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    draft.method = random.pick(methods.filter((method) => method !== operation.method));
    return `method: ${draft.method}`;
  }
  const [what, change] = random.pick<[string, (path: string) => string]>([
    ['trailing slash', (path) => `${path}/`],
    ['double slash', (path) => `/${path}`],
    ['upper case', (path) => path.toUpperCase()],
    ['encoded slashes', (path) => `/${path.slice(1).replaceAll('/', '%2F')}`],
    ['dot segments', (path) => `/x/..${path}`],
  ]);
  draft.route = change;
  return `path: ${what}`;
};

// ——— query string —————————————————————————————————————————————————————————————————

const WRONG_VALUES = [
  'abc',
  '1.5',
  '-1',
  '0',
  '101',
  '11',
  '1e3',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '',
  '0x10',
  'true',
  '[]',
  '{}',
  'null',
  '2024-13-45',
  'pdf',
  '%E0%A4%A',
];

const cursorAttributes = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'code',
  'x',
];
const cursorValues = (random: Random): unknown =>
  random.pick<unknown>([
    'CATALOG',
    'DOSSIER#000.02.30.H19-260101-0001',
    'OWNER#USER:someone-else',
    'INBOX#UNIT:000.01.30.H19',
    'RATE#x',
    '',
    1,
    true,
    null,
    ['a'],
    { S: 'CATALOG' },
    'x'.repeat(1100),
    nfd(random),
  ]);

/** Cursors the API never gave out: random objects, real cursors edited, text that is not base64url. */
function forgedCursor(random: Random, harvested: readonly string[]): [string, string] {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return random.weighted<() => [string, string]>([
    [
      3,
      () => {
        const object: Record<string, unknown> = {};
        for (let count = random.int(4); count >= 0; count--)
          object[random.pick(cursorAttributes)] = cursorValues(random);
        return ['base64url of a random object', encode(object)];
      },
    ],
    [
      3,
      () => {
        const real = random.pick(harvested);
        const key = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as Record<string, unknown>;
        const names = Object.keys(key);
        const edit = random.int(3);
        if (edit === 0 && names.length) delete key[random.pick(names)];
        else if (edit === 1 && names.length) key[random.pick(names)] = cursorValues(random);
        else key[random.pick(cursorAttributes)] = cursorValues(random);
        return ['a real cursor edited', encode(key)];
      },
    ],
    [
      1,
      () => [
        'base64url of a non-object',
        encode(random.pick<unknown>([null, 1, 'pk', [], [{ pk: 'CATALOG' }]])),
      ],
    ],
    [1, () => ['not base64url', encodeURIComponent(random.ascii(random.between(1, 40)))]],
    [1, () => ['base64url of bytes', Buffer.from(random.ascii(12), 'latin1').toString('base64url')]],
    [1, () => ['too long', 'A'.repeat(random.pick([2049, 3000]))]],
  ])();
}

const mutateQuery: Mutation = (draft, operation, context) => {
  const { random } = context.generator;
  const declared = parametersIn(operation, 'query').map((parameter) => parameter.name);
  const harvested = context.generator.knowledge.cursors;
  const add = (pair: string) => {
    draft.query = draft.query ? `${draft.query}&${pair}` : pair;
  };
  const [what, pair] = random.weighted<() => [string, string]>([
    [
      declared.length ? 4 : 0,
      () => {
        const name = random.pick(declared);
        return [`query ${name}: wrong value`, `${name}=${random.pick(WRONG_VALUES)}`];
      },
    ],
    [
      declared.includes('cursor') && harvested.length ? 5 : 0,
      () => {
        const [kind, cursor] = forgedCursor(random, harvested);
        return [`query cursor: ${kind}`, `cursor=${cursor}`];
      },
    ],
    [
      2,
      () => [
        'query: extra parameter',
        `${random.pick(['colour', '__proto__', 'constructor', 'toString', 'limit[]', 'x'])}=${random.pick(WRONG_VALUES)}`,
      ],
    ],
    [declared.length ? 1 : 0, () => ['query: repeated parameter', `${declared[0]}=1&${declared[0]}=2`]],
    [
      1,
      () => [
        'query: NFD text',
        `${random.pick(declared.length ? declared : ['q'])}=${encodeURIComponent(nfd(random))}`,
      ],
    ],
    [
      1,
      () => [
        'query: very long value',
        `${random.pick(declared.length ? declared : ['q'])}=${'9'.repeat(2500)}`,
      ],
    ],
    [1, () => ['query: bare names and separators', random.pick(['limit', '&&&', '=', '=1', 'a==b', '%'])]],
  ])();
  add(pair);
  return what;
};

// ——— headers ——————————————————————————————————————————————————————————————————————

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/jsonx',
  '',
  ';',
  'application/json, text/plain',
];

const IF_MATCH = [
  '"abc"',
  '*',
  'W/"1"',
  '"1", "2"',
  '1',
  '""',
  '"-1"',
  '"1.5"',
  '"99999999999999999999"',
  'null',
];

const IDEMPOTENCY_KEYS = [
  'short',
  'has space in it',
  'ümlaut-key-123',
  'x'.repeat(129),
  '../../etc/passwd',
  '',
];

/** One key for every request that reuses it: the same key with different bodies must be told apart. */
const REUSED_KEY = 'fuzz-reused-key-0001';

const mutateHeaders: Mutation = (draft, operation, context) => {
  const { random } = context.generator;
  const set = (name: string, value: string | string[]) => {
    draft.headers[name] = value;
  };
  const hasIfMatch = operation.parameters.some((parameter) => parameter.name === 'if-match');
  const hasKey = operation.parameters.some((parameter) => parameter.name === 'idempotency-key');
  return random.weighted<() => string>([
    [
      2,
      () => {
        if (random.chance(0.3)) {
          delete draft.headers['content-type'];
          return 'header content-type: missing';
        }
        const type = random.pick(CONTENT_TYPES);
        set('content-type', type);
        return `header content-type: ${JSON.stringify(type)}`;
      },
    ],
    [
      hasIfMatch ? 4 : 1,
      () => {
        const choice = random.int(IF_MATCH.length + 3);
        if (choice === IF_MATCH.length) {
          delete draft.headers['if-match'];
          return 'header if-match: missing';
        }
        if (choice === IF_MATCH.length + 1) {
          set('if-match', ['"1"', '"2"']);
          return 'header if-match: twice';
        }
        if (choice === IF_MATCH.length + 2) {
          set('if-match', `"${'1'.repeat(3000)}"`);
          return 'header if-match: huge';
        }
        set('if-match', IF_MATCH[choice]!);
        return `header if-match: ${IF_MATCH[choice]}`;
      },
    ],
    [
      hasKey ? 4 : 1,
      () => {
        const choice = random.int(IDEMPOTENCY_KEYS.length + 2);
        if (choice === IDEMPOTENCY_KEYS.length) {
          delete draft.headers['idempotency-key'];
          return 'header idempotency-key: missing';
        }
        const key = choice === IDEMPOTENCY_KEYS.length + 1 ? REUSED_KEY : IDEMPOTENCY_KEYS[choice]!;
        set('idempotency-key', headerBytes(key));
        return `header idempotency-key: ${JSON.stringify(key.slice(0, 40))}`;
      },
    ],
    [
      1,
      () => {
        const value = random.pick(['*', 'xx', 'en;q=abc', 'vi-VN', `${'en,'.repeat(700)}vi`, 'tiếng Việt']);
        set('accept-language', headerBytes(value));
        return `header accept-language: ${JSON.stringify(value.slice(0, 40))}`;
      },
    ],
    [
      1,
      () => {
        set('x-forwarded-for', '203.0.113.7');
        set('x-amzn-requestid', random.ascii(10));
        return 'headers: forged forwarding';
      },
    ],
  ])();
};

// ——— body —————————————————————————————————————————————————————————————————————————

type Json = null | boolean | number | string | Json[] | { [name: string]: Json };
type Location = { parent: Json[] | { [name: string]: Json }; key: string | number };

/** Every place in a JSON tree where a value sits. */
function locations(value: Json): Location[] {
  if (value === null || typeof value !== 'object') return [];
  const children = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return children.flatMap(([key, child]) => [{ parent: value, key }, ...locations(child)]);
}

const valueAt = (location: Location): Json =>
  (location.parent as Record<string | number, Json>)[location.key]!;

const put = (location: Location, value: Json) => {
  (location.parent as Record<string | number, Json>)[location.key] = value;
};

type JsonObject = { [name: string]: Json };
const isObject = (value: Json): value is JsonObject =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The objects of a tree, the root among them. */
const objectsIn = (root: Json): JsonObject[] => [root, ...locations(root).map(valueAt)].filter(isObject);

/**
 * Deep nesting is written as text: building it as a value would overflow this process's own
 * stack in `JSON.stringify` before the request is ever sent. A marker holds its place.
 */
const NESTED = /"@@nested:(\d+):(array|object)@@"/;

function nestedText(depth: number, shape: string): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const WRONG_TYPES: Json[] = [0, -1, 1.5, 1e300, '', 'x', true, false, [], {}, [1, 2], { nested: {} }];

/** Mutations of the parsed body; each answers what it did, or undefined where it does not apply. */
const TREE_MUTATIONS: [number, (root: { value: Json }, random: Random) => string | undefined][] = [
  [
    3,
    (root, random) => {
      const objects = objectsIn(root.value).filter((object) => Object.keys(object).length > 0);
      if (!objects.length) return undefined;
      const object = random.pick(objects);
      const name = random.pick(Object.keys(object));
      delete object[name];
      return `body: dropped ${name}`;
    },
  ],
  [
    3,
    (root, random) => {
      const places = locations(root.value);
      if (!places.length) return undefined;
      const place = random.pick(places);
      const value = random.pick(WRONG_TYPES);
      put(place, value);
      return `body: ${String(place.key)} = ${JSON.stringify(value)}`;
    },
  ],
  [
    2,
    (root, random) => {
      const objects = objectsIn(root.value);
      if (!objects.length) return undefined;
      const name = random.pick([
        'extra',
        'action',
        'state',
        'sub',
        'pk',
        'version',
        'currentUnit',
        '__proto__',
      ]);
      random.pick(objects)[name] = random.pick(WRONG_TYPES);
      return `body: extra property ${name}`;
    },
  ],
  [
    2,
    (root, random) => {
      const places = locations(root.value);
      if (!places.length) return undefined;
      const place = random.pick(places);
      put(place, null);
      return `body: ${String(place.key)} = null`;
    },
  ],
  [
    1,
    (root) => {
      root.value = [root.value];
      return 'body: wrapped in an array';
    },
  ],
  [
    1,
    (root, random) => {
      root.value = random.pick<Json>([null, [], 'text', 0, true]);
      return `body: ${JSON.stringify(root.value)} instead of an object`;
    },
  ],
  [
    2,
    (root, random) => {
      const depth = random.pick([64, 1000, 5000, 20_000]);
      const marker = `@@nested:${depth}:${random.pick(['array', 'object'])}@@`;
      const places = locations(root.value);
      if (places.length) put(random.pick(places), marker);
      else root.value = marker;
      return `body: nested ${depth} deep`;
    },
  ],
  [
    2,
    (root, random) => {
      const strings = locations(root.value).filter((location) => typeof valueAt(location) === 'string');
      // Past the functions' 256 KB for a JSON body, far below the gateway's 10 MB.
      const huge = random.pick(['x', 'ệ']).repeat(300 * 1024);
      if (strings.length) put(random.pick(strings), huge);
      else if (isObject(root.value)) root.value.note = huge;
      else root.value = huge;
      return 'body: a 300 KB string';
    },
  ],
  [
    2,
    (root) => {
      root.value = toNfd(root.value);
      return 'body: every string in NFD';
    },
  ],
];

function toNfd(value: Json): Json {
  if (typeof value === 'string') return value.normalize('NFD');
  if (Array.isArray(value)) return value.map(toNfd);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name.normalize('NFD'), toNfd(item)]),
    );
  return value;
}

/** Bodies that are not the JSON of any value, or not JSON at all. */
const RAW_BODIES: [string, () => string | Buffer][] = [
  ['truncated JSON', () => '{"procedureCode": "1.00'],
  ['form encoded', () => 'procedureCode=1.004873&applicant=x'],
  ['empty', () => ''],
  ['NUL bytes', () => '\u0000\u0000'],
  ['XML', () => '<dossier><code>1</code></dossier>'],
  ['duplicate keys', () => '{"reason":"a","reason":{"nested":true}}'],
  ['__proto__ key', () => '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}'],
  ['huge number', () => '{"amount": 1e400, "limit": -0}'],
  ['not UTF-8', () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0x22, 0x7d])],
  ['a lone surrogate', () => '{"note":"\\ud800"}'],
];

/** The body as a value, unless it is not JSON or too deep to walk. */
function parsed(draft: Draft): Json | undefined {
  if (typeof draft.body !== 'string' || draft.changes.some((change) => change.startsWith('body: nested')))
    return undefined;
  try {
    return JSON.parse(draft.body) as Json;
  } catch {
    return undefined;
  }
}

const mutateBody: Mutation = (draft, operation, context) => {
  const { random } = context.generator;
  if (!operation.body) {
    // A body where none is expected: ignored or refused, never a crash.
    draft.body = JSON.stringify({ unexpected: nfd(random) });
    draft.headers['content-type'] = 'application/json';
    return 'body: sent where none is declared';
  }
  if (random.chance(0.15)) {
    const [what, make] = random.pick(RAW_BODIES);
    draft.body = make();
    return `body: ${what}`;
  }
  // Rare: each is 10 MB to send, and one answer is all there is to see.
  if (random.chance(0.005)) {
    draft.body = Buffer.alloc(GATEWAY_MAX_BODY + 1, 0x20);
    return 'body: over 10 MB';
  }
  const value = parsed(draft);
  // A body an earlier mutation already made into something else is left as it is.
  if (value === undefined) return undefined;
  const root = { value };
  for (let attempt = 0; attempt < 5; attempt++) {
    const what = random.weighted(TREE_MUTATIONS)(root, random);
    if (what) {
      draft.body = JSON.stringify(root.value).replace(NESTED, (_, depth: string, shape: string) =>
        nestedText(Number(depth), shape),
      );
      return what;
    }
  }
  return undefined;
};

// ——— authorization ————————————————————————————————————————————————————————————————

const mutateAuthorization: Mutation = (draft, _operation, context) => {
  const { random } = context.generator;
  const { refused, odd } = context.tokens;
  const [what, value] = random.pick<[string, string]>([
    ...[...refused, ...odd].map(([kind, token]): [string, string] => [kind, `Bearer ${token}`]),
    ['garbage bearer', `Bearer ${random.ascii(20).replace(/\s/g, '')}`],
    ['basic credentials', 'Basic YWRtaW46YWRtaW4='],
    ['empty bearer', 'Bearer '],
  ]);
  draft.headers.authorization = value;
  return `authorization: ${what}`;
};

/** Applies `count` mutations drawn from every part of the request. */
export function mutate(draft: Draft, operation: Operation, context: Context, count: number): Draft {
  const { random } = context.generator;
  for (let applied = 0, attempts = 0; applied < count && attempts < 20; attempts++) {
    const mutation = random.weighted<Mutation>([
      [parametersIn(operation, 'path').length ? 3 : 0, mutatePath],
      [2, mutateQuery],
      [2, mutateHeaders],
      [operation.body ? 4 : 1, mutateBody],
      [1, mutateAuthorization],
      [1, mutateRoute],
    ]);
    const what = mutation(draft, operation, context);
    if (what === undefined) continue;
    draft.changes.push(what);
    applied++;
  }
  return draft;
}
