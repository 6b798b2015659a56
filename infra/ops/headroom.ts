/** CloudFormation's limit of resources in one stack. */
export const RESOURCE_LIMIT = 500;
/** The share of the limit past which a stack must be split before it grows further. */
export const RESOURCE_ALARM = 0.8;

/** How many resources a template holds. */
export const resourceCount = (template: { Resources?: Record<string, unknown> }): number =>
  Object.keys(template.Resources ?? {}).length;

/** `Motcua-dong-nai-data: 61 of 500 resources (12%), room for 439`. */
export function headroom(stackName: string, template: { Resources?: Record<string, unknown> }): string {
  const count = resourceCount(template);
  const share = Math.round((count / RESOURCE_LIMIT) * 100);
  return `${stackName}: ${count} of ${RESOURCE_LIMIT} resources (${share}%), room for ${RESOURCE_LIMIT - count}`;
}
