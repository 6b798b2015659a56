/** A failure an operator can act on, said in one sentence: printed as is, exit code 1. */
export class OpsError extends Error {
  override name = 'OpsError';
}
