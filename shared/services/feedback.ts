import { randomBytes } from 'node:crypto';
import { DomainError, invalidField, notFound } from '../domain/errors.ts';
import {
  actOnFeedback,
  FEEDBACK_ROLES,
  type FeedbackCommand,
  type FeedbackKind,
  newFeedback,
  publishedView,
} from '../domain/feedback.ts';
import type { Principal } from '../http/principal.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits } from '../persistence/catalog.ts';
import {
  createFeedback,
  getFeedback,
  publishedFeedback,
  type StoredFeedback,
  saveFeedback,
  vote,
} from '../persistence/feedback.ts';

/** Phản ánh, kiến nghị: submitted by a signed-in citizen, handled by the unit it is addressed to. */

const view = ({ content: _c, authorSub: _a, supplement: _s, ...shown }: StoredFeedback) => shown;

async function assertOpenUnit(code: string, path: string): Promise<void> {
  const unit = (await getUnits([code])).get(code);
  if (unit && !unit.disabled && !unit.external) return;
  throw invalidField(path, 'unknown_unit', {
    vi: `Không có đơn vị ${code} nhận phản ánh.`,
    en: `There is no unit ${code} to take feedback.`,
  });
}

export async function submitFeedback(
  input: { kind: FeedbackKind; unit: string; subject: string; content: string; dossierCode?: string },
  principal: Principal,
  now: Date,
) {
  await assertOpenUnit(input.unit, 'body.unit');
  const feedback = newFeedback(
    { ...input, id: `pakn-${randomBytes(12).toString('base64url')}`, authorSub: principal.sub },
    now,
    await workingCalendar(),
  );
  await createFeedback(feedback);
  return view({ ...feedback, likes: 0, dislikes: 0 });
}

/** One step, by the unit's officer (or the author, for a supplement); anyone else finds nothing. */
export async function handleFeedback(id: string, command: FeedbackCommand, principal: Principal, now: Date) {
  const feedback = await getFeedback(id);
  const role = FEEDBACK_ROLES[command.action];
  const allowed =
    feedback &&
    (role === 'officer'
      ? principal.roles.includes('officer') && principal.unit === feedback.unit
      : feedback.authorSub === principal.sub);
  if (!(feedback && allowed)) {
    if (feedback && (feedback.authorSub === principal.sub || principal.unit === feedback.unit))
      throw new DomainError('forbidden', {
        vi: 'Thao tác này không thuộc vai trò của bạn.',
        en: 'This step is not yours to take.',
      });
    throw notFound({ vi: `Không có phản ánh ${id}.`, en: `No feedback ${id}.` });
  }
  if (command.action === 'transfer') await assertOpenUnit(command.toUnit, 'body.toUnit');
  const next = {
    ...actOnFeedback(feedback, command, now, await workingCalendar()),
    likes: feedback.likes,
    dislikes: feedback.dislikes,
  };
  await saveFeedback(next, feedback.version);
  return view(next);
}

export async function publishedAnswers(words: string | undefined, limit: number) {
  return {
    items: (await publishedFeedback(limit, words)).map((one) => ({
      ...publishedView(one),
      likes: one.likes,
      dislikes: one.dislikes,
    })),
  };
}

/** A signed-in citizen marks a published answer liked or disliked, once. */
export async function voteOnAnswer(id: string, liked: boolean, principal: Principal, now: Date) {
  const feedback = await getFeedback(id);
  if (feedback?.state !== 'published')
    throw notFound({ vi: `Không có câu trả lời đã công khai ${id}.`, en: `No published answer ${id}.` });
  if (!(await vote(id, principal.sub, liked, now)))
    throw new DomainError('already-exists', {
      vi: 'Bạn đã đánh giá câu trả lời này.',
      en: 'You have rated this answer already.',
    });
  const after = (await getFeedback(id))!;
  return { id, likes: after.likes, dislikes: after.dislikes };
}
