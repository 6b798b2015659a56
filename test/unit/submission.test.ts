import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODE_MINUTES,
  codeHash,
  codeMessage,
  confirmationCode,
  normalContact,
  sameCode,
} from '../../shared/domain/contacts.ts';
import { canonicalJson } from '../../shared/domain/history.ts';
import {
  applicationHash,
  deskFiler,
  filerOf,
  filesDigest,
  lookupSecret,
  normaliseSecret,
  receiptClaims,
  sameSecret,
} from '../../shared/domain/submission.ts';

const file = (uploadId: string, size = 10) => ({
  uploadId,
  size,
  sha256: `sha-${uploadId}`,
  fileName: 'x.pdf',
});

describe('the proof of submission', () => {
  const components = [
    { componentId: 'to-khai', files: [file('u1'), file('u2')] },
    { componentId: 'cccd', files: [file('u3')] },
  ];

  it('signs the dossier, its procedure, unit and time, how many files, their digest and the application’s hash', () => {
    const receipt = {
      code: 'C-1',
      procedureCode: '1.004873',
      receivingUnit: '000.02.30.H19',
      submittedAt: 't',
    };
    expect(receiptClaims(receipt, components, 'app-hash')).toEqual({
      ...receipt,
      files: 3,
      filesDigest: filesDigest(components),
      applicationHash: 'app-hash',
    });
  });

  it('digests each file by id, size and SHA-256 only, in order', () => {
    const renamed = components.map((component) => ({
      ...component,
      files: component.files.map((one) => ({ ...one, fileName: 'other.pdf' })),
    }));
    expect(filesDigest(renamed)).toBe(filesDigest(components));
    const resized = [{ ...components[0]!, files: [file('u1', 11), file('u2')] }, components[1]!];
    expect(filesDigest(resized)).not.toBe(filesDigest(components));
    expect(filesDigest([components[1]!, components[0]!])).not.toBe(filesDigest(components));
    expect(filesDigest(components)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes everything of the application but the proof that signs the hash', () => {
    const application = { components, formData: { purpose: 'Kết hôn' } };
    expect(applicationHash({ ...application, receiptProof: 'eyJ.proof' })).toBe(applicationHash(application));
    const changed = { ...application, formData: { purpose: 'Khác' } };
    expect(applicationHash(changed)).not.toBe(applicationHash(application));
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined }] })).toBe('{"a":[2,{"d":3}],"b":1}');
  });
});

describe('the look-up secret (mã tra cứu)', () => {
  it('is ten characters of Crockford base 32 in two groups of five, from the bytes given', () => {
    const secret = lookupSecret(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0]));
    expect(secret).toBe('00000-00000');
    expect(lookupSecret(new Uint8Array([255, 255, 255, 255, 255, 255, 255]))).toBe('ZZZZZ-ZZZZZ');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
        expect(lookupSecret(bytes)).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
      }),
    );
    expect(lookupSecret(new Uint8Array([1, 2, 3, 4, 5, 6, 7]))).not.toBe(
      lookupSecret(new Uint8Array([1, 2, 3, 4, 5, 6, 8])),
    );
  });

  it('is read as typed: any case, with or without separators, I and L as 1, O as 0', () => {
    expect(normaliseSecret(' 7kq2m-x9d4h ')).toBe('7KQ2MX9D4H');
    expect(normaliseSecret('ILO0 1-o')).toBe('110010');
    expect(sameSecret('7KQ2MX9D4H', normaliseSecret('7kq2m x9d4h'))).toBe(true);
    expect(sameSecret('7KQ2MX9D4H', '7KQ2MX9D4J')).toBe(false);
  });
});

