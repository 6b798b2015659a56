import type { TableUse } from '../shared/manifest-types.ts';
import { inPartition, type Partition, partitionPattern } from '../shared/persistence/keys.ts';

/**
 * What a function's table use allows, as IAM sees it. The stack writes these statements;
 * the local runtime checks every request against the same rules, so that a function missing
 * a grant fails in the tests as it would on AWS.
 */
export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
] as const;
export const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;
/** Queries of an index: the index's own keys, so no partition condition applies. */
export const INDEX_ACTIONS = ['dynamodb:Query'] as const;

export type TableAction = (typeof READ_ACTIONS)[number] | (typeof WRITE_ACTIONS)[number];

export interface TableStatement {
  actions: readonly string[];
  /** `table` for the table itself, else the index name. */
  on: 'table' | string;
  /** `dynamodb:LeadingKeys` patterns, when the statement is bound to partitions. */
  leadingKeys?: string[];
}

/** The statements a table use comes to: reads and writes bound to their partitions, index queries. */
export function tableStatements(use: TableUse): TableStatement[] {
  const bound = (actions: readonly string[], partitions: readonly Partition[] | undefined) =>
    partitions?.length
      ? [{ actions, on: 'table', leadingKeys: partitions.map(partitionPattern).sort() }]
      : [];
  return [
    ...bound(READ_ACTIONS, use.read),
    ...bound(WRITE_ACTIONS, use.write),
    ...(use.indexes ?? []).map((index) => ({ actions: INDEX_ACTIONS, on: index })),
  ];
}

/** Whether the use allows an action on an item of a partition key (or on an index). */
export function allows(
  use: TableUse | undefined,
  action: string,
  target: { pk?: string; index?: string },
): boolean {
  if (!use) return false;
  if (target.index) return action === 'dynamodb:Query' && (use.indexes ?? []).includes(target.index as never);
  const partitions = (READ_ACTIONS as readonly string[]).includes(action) ? use.read : use.write;
  return (
    target.pk !== undefined && (partitions ?? []).some((partition) => inPartition(partition, target.pk!))
  );
}
