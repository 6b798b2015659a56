import type { Province } from '../../shared/config/province.ts';
import { ENV } from '../../shared/env.ts';
import { migrateShapes, migrationLines } from '../../shared/persistence/migrations.ts';
import { OpsError } from './errors.ts';

/**
 * Brings the province's table to this release's item shapes, with the operator's credentials,
 * once the new code is in (deploy runs it; `npm run migrate` runs it again or goes on with a
 * run that stopped). A line per page, then what it did.
 */
export async function migrateProvinceTable(
  province: Province,
  outputs: Record<string, string> | undefined,
  say: (line: string) => void,
): Promise<void> {
  if (!outputs?.TableName)
    throw new OpsError(
      `The data stack of ${province.name} is not deployed in ${province.region}: there is no table to migrate.`,
    );
  Object.assign(process.env, { [ENV.table]: outputs.TableName, AWS_REGION: province.region });
  say(`Bringing ${outputs.TableName} to this release's item shapes…`);
  const report = await migrateShapes({
    onPage: (progress) => say(`  ${progress.scanned} items read, ${progress.upgraded} changed`),
  });
  for (const line of migrationLines(report)) say(line);
}
