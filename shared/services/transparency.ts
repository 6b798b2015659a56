import type { TransparencyData } from '../documents/transparency.ts';
import { figures, periodsOf } from '../domain/indicators.ts';
import { listUnits } from '../persistence/catalog.ts';
import { countsOf, lateLetters } from '../persistence/indicators.ts';

/**
 * What the public page shows for a period: the province and each of its own units (those
 * outside the deployment report elsewhere), from their counters, and the month's letters.
 * A fixed number of reads whatever the number of dossiers.
 */
export async function transparencyData(
  province: string,
  period: string | undefined,
  now: Date,
): Promise<TransparencyData> {
  const shown = period ?? periodsOf(now.toISOString())[0]!;
  const units = (await listUnits()).filter((unit) => !unit.external);
  const counts = await countsOf(['PROVINCE', ...units.map((unit) => `UNIT#${unit.code}`)], shown);
  const row = (code: string, name: string, scope: string) => {
    const mine = counts.get(scope)!;
    return { code, name, counts: mine, figures: figures(mine) };
  };
  const names = new Map(units.map((unit) => [unit.code, unit.name]));
  const month = /^\d{4}-\d{2}$/.test(shown) ? shown : undefined;
  return {
    province,
    period: shown,
    total: row('province', province, 'PROVINCE'),
    units: units.map((unit) => row(unit.code, unit.name, `UNIT#${unit.code}`)),
    letters: month
      ? (await lateLetters(month)).map((letter) => ({
          ...letter,
          unitName: names.get(letter.unit) ?? letter.unit,
        }))
      : [],
  };
}
