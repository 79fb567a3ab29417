/**
 * The message of an error-like value, else its string form; for the gateway's report texts (the CLI's `describeError` adds codes and causes for people).
 *
 * @example
 * ```ts
 * errorMessageOf(new Error('boom')); // "boom"
 * errorMessageOf('EHOSTUNREACH');    // "EHOSTUNREACH"
 * ```
 */
export function errorMessageOf(error: unknown): string {
  return error && typeof (error as Error).message === 'string' ? (error as Error).message : String(error);
}
