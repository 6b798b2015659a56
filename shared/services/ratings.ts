import { randomUUID } from 'node:crypto';
import { sideEvent } from '../domain/dossier-events.ts';
import { DomainError, staleVersion } from '../domain/errors.ts';
import { changeableUntil, points, RATING_CHANGE_DAYS, type Rating, rate } from '../domain/ratings.ts';
import { ENV } from '../env.ts';
import type { Principal } from '../http/principal.ts';
import { count } from '../observability.ts';
import { type DossierRecord, saveTransition } from '../persistence/dossiers.ts';
import { actorOf, readDossier } from './dossiers.ts';

type Rated = DossierRecord & { rating?: Rating };

/** The province's change window, in days (its config's `ratingChangeDays`). */
const changeDays = () => Number(process.env[ENV.ratingChangeDays] ?? RATING_CHANGE_DAYS);

/**
 * The applicant rates a finished dossier, or changes the rating within its window: one
 * transition of the dossier (If-Match), its history entry carrying the rating and what it
 * replaced, so that the indicators count the change and not twice.
 */
export async function rateDossier(
  code: string,
  given: Pick<Rating, 'criteria' | 'verdict' | 'comment'>,
  principal: Principal,
  expectedVersion: number | undefined,
  now: Date,
) {
  if (expectedVersion === undefined)
    throw new DomainError('precondition-required', {
      vi: 'Cần gửi If-Match với phiên bản hồ sơ đã đọc.',
      en: 'Send If-Match with the version of the dossier you read.',
    });
  const dossier = (await readDossier(code, principal)) as Rated;
  if (dossier.version !== expectedVersion) throw staleVersion();
  const rating = rate(dossier, dossier.rating, given, now, changeDays());
  const next: Rated = { ...dossier, rating, version: dossier.version + 1 };
  const { event, chain } = sideEvent('rate', dossier, next, actorOf(principal), now, randomUUID(), {
    criteria: rating.criteria,
    verdict: rating.verdict,
    ...(dossier.rating
      ? { replaces: { criteria: dossier.rating.criteria, verdict: dossier.rating.verdict } }
      : {}),
  });
  await saveTransition({ ...next, ...chain }, dossier.version, event);
  count('Ratings', { verdict: rating.verdict, change: dossier.rating ? 'changed' : 'new' });
  return ratingView(next);
}

export function ratingView(dossier: Rated) {
  const rating = dossier.rating!;
  const until = changeableUntil(rating.firstRatedAt, changeDays());
  return {
    code: dossier.code,
    version: dossier.version,
    rating: { ...rating, points: points(rating.criteria), changeableUntil: until.toISOString() },
  };
}
