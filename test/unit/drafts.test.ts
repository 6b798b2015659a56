import { describe, expect, it } from 'vitest';
import { checkedDraft, DRAFT_MAX_BYTES, draftExpiry, isKept } from '../../shared/domain/drafts.ts';
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
    expect(error.issues.map((issue) => [issue.path, issue.code])).toEqual([
      ['body.formData.salary', 'unknown_field'],
      ['body.formData.pet', 'unknown_field'],
    ]);
  });

  it(`weighs at most ${DRAFT_MAX_BYTES / 1024} KB as JSON`, () => {
    const room = DRAFT_MAX_BYTES - JSON.stringify({ purpose: '' }).length;
    expect(checkedDraft({ purpose: 'x'.repeat(room) }, ['purpose'])).toBeDefined();
    expect(refusal(() => checkedDraft({ purpose: 'x'.repeat(room + 1) }, ['purpose'])).kind).toBe(
      'payload-too-large',
    );
  });
});
