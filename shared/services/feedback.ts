import { randomBytes, randomUUID } from 'node:crypto';
import { DomainError, invalid, invalidField, notFound } from '../domain/errors.ts';
import {
  actOnFeedback,
  FEEDBACK_ROLES,
  type FeedbackCommand,
  type FeedbackKind,
  newFeedback,
  publishedView,
} from '../domain/feedback.ts';
import { personalDataOf } from '../domain/personal-data.ts';
import type { Principal } from '../http/principal.ts';
import { workingCalendar } from '../persistence/calendar.ts';
import { getUnits } from '../persistence/catalog.ts';
import { getApplication } from '../persistence/dossiers.ts';
import {
  createFeedback,
  feedbackInbox,
  getFeedback,
  publishedPage,
  type StoredFeedback,
  saveFeedback,
  vote,
} from '../persistence/feedback.ts';
import { useUpload } from '../persistence/uploads.ts';
import { resolveAttachments } from './attachments.ts';
import { actorOf, peopleOf, readDossier } from './dossiers.ts';

/** Phản ánh, kiến nghị: submitted by a signed-in citizen, handled by the unit it is addressed to. */

const view = ({ content: _c, authorSub: _a, supplement: _s, personal: _p, ...shown }: StoredFeedback) =>
  shown;

async function assertOpenUnit(code: string, path: string): Promise<void> {
  const unit = (await getUnits([code])).get(code);
  if (unit && !unit.disabled && !unit.external) return;
  throw invalidField(path, 'unknown_unit', {
    vi: `Không có đơn vị ${code} nhận phản ánh.`,
    en: `There is no unit ${code} to take feedback.`,
  });
}

export interface FeedbackInput {
  kind: FeedbackKind;
  unit: string;
  subject: string;
  content: string;
  dossierCode?: string;
  uploadIds?: string[];
}

/**
 * A citizen's feedback, with their scanned files (uploaded for feedback, used once) and, when
 * it names a dossier, only one of their own.
 */
export async function submitFeedback(input: FeedbackInput, principal: Principal, now: Date) {
  await assertOpenUnit(input.unit, 'body.unit');
  const { uploadIds = [], ...fields } = input;
  const procedureCode = input.dossierCode
    ? (await readDossier(input.dossierCode, principal)).procedureCode
    : undefined;
  const applicant = input.dossierCode ? await getApplication(input.dossierCode) : undefined;
  const files = await resolveAttachments(
    [{ componentId: 'feedback', uploadIds }],
    principal.sub,
    () => ({ kind: 'feedback' }),
    (_group, at) => `body.uploadIds.${at}`,
  );
  if (files.issues.length > 0)
    throw invalid(
      { vi: 'Tệp đính kèm không hợp lệ.', en: 'The attached files are not valid.' },
      files.issues,
    );
  const id = `pakn-${randomBytes(12).toString('base64url')}`;
  const { feedback, event } = newFeedback(
    {
      ...fields,
      ...(procedureCode ? { procedureCode } : {}),
      id,
      authorSub: principal.sub,
      attachments: files.files.feedback ?? [],
      personal: personalDataOf(...peopleOf(applicant), {
        fullName: principal.identity?.fullName,
        idNumber: principal.identity?.idNumber,
        ...principal.verifiedContacts,
      }),
    },
    actorOf(principal),
    randomUUID(),
    now,
    await workingCalendar(),
  );
  await createFeedback(
    feedback,
    event,
    files.uploadIds.map((upload) => useUpload(upload, id)),
  );
  return view({ ...feedback, likes: 0, dislikes: 0 });
}

const noFeedback = (id: string) => notFound({ vi: `Không có phản ánh ${id}.`, en: `No feedback ${id}.` });

/** Its author, and the officers and leaders of the unit that has it. */
export const mayRead = (feedback: StoredFeedback, principal: Principal) =>
  feedback.authorSub === principal.sub || (principal.unit !== undefined && principal.unit === feedback.unit);

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
    if (feedback && mayRead(feedback, principal))
      throw new DomainError('forbidden', {
        vi: 'Thao tác này không thuộc vai trò của bạn.',
        en: 'This step is not yours to take.',
      });
    throw noFeedback(id);
  }
  if (command.action === 'transfer') await assertOpenUnit(command.toUnit, 'body.toUnit');
  const step = actOnFeedback(
    feedback,
    command,
    { actor: actorOf(principal), eventId: randomUUID() },
    now,
    await workingCalendar(),
  );
  const next = { ...step.feedback, likes: feedback.likes, dislikes: feedback.dislikes };
  await saveFeedback(next, step.event, feedback.version);
  return view(next);
}

/** Feedback its author or its unit may read (else 404, whether it exists or not). */
export async function readableFeedback(id: string, principal: Principal): Promise<StoredFeedback> {
  const feedback = await getFeedback(id);
  if (!(feedback && mayRead(feedback, principal))) throw noFeedback(id);
  return feedback;
}

/** The feedback open at the officer's own unit, the nearest deadline first. */
export async function unitFeedback(unit: string, principal: Principal, limit: number) {
  if (principal.unit !== unit)
    throw new DomainError('forbidden', {
      vi: 'Chỉ xem phản ánh của đơn vị mình.',
      en: 'Only your own unit’s feedback.',
    });
  return { items: (await feedbackInbox(unit, limit)).map(view) };
}

/** Published answers, a bounded read at a time: `cursor` reads on from where the last one stopped. */
export async function publishedAnswers(words: string | undefined, limit: number, cursor?: string) {
  const page = await publishedPage(limit, words, cursor);
  return {
    items: page.items.map((one) => ({
      ...publishedView(one),
      likes: one.likes,
      dislikes: one.dislikes,
    })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
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
