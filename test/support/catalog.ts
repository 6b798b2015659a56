import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Unit } from '../../shared/domain/catalog.ts';
import { getUnits, unitKey } from '../../shared/persistence/catalog.ts';
import { documents, tableName } from '../../shared/persistence/client.ts';

/**
 * Changes a unit of the catalog as a redeploy with an edited province config would (the
 * seed writes units from the config), without the rest of the seed. Returns the undo.
 */
export async function changeUnit(
  code: string,
  change: Partial<Unit> | 'removed',
): Promise<() => Promise<void>> {
  const before = (await getUnits([code])).get(code);
  if (!before) throw new Error(`no unit ${code}`);
  const key = unitKey(code);
  const put = (unit: Unit) =>
    documents.send(new PutCommand({ TableName: tableName(), Item: { ...key, entity: 'unit', ...unit } }));
  if (change === 'removed') await documents.send(new DeleteCommand({ TableName: tableName(), Key: key }));
  else await put({ ...before, ...change });
  return async () => {
    await put(before);
  };
}
