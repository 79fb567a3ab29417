/**
 * The message of an error-like value, else its string form; for report texts.
 *
 * @example
 * ```ts
 * describeError(new Error('boom')); // "boom"
 * describeError('EHOSTUNREACH');    // "EHOSTUNREACH"
 * ```
 */
export function describeError(error: unknown): string {
  return error && typeof (error as Error).message === 'string' ? (error as Error).message : String(error);
}
