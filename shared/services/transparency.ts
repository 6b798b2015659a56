import type { TransparencyData } from '../documents/transparency.ts';
import { publishedView } from '../domain/feedback.ts';
import { figures, periodsOf, scores, weightsFor } from '../domain/indicators.ts';
import { listUnits } from '../persistence/catalog.ts';
import { publishedFeedback } from '../persistence/feedback.ts';
import { countsOf, lateDossiers } from '../persistence/indicators.ts';
import { scoringYears } from '../persistence/scoring.ts';
import { portalHealth } from './sync-health.ts';

/** How many of the latest published answers the page shows. */
const ANSWERS_SHOWN = 10;
/** How many of the month's dossiers resolved late it lists: the page stays small in a month with many. */
export const LATE_SHOWN = 50;

/**
 * What the public page shows for a period: the province and each of its own units (those
 * outside the deployment report elsewhere), from their counters — a unit with units below it
 * counts theirs too, and says so —, the month's dossiers resolved late and the latest published
 * answers. A fixed number of reads whatever the number of dossiers.
 */
export async function transparencyData(
  province: string,
  period: string | undefined,
  now: Date,
): Promise<TransparencyData> {
  const shown = period ?? periodsOf(now.toISOString())[0]!;
  const units = (await listUnits()).filter((unit) => !unit.external);
  const counts = await countsOf(['PROVINCE', ...units.map((unit) => `UNIT#${unit.code}`)], shown);
  const weights = weightsFor(await scoringYears(), shown);
  const above = new Set(units.flatMap((unit) => unit.ancestors ?? []));
  const row = (code: string, name: string, scope: string) => {
    const mine = counts.get(scope)!;
    return {
      code,
      name,
      rollUp: above.has(code),
      counts: mine,
      figures: figures(mine),
      scores: scores(mine, weights),
    };
  };
  const names = new Map(units.map((unit) => [unit.code, unit.name]));
  const portal = await portalHealth();
  const month = /^\d{4}-\d{2}$/.test(shown) ? shown : undefined;
  return {
    province,
    period: shown,
    total: row('province', province, 'PROVINCE'),
    units: units.map((unit) => row(unit.code, unit.name, `UNIT#${unit.code}`)),
    late: month
      ? (await lateDossiers(month, LATE_SHOWN)).map(({ month: _month, unit, ...late }) => ({
          ...late,
          unitName: names.get(unit) ?? unit,
        }))
      : undefined,
    answers: (await publishedFeedback(ANSWERS_SHOWN)).map((one) => {
      const shownAnswer = publishedView(one);
      return {
        question: shownAnswer.question,
        answer: shownAnswer.answer,
        unitName: names.get(shownAnswer.unit) ?? shownAnswer.unit,
        publishedAt: shownAnswer.publishedAt,
        likes: one.likes,
        dislikes: one.dislikes,
      };
    }),
    ...(portal
      ? {
          portalSync: {
            delivered: portal.delivered,
            failed: portal.failed,
            ...(portal.failedShare === undefined ? {} : { failedShare: portal.failedShare }),
          },
        }
      : {}),
  };
}
