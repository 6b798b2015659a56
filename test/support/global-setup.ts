import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../infra/local/dynamodb.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    stateDir: string;
  }
}

/**
 * One DynamoDB Local (in memory, on a free port) for the whole run; every test file
 * starts its own runtime on it under a prefix of its own, so files never share data.
 */
export default async function setup(project: TestProject) {
  const stateDir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  const dynamodb: DynamoDbLocal = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('stateDir', stateDir);
  return () => {
    dynamodb.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
}
