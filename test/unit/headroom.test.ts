import { describe, expect, it } from 'vitest';
import { headroom, RESOURCE_LIMIT, resourceCount } from '../../infra/ops/headroom.ts';

const template = (count: number) => ({
  Resources: Object.fromEntries(
    Array.from({ length: count }, (_, at) => [`R${at}`, { Type: 'AWS::SQS::Queue' }]),
  ),
});

describe("a stack's headroom, as synth prints it", () => {
  it('counts the resources of a template, none when it has no section', () => {
    expect(resourceCount(template(138))).toBe(138);
    expect(resourceCount({})).toBe(0);
  });

  it('says how many of the 500 a stack holds, as a share, and how many more fit', () => {
    expect(RESOURCE_LIMIT).toBe(500);
    expect(headroom('Motcua-dong-nai-citizens', template(138))).toBe(
      'Motcua-dong-nai-citizens: 138 of 500 resources (28%), room for 362',
    );
    expect(headroom('Motcua-x-data', template(500))).toBe(
      'Motcua-x-data: 500 of 500 resources (100%), room for 0',
    );
  });
});
