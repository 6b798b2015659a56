import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../functions/manifest.ts';
import { buildOpenApi } from '../../shared/api/openapi.ts';

describe('the OpenAPI document', () => {
  it("passes Redocly's strict recommended rules with no problem at all", async () => {
    const document = buildOpenApi(manifest, { title: 'motcua dong-nai', version: '1' });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended-strict'] }),
    });
    expect(
      problems.map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`),
    ).toEqual([]);
  });
});
