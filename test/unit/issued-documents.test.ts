import { describe, expect, it } from 'vitest';
import { qrModules, qrSvg } from '../../shared/documents/qr.ts';
import {
  documentClaims,
  ISSUED_KINDS,
  issuedAt,
  qrContent,
  qrPayload,
} from '../../shared/domain/issued-documents.ts';

const RECEIVED = '2026-12-08T02:00:00.000Z';
const ENDED = '2026-12-10T09:00:00.000Z';
const base = {
  code: '000.02.30.H19-261208-0001',
  procedureCode: '1.004873',
  receivedAt: RECEIVED,
  dueAt: ENDED,
};

describe('the documents a dossier has', () => {
  const has = (dossier: object) => ISSUED_KINDS.filter((kind) => issuedAt(kind, dossier as never));

  it('nothing before reception; a receipt once received', () => {
    expect(has({ state: 1 })).toEqual([]);
    expect(has({ ...base, state: 2 })).toEqual(['receipt']);
  });

  it('a supplement request while one is open, dated when it was asked', () => {
    const asked = { ...base, state: 5, supplementItems: ['Bản sao'], pausedAt: '2026-12-09T01:00:00.000Z' };
    expect(has(asked)).toEqual(['receipt', 'supplement-request']);
    expect(issuedAt('supplement-request', asked as never)).toBe('2026-12-09T01:00:00.000Z');
    // Asked before reception (no clock to pause): dated by nothing else, so not issued as a slip.
    expect(has({ state: 5, supplementItems: ['Bản sao'] })).toEqual([]);
    expect(has({ ...base, state: 4, supplementItems: ['Bản sao'] })).toEqual(['receipt']);
  });

  it('a refusal once refused, an apology once extended, a result once done', () => {
    expect(has({ state: 3, endedAt: ENDED })).toEqual(['refusal']);
    expect(has({ ...base, state: 4, apology: { at: ENDED, newDueAt: ENDED } })).toEqual([
      'receipt',
      'apology',
    ]);
    expect(has({ ...base, state: 9, endedAt: ENDED, resultSummary: 'Cấp' })).toEqual(['receipt', 'result']);
    expect(has({ ...base, state: 10, endedAt: ENDED, resultSummary: 'Cấp' })).toEqual(['receipt', 'result']);
    expect(has({ ...base, state: 8, endedAt: ENDED, resultSummary: 'Cấp' })).toEqual(['receipt']);
  });
});

describe('the claims a document’s QR signs', () => {
  it('name the dossier, procedure, applicant, document, system and time; the appointment on a receipt', () => {
    expect(documentClaims('receipt', base as never, '075190001234', 'motcua/dong-nai', RECEIVED)).toEqual({
      doc: 'receipt',
      name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      code: base.code,
      proc: '1.004873',
      app: '075190001234',
      iss: 'motcua/dong-nai',
      iat: RECEIVED,
      due: ENDED,
    });
  });

  it('carry the new date on an apology, the validity on a result, and no date elsewhere', () => {
    const apology = { ...base, apology: { at: RECEIVED, newDueAt: '2026-12-20T09:00:00.000Z' } };
    expect(documentClaims('apology', apology as never, 'x', 's', RECEIVED).due).toBe(
      '2026-12-20T09:00:00.000Z',
    );
    expect(documentClaims('result', base as never, 'x', 's', ENDED)).toMatchObject({
      valid: { from: ENDED },
    });
    expect(
      documentClaims('result', { ...base, resultValidUntil: '2031-12-10' } as never, 'x', 's', ENDED).valid,
    ).toEqual({ from: ENDED, until: '2031-12-10' });
    const refusal = documentClaims('refusal', base as never, 'x', 's', ENDED);
    expect(refusal.due).toBeUndefined();
    expect(refusal.valid).toBeUndefined();
  });
});

describe('what a QR holds', () => {
  it('is the look-up’s address with the secret, and the signed claims after #', () => {
    const content = qrContent('https://api.dong-nai.example', base.code, 'AB CD', 'h.p.s');
    expect(content).toBe(`https://api.dong-nai.example/lookup/${base.code}?secret=AB+CD#h.p.s`);
    expect(qrPayload(content)).toBe('h.p.s');
    expect(qrContent('https://x.example/', base.code, undefined, 'h.p.s')).toBe(
      `https://x.example/lookup/${base.code}#h.p.s`,
    );
    expect(qrPayload('https://x.example/lookup/a')).toBeUndefined();
    expect(qrPayload('https://x.example/lookup/a#')).toBeUndefined();
  });

  it('is drawn as a square of modules, and as an SVG with its quiet zone', () => {
    const modules = qrModules('https://x.example/lookup/a#h.p.s');
    expect(modules.length).toBeGreaterThanOrEqual(21);
    expect(modules.every((row) => row.length === modules.length)).toBe(true);
    // The finder pattern's corner is dark, its inner ring light.
    expect(modules[0]![0]).toBe(true);
    expect(modules[1]![1]).toBe(false);
    const svg = qrSvg('https://x.example/lookup/a#h.p.s', 100);
    expect(svg).toContain(`viewBox="0 0 ${modules.length + 8} ${modules.length + 8}"`);
    // The first row of the finder pattern, seven dark modules, inside the quiet zone; every dark module drawn.
    expect(svg).toContain(
      'd="M4 4h1v1h-1zM5 4h1v1h-1zM6 4h1v1h-1zM7 4h1v1h-1zM8 4h1v1h-1zM9 4h1v1h-1zM10 4h1v1h-1z',
    );
    const dark = modules.flat().filter(Boolean).length;
    expect(svg.match(/M\d+ \d+h1v1h-1z/g)).toHaveLength(dark);
    expect(svg).not.toMatch(/M-/);
  });
});
