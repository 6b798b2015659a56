import { describe, expect, it } from 'vitest';
import { isRecordedRead } from '../../shared/domain/data-access.ts';

describe('a read the citizen is shown', () => {
  it("is someone else's read of a dossier a citizen owns", () => {
    expect(isRecordedRead('citizen-1', 'officer-1')).toBe(true);
    expect(isRecordedRead('citizen-1', 'citizen-1')).toBe(false);
    expect(isRecordedRead('integrator:cong-dvc', 'officer-1')).toBe(false);
  });
});