describe('who filed the dossier (tự nộp hay nộp thay)', () => {
  const applicant = { kind: 'citizen' as const, fullName: 'Nguyễn Thị  Lan', idNumber: '001199012345' };
  const identity = { idNumber: '001199012345', fullName: 'NGUYỄN THỊ LAN' };

  it('records an unverified filer without an identity, on behalf of someone if they say so', () => {
    expect(filerOf('s', applicant, undefined, undefined)).toEqual({ sub: 's', verified: false });
    expect(filerOf('s', applicant, undefined, { relationship: 'con' })).toEqual({
      sub: 's',
      verified: false,
      onBehalf: { relationship: 'con' },
    });
  });

  it('compares the names whatever the composition and spacing on either side', () => {
    const decomposed = { idNumber: identity.idNumber, fullName: '  Nguyễn   Thị Lan '.normalize('NFD') };
    expect(filerOf('s', { ...applicant, fullName: 'Nguyễn Thị Lan' }, decomposed, undefined)).toMatchObject({
      verified: true,
    });
    expect(
      filerOf('s', { ...applicant, fullName: 'Nguyễn Thị Lan'.normalize('NFD') }, identity, undefined),
    ).toMatchObject({ verified: true });
    expect(filerOf('s', { ...applicant, fullName: ' Nguyễn Thị Lan  ' }, identity, undefined)).toMatchObject({
      verified: true,
    });
  });

  it('records a verified citizen filing for themself, the name compared whatever its case and spacing', () => {
    expect(filerOf('s', applicant, identity, undefined)).toEqual({
      sub: 's',
      verified: true,
      idNumber: '001199012345',
      fullName: 'NGUYỄN THỊ LAN',
    });
    expect(filerOf('s', applicant, { idNumber: identity.idNumber }, undefined)).toEqual({
      sub: 's',
      verified: true,
      idNumber: '001199012345',
    });
    expect(filerOf('s', { ...applicant, fullName: 'Trần Văn Nam' }, identity, undefined)).toEqual({
      path: 'body.applicant.fullName',
      code: 'identity_mismatch',
    });
    expect(filerOf('s', applicant, identity, { relationship: 'con' })).toEqual({
      path: 'body.onBehalfOf',
      code: 'not_on_behalf',
    });
  });

  it('asks whom a verified filer files for when the applicant is someone else, or a business', () => {
    const other = { ...applicant, idNumber: '079099000111' };
    expect(filerOf('s', other, identity, undefined)).toEqual({ path: 'body.onBehalfOf', code: 'required' });
    expect(filerOf('s', other, identity, { relationship: 'mẹ' })).toMatchObject({
      verified: true,
      idNumber: identity.idNumber,
      onBehalf: { relationship: 'mẹ' },
    });
    const business = { kind: 'business' as const, fullName: applicant.fullName, idNumber: identity.idNumber };
    expect(filerOf('s', business, identity, undefined)).toEqual({
      path: 'body.onBehalfOf',
      code: 'required',
    });
  });
});

describe('confirming a contact', () => {
  it('writes an address one way: email in lower case, a Vietnamese phone in E.164', () => {
    expect(normalContact('email', '  Lan.Nguyen@Example.VN ')).toBe('lan.nguyen@example.vn');
    expect(normalContact('sms', '0912 345.678')).toBe('+84912345678');
    expect(normalContact('sms', '0912-345-678')).toBe('+84912345678');
    expect(normalContact('sms', '+84 912 345 678')).toBe('+84912345678');
    expect(normalContact('sms', '912345678')).toBe('+84912345678');
  });

  it('drops only the leading 0 of a national number, never a 0 inside it', () => {
    expect(normalContact('sms', '912 340 670')).toBe('+84912340670');
    expect(normalContact('sms', '0902 000 100')).toBe('+84902000100');
  });

  it('keeps a code only as its SHA-256, in hex', () => {
    expect(codeHash('123456')).toBe('8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92');
  });

  it('makes six-digit codes from random bytes, and compares them by hash', () => {
    expect(confirmationCode(new Uint8Array([0, 0, 0, 7]))).toBe('000007');
    expect(confirmationCode(new Uint8Array([255, 255, 255, 255, 1]))).toBe(String(0xffffffff % 1_000_000));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        expect(confirmationCode(bytes)).toMatch(/^\d{6}$/);
      }),
    );
    expect(sameCode(codeHash('123456'), '123456')).toBe(true);
    expect(sameCode(codeHash('123456'), '123457')).toBe(false);
  });

  it('sends the code with how long it lasts, in the person’s language', () => {
    expect(codeMessage('123456', 'vi')).toEqual({
      subject: 'Mã xác nhận liên hệ',
      text: `Mã xác nhận địa chỉ liên hệ trên Cổng dịch vụ công: 123456. Mã có hiệu lực ${CODE_MINUTES} phút.`,
    });
    expect(codeMessage('123456', 'en').text).toContain(`123456. It is valid for ${CODE_MINUTES} minutes.`);
    expect(codeMessage('123456', 'en').subject).toBe('Contact confirmation code');
  });
});

describe('who filed a dossier at the desk', () => {
  const applicant = { fullName: 'Nguyễn Thị Hoà', idNumber: '075190001234' };

  it('is the officer, for the applicant, whose papers count as checked only when they came in person', () => {
    expect(deskFiler('officer-1', '000.02.30.H19', 'in-person', applicant)).toEqual({
      sub: 'officer-1',
      verified: true,
      fullName: 'Nguyễn Thị Hoà',
      idNumber: '075190001234',
      atDesk: { unit: '000.02.30.H19', channel: 'in-person' },
    });
    expect(deskFiler('officer-1', '000.02.30.H19', 'post', applicant)).toMatchObject({
      verified: false,
      atDesk: { channel: 'post' },
    });
    expect(
      deskFiler('officer-1', '000.02.30.H19', 'post', { fullName: 'Công ty TNHH Minh An' }),
    ).not.toHaveProperty('idNumber');
  });
});
