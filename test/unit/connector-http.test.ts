import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { delivered, getFile, guardedLookup, post, resolvedRefusal } from '../../shared/connectors/http.ts';
import { addressRefusal, urlRefusal } from '../../shared/connectors/targets.ts';

const ON_AWS = { allowLoopback: false };
const LOCALLY = { allowLoopback: true };

/** A receiver on this machine: records what came, answers as `answer` does. */
async function receiverThat(answer: (response: ServerResponse) => void) {
  const received: { method: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method!,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** What the guarded resolver answers for `options`, as a connection would receive it. */
function lookedUp(
  resolve: (hostname: string) => Promise<LookupAddress[]>,
  options: { all: boolean },
  policy = ON_AWS,
) {
  return new Promise<{ code?: string; message?: string; address: unknown; family?: number }>((settle) =>
    guardedLookup(policy, resolve)(
      'hooks.example.com',
      options as never,
      ((error: NodeJS.ErrnoException | null, address: unknown, family?: number) =>
        settle({
          ...(error ? { code: error.code, message: error.message } : {}),
          address,
          ...(family === undefined ? {} : { family }),
        })) as never,
    ),
  );
}

describe('an attempt’s request', () => {
  it('is a POST of the body with its byte length and the given headers', async () => {
    const receiver = await receiverThat((response) => response.writeHead(204).end());
    try {
      const body = '{"ten":"Nguyễn Thị Hoà"}';
      expect(await post(receiver.url, body, { 'webhook-id': 'msg_1' }, LOCALLY)).toEqual({
        status: 204,
        ok: true,
      });
      const [request] = receiver.received;
      expect(request).toMatchObject({ method: 'POST', body });
      expect(request!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
      expect(request!.headers['webhook-id']).toBe('msg_1');
    } finally {
      await receiver.close();
    }
  });

  it('reads at most 64 KiB of an answer: an answer that never ends is cut, and its status kept', async () => {
    const receiver = await receiverThat((response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Writes as fast as the sender reads, and never ends.
      const more = () => {
        while (response.write(chunk));
      };
      response.on('drain', more);
      more();
    });
    try {
      expect(await post(receiver.url, '{}', {}, LOCALLY)).toEqual({
        status: 200,
        ok: true,
      });
    } finally {
      await receiver.close();
    }
  });

  it('says why when no answer could be had: nothing listening', async () => {
    const receiver = await receiverThat((response) => response.end());
    const url = receiver.url;
    await receiver.close();
    expect(await post(url, '{}', {}, LOCALLY)).toEqual({
      ok: false,
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });

  it('speaks TLS to an https target: a plain listener there is an error, not a success', async () => {
    const sockets = new Set<Socket>();
    const plain = createTcpServer((socket) => {
      sockets.add(socket);
      socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const answer = await post(`https://127.0.0.1:${port}/hook`, '{}', {}, LOCALLY);
      expect(answer).toEqual({ ok: false, error: expect.stringMatching(/EPROTO|wrong version number/) });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  });

  it('connects to a name only at the addresses just checked: a name pointing inside is refused', async () => {
    const receiver = await receiverThat((response) => response.writeHead(204).end());
    try {
      const inside = async () => [{ address: '10.0.0.7', family: 4 }];
      const answer = await post(`http://localhost:${receiver.port}/hook`, '{}', {}, LOCALLY, inside);
      expect(answer).toEqual({
        ok: false,
        error: 'refused target: 10.0.0.7 is not a public address (private)',
      });
      expect(receiver.received).toEqual([]);
      const loopback = async () => [{ address: '127.0.0.1', family: 4 }];
      expect(await post(`http://localhost:${receiver.port}/hook`, '{}', {}, LOCALLY, loopback)).toEqual({
        status: 204,
        ok: true,
      });
    } finally {
      await receiver.close();
    }
  });

  it('is delivered by a 2xx only, bounds included', () => {
    expect([199, 200, 299, 300].map(delivered)).toEqual([false, true, true, false]);
  });
});

describe('the guarded resolver', () => {
  const two = async () => [
    { address: '203.0.114.10', family: 4 },
    { address: '2402:800:6314::1', family: 6 },
  ];

  it('gives the connection every checked address when it asks for all, else the first with its family', async () => {
    expect(await lookedUp(two, { all: true })).toEqual({
      address: [
        { address: '203.0.114.10', family: 4 },
        { address: '2402:800:6314::1', family: 6 },
      ],
    });
    expect(await lookedUp(two, { all: false })).toEqual({ address: '203.0.114.10', family: 4 });
  });

  it('refuses a name with any forbidden address, or none at all, as a refused target', async () => {
    const mixed = async () => [
      { address: '203.0.114.10', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
    expect(await lookedUp(mixed, { all: true })).toEqual({
      code: 'ETARGETREFUSED',
      message: 'refused target: 169.254.169.254 is not a public address (linkLocal)',
      address: '',
    });
    expect(await lookedUp(async () => [], { all: true })).toEqual({
      code: 'ETARGETREFUSED',
      message: 'refused target: hooks.example.com has no address',
      address: '',
    });
  });

  it('passes on the resolver’s own failure', async () => {
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.com'), { code: 'ENOTFOUND' });
    };
    expect(await lookedUp(failing, { all: false })).toEqual({
      code: 'ENOTFOUND',
      message: 'getaddrinfo ENOTFOUND hooks.example.com',
      address: '',
    });
  });
});

describe('a name checked before it is sent to', () => {
  it('is an address already when it is a literal, bracketed or not', async () => {
    let asked = 0;
    const counting = async () => {
      asked += 1;
      return [{ address: '203.0.114.10', family: 4 }];
    };
    expect(await resolvedRefusal('[::1]', ON_AWS, counting)).toBe('::1 is not a public address (loopback)');
    expect(await resolvedRefusal('[::1]', LOCALLY, counting)).toBeUndefined();
    expect(await resolvedRefusal('10.0.0.1', ON_AWS, counting)).toBe(
      '10.0.0.1 is not a public address (private)',
    );
    expect(asked).toBe(0);
  });

  it('is resolved to all its addresses by the system’s resolver when none is given', async () => {
    // `localhost` resolves on this machine alone, to loopback addresses only.
    expect(await resolvedRefusal('localhost', LOCALLY)).toBeUndefined();
    expect(await resolvedRefusal('localhost', ON_AWS)).toMatch(
      /^(127\.0\.0\.1|::1) is not a public address \(loopback\)$/,
    );
  });

  it('is refused when it resolves nowhere, or when any of its addresses is forbidden', async () => {
    expect(await resolvedRefusal('hooks.example.com', ON_AWS, async () => [])).toBe(
      'hooks.example.com has no address',
    );
    expect(
      await resolvedRefusal('hooks.example.com', ON_AWS, async () => {
        throw new Error('ENOTFOUND');
      }),
    ).toBe('hooks.example.com does not resolve');
    const second = async () => [
      { address: '203.0.114.10', family: 4 },
      { address: 'fd00::1', family: 6 },
    ];
    expect(await resolvedRefusal('hooks.example.com', ON_AWS, second)).toBe(
      'fd00::1 is not a public address (uniqueLocal)',
    );
  });
});

describe('a target', () => {
  it('is an address only in the forms a resolver or a URL gives', () => {
    for (const address of ['10.1', '0x7f.0.0.1', '2130706433', 'example.com', ''])
      expect(addressRefusal(address, ON_AWS), address).toBe(`${address} is not an IP address`);
    expect(addressRefusal('not:an:address', ON_AWS)).toBe('not:an:address is not an IP address');
    expect(addressRefusal('[2402:800:6314::1]', ON_AWS)).toBeUndefined();
  });

  it('over IPv6 is public only inside 2000::/3', () => {
    expect(addressRefusal('4000::1', ON_AWS)).toBe('4000::1 is not a public address (unicast)');
    expect(addressRefusal('2402:800:6314::1', ON_AWS)).toBeUndefined();
  });

  it('is refused when it is no URL, or carries a user or a password', () => {
    expect(urlRefusal('not a url', ON_AWS)).toBe('not a URL');
    expect(urlRefusal('https://user@hooks.example.com/x', ON_AWS)).toBe('a URL with credentials');
    expect(urlRefusal('https://:secret@hooks.example.com/x', ON_AWS)).toBe('a URL with credentials');
  });

  it('may be a loopback name or address over plain HTTP where the runtime allows loopback, and only then', () => {
    expect(urlRefusal('http://api.localhost:3000/x', LOCALLY)).toBeUndefined();
    expect(urlRefusal('https://api.localhost/x', ON_AWS)).toBe('api.localhost is loopback');
    expect(urlRefusal('http://[::1]:3000/x', LOCALLY)).toBeUndefined();
    expect(urlRefusal('http://10.0.0.1:3000/x', LOCALLY)).toBe('not HTTPS');
    expect(urlRefusal('ftp://localhost/x', LOCALLY)).toBe('not HTTPS');
    expect(urlRefusal('http://notlocalhost:3000/x', LOCALLY)).toBe('not HTTPS');
  });

  it('names the port it refuses, and takes 443 written out as the default', () => {
    expect(urlRefusal('https://hooks.example.com:8080/x', ON_AWS)).toBe(
      'port 8080 is not allowed (443, or a port the province allows)',
    );
    expect(urlRefusal('https://hooks.example.com:443/x', { ...ON_AWS, allowedPorts: [] })).toBeUndefined();
  });

  it('given as an address is judged as the address', () => {
    expect(urlRefusal('https://10.0.0.1/x', ON_AWS)).toBe('10.0.0.1 is not a public address (private)');
    expect(urlRefusal('https://[fd00::1]/x', ON_AWS)).toBe('fd00::1 is not a public address (uniqueLocal)');
    expect(urlRefusal('https://203.0.114.10/x', ON_AWS)).toBeUndefined();
  });
});

describe('a file fetched from another channel', () => {
  it('is its body, read whole, from a GET', async () => {
    const bytes = Buffer.from('%PDF-1.4 the file');
    const channel = await receiverThat((response) => response.end(bytes));
    try {
      const fetched = await getFile(channel.url, 1024, LOCALLY);
      expect(fetched).toEqual({ ok: true, bytes });
      expect(channel.received[0]?.method).toBe('GET');
    } finally {
      await channel.close();
    }
  });

  it('is cut, and reported too large, past the limit: exactly the limit is taken', async () => {
    const channel = await receiverThat((response) => response.end(Buffer.alloc(2048, 1)));
    try {
      expect(await getFile(channel.url, 2047, LOCALLY)).toMatchObject({ ok: false, tooLarge: true });
      expect(await getFile(channel.url, 2048, LOCALLY)).toMatchObject({ ok: true });
    } finally {
      await channel.close();
    }
  });

  it('is not taken from an answer other than 2xx, nor through a redirect', async () => {
    const missing = await receiverThat((response) => response.writeHead(404).end('gone'));
    const moved = await receiverThat((response) =>
      response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end(),
    );
    try {
      expect(await getFile(missing.url, 1024, LOCALLY)).toEqual({ ok: false, error: 'answered 404' });
      expect(await getFile(moved.url, 1024, LOCALLY)).toEqual({ ok: false, error: 'answered 302' });
    } finally {
      await Promise.all([missing.close(), moved.close()]);
    }
  });

  it('is not asked for at a target the policy refuses, and gives up at its deadline', async () => {
    expect(await getFile('http://127.0.0.1:9/file', 1024, ON_AWS)).toEqual({
      ok: false,
      error: 'refused target: not HTTPS',
    });
    const silent = await receiverThat(() => undefined);
    try {
      expect(await getFile(silent.url, 1024, LOCALLY, undefined, 200)).toEqual({
        ok: false,
        error: 'no complete file within 0.2 s',
      });
    } finally {
      await silent.close();
    }
  });
});
