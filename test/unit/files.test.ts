import { describe, expect, it } from 'vitest';
import {
  containsEicar,
  contentDisposition,
  EICAR,
  guardDutyVerdict,
  SCAN_PATIENCE_MS,
  sniffType,
  uploadOutcome,
} from '../../shared/domain/files.ts';

describe('attached files', () => {
  it('recognises PDF, PNG and JPEG from their first bytes, whatever they claim to be', () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffType(Buffer.from('%PD'))).toBeUndefined();
  });

  it('finds the EICAR test file anywhere in the bytes', () => {
    expect(containsEicar(Buffer.from(EICAR))).toBe(true);
    expect(containsEicar(Buffer.from(`%PDF-1.4 ${EICAR} trailer`))).toBe(true);
    expect(containsEicar(Buffer.from('%PDF-1.4 clean'))).toBe(false);
  });

  it('carries a Vietnamese file name in Content-Disposition as RFC 6266 and 5987 say', () => {
    const header = contentDisposition('Giấy khai sinh (bản sao).pdf');
    expect(header).toBe(
      `attachment; filename="Giay khai sinh (ban sao).pdf"; filename*=UTF-8''Gi%E1%BA%A5y%20khai%20sinh%20%28b%E1%BA%A3n%20sao%29.pdf`,
    );
    const encoded = header.split("UTF-8''")[1]!;
    expect(decodeURIComponent(encoded)).toBe('Giấy khai sinh (bản sao).pdf'.normalize('NFC'));
    expect(contentDisposition('Đơn "đề nghị".pdf')).toContain('filename="Don _de nghi_.pdf"');
  });

  it('reads every verdict GuardDuty tags an object with, and waits only while there is none', () => {
    expect(guardDutyVerdict('NO_THREATS_FOUND')).toBe('clean');
    expect(guardDutyVerdict('THREATS_FOUND')).toBe('infected');
    expect(guardDutyVerdict('UNSUPPORTED')).toBe('unsupported');
    expect(guardDutyVerdict('ACCESS_DENIED')).toBe('failed');
    expect(guardDutyVerdict('FAILED')).toBe('failed');
    expect(guardDutyVerdict(undefined)).toBe('pending');
  });

  it('ends every verification in a clear state: a scan that cannot finish refuses the file', () => {
    expect(uploadOutcome(undefined, 'clean', 0)).toEqual({ status: 'verified' });
    expect(uploadOutcome('checksum-mismatch', 'clean', 0)).toEqual({
      status: 'rejected',
      reason: 'checksum-mismatch',
    });
    expect(uploadOutcome(undefined, 'infected', 0)).toEqual({ status: 'rejected', reason: 'malware' });
    expect(uploadOutcome(undefined, 'unsupported', 0)).toEqual({
      status: 'rejected',
      reason: 'scan-unsupported',
    });
    expect(uploadOutcome(undefined, 'failed', 0)).toEqual({ status: 'rejected', reason: 'scan-failed' });
    expect(uploadOutcome(undefined, 'pending', 60_000)).toEqual({ status: 'pending' });
    expect(uploadOutcome(undefined, 'pending', SCAN_PATIENCE_MS + 1)).toEqual({
      status: 'rejected',
      reason: 'scan-failed',
    });
  });
});

describe('file names and scans at their edges', () => {
  it('writes a character that has no ASCII letter as _ in the plain name, and escapes * as %2A in the UTF-8 one', () => {
    expect(contentDisposition('Hồ sơ 📎 *.pdf')).toBe(
      `attachment; filename="Ho so __ *.pdf"; filename*=UTF-8''H%E1%BB%93%20s%C6%A1%20%F0%9F%93%8E%20%2A.pdf`,
    );
  });

  it('still waits for a scan running exactly as long as its patience', () => {
    expect(uploadOutcome(undefined, 'pending', SCAN_PATIENCE_MS)).toEqual({ status: 'pending' });
  });
});
