import type { Dossier } from './dossier.ts';
import { DomainError } from './errors.ts';

/**
 * Đánh giá mức độ hài lòng: once a dossier's result is returned (or it was refused), its
 * applicant rates it on nine criteria, 0–2 points each, and an overall verdict, with an
 * optional comment; the rating can be changed for a few days after it is first given.
 * (The criteria as a provincial system observed them; see the domain notes.) Pure.
 */
export const CRITERIA = [
  'totalTime',
  'timeAtEachAgency',
  'contactsNeeded',
  'agenciesContacted',
  'oneStopDesk',
  'procedurePosted',
  'staffAttitude',
  'responseToFeedback',
  'onlineService',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_NAMES: Record<Criterion, string> = {
  totalTime: 'Tổng thời gian giải quyết so với quy định',
  timeAtEachAgency: 'Thời gian giải quyết tại từng cơ quan',
  contactsNeeded: 'Số lần liên hệ để hoàn thiện hồ sơ',
  agenciesContacted: 'Số cơ quan phải liên hệ',
  oneStopDesk: 'Giải quyết qua bộ phận một cửa',
  procedurePosted: 'Thủ tục được công khai',
  staffAttitude: 'Thái độ của cán bộ',
  responseToFeedback: 'Tiếp thu, giải trình phản ánh, kiến nghị',
  onlineService: 'Tiến độ, chất lượng dịch vụ trực tuyến',
};

export const VERDICTS = ['khong-hai-long', 'hai-long', 'rat-hai-long'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_NAMES: Record<Verdict, string> = {
  'khong-hai-long': 'Không hài lòng',
  'hai-long': 'Hài lòng',
  'rat-hai-long': 'Rất hài lòng',
};

/** How long after it is first given a rating may be changed, in days, unless the province says otherwise. */
export const RATING_CHANGE_DAYS = 7;

/** The end of a rating's change window. */
export const changeableUntil = (firstRatedAt: string, changeDays: number): Date =>
  new Date(new Date(firstRatedAt).getTime() + changeDays * 24 * 3600_000);

export interface Rating {
  criteria: Record<Criterion, 0 | 1 | 2>;
  verdict: Verdict;
  comment?: string;
  firstRatedAt: string;
  ratedAt: string;
}

/** Dossiers whose applicant may rate them: the result returned, or refused at reception. */
const RATEABLE: readonly Dossier['state'][] = [3, 10];

export const points = (criteria: Rating['criteria']): number =>
  CRITERIA.reduce((sum, criterion) => sum + criteria[criterion], 0);

/**
 * The rating as given now, or why it cannot be: the dossier not finished, or the change
 * window closed. (Whose dossier it is, is the caller's check: someone else's is not found.)
 */
export function rate(
  dossier: Pick<Dossier, 'state' | 'code'>,
  previous: Rating | undefined,
  given: Pick<Rating, 'criteria' | 'verdict' | 'comment'>,
  now: Date,
  changeDays = RATING_CHANGE_DAYS,
): Rating {
  if (!RATEABLE.includes(dossier.state))
    throw new DomainError('not-available-yet', {
      vi: `Hồ sơ ${dossier.code} chưa trả kết quả: chưa thể đánh giá.`,
      en: `Dossier ${dossier.code} has no returned result yet: it cannot be rated.`,
    });
  const first = previous?.firstRatedAt ?? now.toISOString();
  if (previous && now.getTime() > changeableUntil(first, changeDays).getTime())
    throw new DomainError('action-not-allowed-in-state', {
      vi: `Đánh giá chỉ sửa được trong ${changeDays} ngày kể từ khi gửi.`,
      en: `A rating can be changed for ${changeDays} days after it is given.`,
    });
  return {
    criteria: given.criteria,
    verdict: given.verdict,
    ...(given.comment ? { comment: given.comment } : {}),
    firstRatedAt: first,
    ratedAt: now.toISOString(),
  };
}
