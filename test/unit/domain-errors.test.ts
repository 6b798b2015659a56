import { describe, expect, it } from 'vitest';
import {
  DomainError,
  invalid,
  invalidField,
  notFound,
  staleVersion,
  tooManyRequests,
  uploadAlreadyUsed,
} from '../../shared/domain/errors.ts';

describe('the ways a request fails, as values', () => {
  it('a failure is a DomainError by name, its message the English of its detail, or the detail when it has one language', () => {
    const both = new DomainError('forbidden', { vi: 'Không được phép.', en: 'Not allowed.' });
    expect(both).toBeInstanceOf(Error);
    expect(both.name).toBe('DomainError');
    expect(both.message).toBe('Not allowed.');
    expect(both).toMatchObject({
      kind: 'forbidden',
      detail: { vi: 'Không được phép.', en: 'Not allowed.' },
      issues: [],
    });
    expect(new DomainError('forbidden', 'Only this.').message).toBe('Only this.');
  });

  it('says when to retry in whole seconds, at least one, and nothing when there is no point', () => {
    expect(new DomainError('too-many-requests', 'x', [], 0.2).retryAfterSeconds).toBe(1);
    expect(new DomainError('too-many-requests', 'x', [], 0).retryAfterSeconds).toBe(1);
    expect(new DomainError('too-many-requests', 'x', [], 12.01).retryAfterSeconds).toBe(13);
    expect(new DomainError('forbidden', 'x').retryAfterSeconds).toBeUndefined();
    const throttled = tooManyRequests('Slow down.', 30);
    expect(throttled).toMatchObject({ kind: 'too-many-requests', retryAfterSeconds: 30, issues: [] });
  });

  it('a field refusal names the field, the rule and why, in both languages', () => {
    const message = { vi: 'Cần mã đơn vị.', en: 'Name a unit.' };
    const error = invalidField('body.toUnit', 'required', message);
    expect(error).toMatchObject({
      kind: 'validation-failed',
      detail: message,
      issues: [{ path: 'body.toUnit', code: 'required', message }],
    });
    expect(invalid('Bad.').issues).toEqual([]);
    expect(notFound('No such dossier.')).toMatchObject({ kind: 'not-found', message: 'No such dossier.' });
  });

  it('a stale version says what changed, the dossier unless told otherwise, and to read it again', () => {
    expect(staleVersion().detail).toEqual({
      vi: 'Hồ sơ vừa được cập nhật; hãy đọc lại rồi thử lại.',
      en: 'The dossier changed since it was read; read it again and retry.',
    });
    expect(staleVersion({ vi: 'Phản ánh', en: 'The feedback' })).toMatchObject({
      kind: 'stale-version',
      detail: {
        vi: 'Phản ánh vừa được cập nhật; hãy đọc lại rồi thử lại.',
        en: 'The feedback changed since it was read; read it again and retry.',
      },
    });
  });

  it('a file used by another dossier meanwhile asks for it again', () => {
    expect(uploadAlreadyUsed()).toMatchObject({
      kind: 'upload-already-used',
      detail: {
        vi: 'Một tệp đính kèm vừa được dùng cho hồ sơ khác; hãy tải lại tệp.',
        en: 'An attached file was used by another dossier meanwhile; upload it again.',
      },
    });
  });
});
