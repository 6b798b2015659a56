import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SCORING, type ScoringYears } from '../domain/indicators.ts';
import { documents, tableName } from './client.ts';
import { PARTITIONS } from './keys.ts';

/**
 * The province's service-index weights by year, one item:  pk=CATALOG  sk=SCORING, written by
 * the catalog seed from the province file.
 */
const key = { pk: PARTITIONS.catalog, sk: 'SCORING' };

export async function saveScoring(years: ScoringYears, at: string): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: tableName(), Item: { ...key, entity: 'scoring', years, updatedAt: at } }),
  );
}

const SCORING_TTL_MS = 5 * 60_000;
let cached: { years: ScoringYears; until: number } | undefined;

/** The weights by year, read at most every five minutes per container. */
export async function scoringYears(now = Date.now()): Promise<ScoringYears> {
  if (cached && cached.until > now) return cached.years;
  const { Item } = await documents.send(new GetCommand({ TableName: tableName(), Key: key }));
  const years = (Item?.years as ScoringYears | undefined) ?? DEFAULT_SCORING;
  cached = { years, until: now + SCORING_TTL_MS };
  return years;
}
