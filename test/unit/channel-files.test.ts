import { describe, expect, it } from 'vitest';
import {
  addressRefusal,
  bytesRefusal,
  filesSettled,
  maxFileBytes,
  REFUSAL_TEXT,
} from '../../shared/domain/channel-files.ts';
import type { Dossier } from '../../shared/domain/dossier.ts';
import { fetchedFileId } from '../../shared/services/channel-files.ts';

const PORTAL = { fileHosts: ['files.dichvucong.gov.vn'], maxFileMb: 2 };

describe('a channel’s file address', () => {
  it('is fetched only from a host the province lets that channel name, whatever its case', () => {
    expect(addressRefusal('https://files.dichvucong.gov.vn/a/b.pdf', PORTAL)).toBeUndefined();
    expect(addressRefusal('https://FILES.dichvucong.gov.vn/b.pdf', PORTAL)).toBeUndefined();
    expect(addressRefusal('https://dichvucong.gov.vn/b.pdf', PORTAL)).toBe('host-not-allowed');
    expect(addressRefusal('https://files.dichvucong.gov.vn.example.org/b.pdf', PORTAL)).toBe(
      'host-not-allowed',
    );
    expect(addressRefusal('https://files.dichvucong.gov.vn/b.pdf', undefined)).toBe('host-not-allowed');
    expect(addressRefusal('not a url', PORTAL)).toBe('host-not-allowed');
  });

  it('names a file of at most the channel’s megabytes', () => {
    expect(maxFileBytes(PORTAL)).toBe(2 * 1024 * 1024);
  });
});

describe('the bytes fetched for a file', () => {
  const declared = { size: 10, sha256: 'AB'.repeat(32) };
  const limits = { maxBytes: 10, types: ['application/pdf'] as const };
  const fetched = { size: 10, sha256: 'ab'.repeat(32), type: 'application/pdf' as const };

  it('are taken when their size, hash and type are what was declared and accepted', () => {
    expect(bytesRefusal(declared, fetched, limits)).toBeUndefined();
  });

  it('are refused, first for the limit, then the size, the hash and the type', () => {
    expect(bytesRefusal(declared, { ...fetched, size: 11, sha256: 'x' }, limits)).toBe('too-large');
    expect(bytesRefusal(declared, { ...fetched, size: 9, sha256: 'x' }, limits)).toBe('size-mismatch');
    expect(bytesRefusal(declared, { ...fetched, sha256: 'cd'.repeat(32) }, limits)).toBe('checksum-mismatch');
    expect(bytesRefusal(declared, { ...fetched, type: 'image/png' }, limits)).toBe('type-not-accepted');
    expect(bytesRefusal(declared, { ...fetched, type: undefined }, limits)).toBe('type-not-accepted');
  });
});

describe('a dossier whose files all have their verdict', () => {
  const waiting = {
    code: 'X',
    state: 1,
    sub: 'receiving-files',
    version: 3,
    supplementRequests: 0,
  } as Dossier;
  const at = new Date('2026-12-08T02:00:00Z');

  it('goes to reception when every file is clean', () => {
    expect(filesSettled(waiting, [], at)).toEqual({ ...waiting, sub: 'none', version: 4 });
  });

  it('asks for each refused file again, saying which and why, without counting a second request', () => {
    const asked = filesSettled(
      waiting,
      [
        { componentId: 'to-khai', componentName: 'Tờ khai', fileName: 'a.pdf', reason: 'malware' },
        { componentId: 'anh', componentName: 'Ảnh', fileName: 'b.png', reason: 'checksum-mismatch' },
      ],
      at,
    );
    expect(asked).toMatchObject({ state: 5, sub: 'none', resumeState: 1, version: 4, supplementRequests: 0 });
    expect(asked.supplementItems).toEqual([
      `Tờ khai: a.pdf — ${REFUSAL_TEXT.malware}; xin nộp lại tệp này`,
      `Ảnh: b.png — ${REFUSAL_TEXT['checksum-mismatch']}; xin nộp lại tệp này`,
    ]);
    // Nothing was received: no clock runs, none is paused.
    expect(asked.pausedAt).toBeUndefined();
    expect(filesSettled({ ...waiting, dueAt: '2026-12-20T00:00:00Z' }, [asked as never], at).pausedAt).toBe(
      at.toISOString(),
    );
  });
});

describe('a fetched file’s id', () => {
  it('is a UUID, the same for the same file of the same dossier, another for any other', () => {
    const id = fetchedFileId('000.02.30.H19-261208-0001', 'channel:G22/to-khai/1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fetchedFileId('000.02.30.H19-261208-0001', 'channel:G22/to-khai/1')).toBe(id);
    expect(fetchedFileId('000.02.30.H19-261208-0001', 'channel:G22/to-khai/2')).not.toBe(id);
    expect(fetchedFileId('000.02.30.H19-261208-0002', 'channel:G22/to-khai/1')).not.toBe(id);
  });
});
