import * as z from 'zod';
import { ComponentFiles } from '../domain/action-inputs.ts';
import { ProcedureCode } from '../schemas/catalog.ts';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Phone = z.string().regex(/^(0|\+84)\d{9,10}$/, 'must be a Vietnamese phone number, e.g. 0912345678');

const CitizenApplicant = z.strictObject({
  kind: z.literal('citizen'),
  fullName: Text(100),
  /** Số định danh cá nhân (CCCD): 12 digits. */
  idNumber: z.string().regex(/^\d{12}$/, 'must be a 12-digit personal identification number'),
  dateOfBirth: z.iso.date(),
  phone: Phone,
  email: z.email().optional(),
  address: Text(300),
});

const BusinessApplicant = z.strictObject({
  kind: z.literal('business'),
  fullName: Text(200).meta({ description: 'Name of the business' }),
  /** Mã số thuế: 10 digits, or 10-3 for a branch. */
  taxCode: z.string().regex(/^\d{10}(-\d{3})?$/, 'must be a tax code of 10 digits, or 10-3 for a branch'),
  phone: Phone,
  email: z.email().optional(),
  address: Text(300),
});

/**
 * Most files one request may name, all components together: each file is an item of the
 * request's one transaction, which DynamoDB bounds at 100 items, and a submission writes four
 * of its own (dossier, event, application, idempotency record).
 */
export const MAX_FILES_PER_REQUEST = 96;

/** Each component named once, and at most MAX_FILES_PER_REQUEST files in all. */
export const AttachedComponents = ComponentFiles.superRefine((components, ctx) => {
  const seen = new Set<string>();
  components.forEach((component, index) => {
    if (seen.has(component.componentId)) {
      ctx.addIssue({ code: 'custom', message: 'component named twice', path: [index, 'componentId'] });
    }
    seen.add(component.componentId);
  });
  const files = components.reduce((total, component) => total + component.uploadIds.length, 0);
  if (files > MAX_FILES_PER_REQUEST) {
    ctx.addIssue({
      code: 'too_big',
      maximum: MAX_FILES_PER_REQUEST,
      origin: 'array',
      message: `at most ${MAX_FILES_PER_REQUEST} files in all`,
      path: [],
    });
  }
});

export const SubmitDossierBody = z
  .strictObject({
    procedureCode: ProcedureCode,
    applicant: z.discriminatedUnion('kind', [CitizenApplicant, BusinessApplicant]),
    formData: z.record(z.string(), z.unknown()),
    components: AttachedComponents,
    delivery: z.discriminatedUnion('method', [
      z.strictObject({ method: z.literal('online') }),
      z.strictObject({ method: z.literal('post'), address: Text(300) }),
    ]),
    onBehalfOf: z
      .strictObject({ relationship: Text(200) })
      .optional()
      .meta({
        description:
          'Nộp thay: the account holder files for the applicant, e.g. as a parent; required when the token vouches for another identity',
      }),
  })
  .meta({ id: 'SubmitDossier' });

/**
 * A dossier an officer files at the desk for a walk-in applicant (in person) or one received by
 * post: the same application, the applicant's identity as the officer checked it, and how it came.
 */
export const DeskSubmissionBody = SubmitDossierBody.omit({ onBehalfOf: true })
  .extend({
    channel: z.enum(['in-person', 'post']).meta({
      description:
        'How the application reached the desk: the applicant in person (channel 1) or by post (channel 3)',
    }),
  })
  .meta({ id: 'DeskSubmission' });
