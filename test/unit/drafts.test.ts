import { describe, expect, it } from 'vitest';
import {
  checkedDraft,
  DRAFT_MAX_BYTES,
  draftExpiry,
  isKept,
  noDraft,
  prefillFrom,
} from '../../shared/domain/drafts.ts';
import type { DomainError } from '../../shared/domain/errors.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('a draft', () => {
  it('goes the given number of whole days after it was saved, on the next whole second', () => {
    expect(draftExpiry(new Date('2026-12-08T06:00:00.000Z'), 30).toISOString()).toBe(
      '2027-01-07T06:00:00.000Z',
    );
    expect(draftExpiry(new Date('2026-12-08T06:00:00.001Z'), 1).toISOString()).toBe(
      '2026-12-09T06:00:01.000Z',
    );
  });

  it('is kept until its expiry, not at it', () => {
    const expiresAt = '2027-01-07T06:00:00.000Z';
    expect(isKept({ expiresAt }, new Date('2027-01-07T05:59:59.999Z'))).toBe(true);
    expect(isKept({ expiresAt }, new Date(expiresAt))).toBe(false);
  });

  it("holds only fields of the procedure's form, each named when it is not", () => {
    expect(checkedDraft({ purpose: 'x' }, ['purpose', 'previousMarriage'])).toEqual({ purpose: 'x' });
    const error = refusal(() => checkedDraft({ purpose: 'x', salary: 1, pet: 'cat' }, ['purpose']));
    expect(error.kind).toBe('validation-failed');
    expect(error.detail).toEqual({
      vi: 'Bản nháp có trường không thuộc tờ khai của thủ tục.',
      en: "The draft names fields the procedure's form does not have.",
    });
    expect(error.issues).toEqual([
      {
        path: 'body.formData.salary',
        code: 'unknown_field',
        message: { vi: 'Tờ khai không có trường salary.', en: 'The form has no field salary.' },
      },
      {
        path: 'body.formData.pet',
        code: 'unknown_field',
        message: { vi: 'Tờ khai không có trường pet.', en: 'The form has no field pet.' },
      },
    ]);
  });

  it(`weighs at most ${DRAFT_MAX_BYTES / 1024} KB as JSON`, () => {
    const room = DRAFT_MAX_BYTES - JSON.stringify({ purpose: '' }).length;
    expect(checkedDraft({ purpose: 'x'.repeat(room) }, ['purpose'])).toBeDefined();
    const tooBig = refusal(() => checkedDraft({ purpose: 'x'.repeat(room + 1) }, ['purpose']));
    expect(tooBig.kind).toBe('payload-too-large');
    expect(tooBig.detail).toEqual({ vi: 'Bản nháp vượt quá 32 KB.', en: 'A draft may hold at most 32 KB.' });
  });

  it('that is not there is refused as not found, naming the procedure', () => {
    const error = noDraft('1.004873');
    expect([error.kind, error.detail]).toEqual([
      'not-found',
      { vi: 'Không có bản nháp cho thủ tục 1.004873.', en: 'No draft for procedure 1.004873.' },
    ]);
  });
});

describe('a new application prefilled', () => {
  const form = ['purpose', 'previousMarriage', 'witness', 'note'];
  const own = { code: 'D-3', formData: { purpose: 'Kết hôn', previousMarriage: false, gone: 'x' } };

  it("takes the newest application the citizen filed for themself, only the form's fields, saying the share", () => {
    const forMother = {
      code: 'D-4',
      formData: { purpose: 'Của mẹ' },
      filer: { onBehalf: { relationship: 'mẹ' } },
    };
    const atDesk = {
      code: 'D-5',
      formData: { purpose: 'Tại quầy' },
      filer: { atDesk: { unit: 'u', channel: 'post' } },
    };
    const older = {
      code: 'D-1',
      formData: { purpose: 'Cũ', previousMarriage: true, witness: 'A', note: 'n' },
    };
    expect(prefillFrom(form, [atDesk, forMother, own, older], false)).toEqual({
      formData: { purpose: 'Kết hôn', previousMarriage: false },
      share: 0.5,
      from: 'D-3',
    });
  });

  it('prefills nothing when the citizen acts for someone else, nor without an application of their own', () => {
    expect(prefillFrom(form, [own], true)).toEqual({ formData: {}, share: 0, off: 'on-behalf' });
    expect(prefillFrom(form, [], false)).toEqual({ formData: {}, share: 0 });
    expect(prefillFrom([], [own], false)).toEqual({ formData: {}, share: 0 });
  });

  it('rounds the share to hundredths', () => {
    expect(prefillFrom(['a', 'b', 'c'], [{ code: 'D', formData: { a: 1 } }], false).share).toBe(0.33);
  });
});
