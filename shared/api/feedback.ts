import * as z from 'zod';
import { FEEDBACK_KINDS } from '../domain/feedback.ts';
import { AgencyCode } from '../schemas/catalog.ts';
import { ChainVerdictView, DossierCode } from './dossiers.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const FeedbackBody = z
  .strictObject({
    kind: z
      .enum(FEEDBACK_KINDS)
      .meta({ description: 'About a procedure, a regulation or an officer’s conduct' }),
    unit: AgencyCode.meta({ description: 'The unit it is addressed to' }),
    subject: Text(200),
    content: Text(5000),
    dossierCode: DossierCode.optional().meta({ description: 'One of the author’s own dossiers' }),
    uploadIds: z
      .array(z.uuid())
      .max(5)
      .optional()
      .meta({ description: 'Files uploaded for feedback (purpose kind `feedback`), verified' }),
  })
  .meta({ id: 'FeedbackInput' });

export const FeedbackParams = z.strictObject({
  id: z.string().regex(/^pakn-[A-Za-z0-9_-]{16}$/, 'must be a feedback id'),
});

export const FeedbackActionBody = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('refuse'), reason: Text(2000) }),
    z.strictObject({ action: z.literal('requestSupplement'), items: z.array(Text(300)).min(1).max(20) }),
    z.strictObject({ action: z.literal('supplement'), text: Text(5000) }),
    z.strictObject({
      action: z.literal('answer'),
      answer: Text(10000),
      publicQuestion: Text(2000).optional().meta({
        description:
          'The question as the public will read it, proposed now so that the answer shows both public texts before publishing',
      }),
    }),
    z.strictObject({
      action: z.literal('publish'),
      publicQuestion: Text(2000).optional().meta({
        description:
          'The question as the public reads it (scrubbed of personal data like the answer); may be left out when it was proposed with the answer',
      }),
    }),
    z.strictObject({ action: z.literal('transfer'), toUnit: AgencyCode }),
  ])
  .meta({ id: 'FeedbackAction' });

export const PublishedQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional().meta({ description: 'Where the last answer stopped reading' }),
});

export const VoteBody = z.strictObject({ vote: z.enum(['like', 'dislike']) }).meta({ id: 'FeedbackVote' });

export const VoteTally = z
  .object({ id: z.string(), likes: z.int(), dislikes: z.int() })
  .meta({ id: 'FeedbackVotes', description: 'The answer’s likes and dislikes, this vote counted' });

const FeedbackFile = z.object({
  uploadId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.int(),
  sha256: z.string(),
});

export const FeedbackView = z
  .object({
    id: z.string(),
    kind: z.enum(FEEDBACK_KINDS),
    unit: z.string().meta({ description: 'The unit that has it now' }),
    state: z.string(),
    subject: z.string(),
    dossierCode: z.string().optional().meta({ description: 'The dossier it is about, if any' }),
    procedureCode: z.string().optional().meta({ description: "That dossier's procedure" }),
    submittedAt: z.string(),
    clockFrom: z
      .string()
      .meta({ description: 'Submission or the latest transfer: where the deadlines below count from' }),
    refuseBy: z.string(),
    supplementBy: z.string(),
    answerBy: z.string(),
    publishBy: z.string().optional(),
    supplementItems: z.array(z.string()).optional(),
    reason: z.string().optional(),
    answer: z.string().optional(),
    answeredAt: z.string().optional(),
    answeredOnTime: z.boolean().optional(),
    publicQuestion: z.string().optional().meta({
      description: 'The question exactly as it is (or will be) published: scrubbed of personal data',
    }),
    publicAnswer: z.string().optional().meta({
      description: 'The answer exactly as it will be published: scrubbed of personal data',
    }),
    publishedAt: z.string().optional(),
    likes: z.int().optional(),
    dislikes: z.int().optional(),
    transfers: z.array(z.object({ from: z.string(), to: z.string(), at: z.string() })),
    attachments: z.array(FeedbackFile),
    eventCount: z.int().meta({ description: 'The length of its history' }),
    version: z.int(),
  })
  .meta({ id: 'Feedback' });

export const FeedbackDetail = FeedbackView.extend({
  content: z.string(),
  supplement: z.string().optional(),
  history: z.array(
    z.object({
      seq: z.int(),
      eventId: z.string(),
      feedbackId: z.string(),
      type: z.string(),
      at: z.string(),
      actor: z.object({ sub: z.string(), role: z.string(), unit: z.string().optional() }),
      authorSub: z.string(),
      unit: z.string().meta({ description: 'The unit that has it after the step' }),
      state: z.string(),
      data: z.record(z.string(), z.unknown()).meta({ description: "The step's own words" }),
      prevHash: z.string(),
      recordHash: z.string().optional().meta({ description: 'The hash of the feedback as the step left it' }),
      hash: z.string(),
    }),
  ),
  chain: ChainVerdictView.extend({
    checkpoint: z.object({ number: z.int(), at: z.string(), count: z.int() }).optional().meta({
      description: 'The latest checkpoint that anchors the history, and how many steps it covers',
    }),
  }).meta({
    description:
      'Whether the history holds: its chain, the feedback as its last step left it, and every checkpoint naming it',
  }),
}).meta({ id: 'FeedbackDetail' });

export const FeedbackFileParams = FeedbackParams.extend({ uploadId: z.uuid() });

export const UnitFeedbackParams = z.strictObject({ unitCode: AgencyCode });

export const UnitFeedbackQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const FeedbackList = z.object({ items: z.array(FeedbackView) }).meta({ id: 'FeedbackList' });

export const PublishedView = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        unit: z.string(),
        question: z.string(),
        answer: z.string(),
        answeredAt: z.string(),
        publishedAt: z.string(),
        likes: z.int(),
        dislikes: z.int(),
      }),
    ),
    cursor: z.string().optional().meta({
      description:
        'Present when the search stopped before the end (one answer reads a bounded number of published answers): send it back to read on',
    }),
  })
  .meta({ id: 'PublishedFeedback' });
