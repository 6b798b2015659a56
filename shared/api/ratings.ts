import * as z from 'zod';
import { CRITERIA, CRITERION_NAMES, VERDICTS } from '../domain/ratings.ts';

const Points = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const RatingBody = z
  .strictObject({
    criteria: z
      .strictObject(
        Object.fromEntries(
          CRITERIA.map((criterion) => [criterion, Points.meta({ description: CRITERION_NAMES[criterion] })]),
        ) as Record<(typeof CRITERIA)[number], typeof Points>,
      )
      .meta({ description: 'The nine criteria, 0–2 points each' }),
    verdict: z.enum(VERDICTS).meta({ description: 'Không hài lòng, Hài lòng or Rất hài lòng' }),
    comment: z.string().trim().min(1).max(2000).optional(),
  })
  .meta({ id: 'RatingInput' });

export const RatingView = z
  .object({
    code: z.string(),
    version: z.int(),
    rating: z.object({
      criteria: z.record(z.string(), z.int()),
      verdict: z.enum(VERDICTS),
      comment: z.string().optional(),
      points: z.int().meta({ description: 'Out of 18' }),
      firstRatedAt: z.string(),
      ratedAt: z.string(),
      changeableUntil: z.string(),
    }),
  })
  .meta({ id: 'Rating' });
