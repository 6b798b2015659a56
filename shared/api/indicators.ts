import * as z from 'zod';
import { COUNTERS, LAYOUTS, PERIOD, SCORE_PARTS } from '../domain/indicators.ts';
import { AgencyCode, ProcedureCode } from '../schemas/catalog.ts';

export const IndicatorsQuery = z
  .strictObject({
    unit: AgencyCode.optional().meta({ description: 'A unit, with every unit below it' }),
    procedure: ProcedureCode.optional(),
    period: z
      .string()
      .regex(PERIOD, 'must be a year (2026), a quarter (2026-Q4) or a month (2026-11)')
      .meta({ example: '2026-11' }),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((query) => !(query.unit && query.procedure), {
    message: 'name a unit or a procedure, not both',
    path: ['procedure'],
  });

const Percent = z.number().min(0).max(100).optional();

export const IndicatorsView = z
  .object({
    scope: z.string().meta({ description: '`province`, `unit:<code>` or `procedure:<code>`' }),
    period: z.string(),
    counts: z.object(
      Object.fromEntries(COUNTERS.map((name) => [name, z.number()])) as Record<
        (typeof COUNTERS)[number],
        z.ZodNumber
      >,
    ),
    figures: z.object({
      onlineShare: Percent,
      onTimeRate: Percent,
      averageHandlingDays: z.number().optional(),
      digitisedShare: Percent,
      electronicResultShare: Percent,
      onlinePaymentShare: Percent,
      averageRatingPoints: z.number().optional(),
      feedbackOnTimeRate: Percent,
      satisfaction: Percent,
    }),
    scores: z
      .object({
        groups: z
          .partialRecord(
            z.enum(SCORE_PARTS),
            z.object({ points: z.int(), score: z.number().min(0).optional() }),
          )
          .meta({
            description:
              'The parts of the layout the province file gives for the year, in order: `transparency`, `progress`, `online`, `digitisation`, `satisfaction` (the five groups), or `transparency`, `progress`, `onlineService`, `onlinePayment`, `satisfaction`, `digitisation` (the six parts)',
          }),
        layout: z.enum(Object.keys(LAYOUTS) as [keyof typeof LAYOUTS]).optional(),
        total: z.number().min(0).max(100).optional(),
        outOf: z.int().meta({
          description: 'The points of the parts scored: 100 when every part has something to measure',
        }),
      })
      .meta({ description: 'The service index of Decision 766 by part, and the total' }),
  })
  .meta({ id: 'Indicators' });
