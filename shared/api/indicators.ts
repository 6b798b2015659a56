import * as z from 'zod';
import { COUNTERS, PERIOD, SCORE_GROUPS, type ScoreGroup } from '../domain/indicators.ts';
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
        groups: z.object(
          Object.fromEntries(
            Object.keys(SCORE_GROUPS).map((group) => [
              group,
              z.object({ points: z.int(), score: z.number().min(0).optional() }),
            ]),
          ) as Record<ScoreGroup, z.ZodObject<{ points: z.ZodInt; score: z.ZodOptional<z.ZodNumber> }>>,
        ),
        total: z.number().min(0).max(100).optional(),
        outOf: z.int().meta({
          description: 'The points of the groups scored: 100 when every group has something to measure',
        }),
      })
      .meta({ description: 'The five groups of Decision 766 and the total' }),
  })
  .meta({ id: 'Indicators' });
