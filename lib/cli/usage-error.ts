/**
 * A bad command line: an unknown flag, a missing or malformed value, a missing
 * required option. The CLI prints its message as one line on stderr and exits with
 * status 2 (as mosquitto_pub/mosquitto_sub exit non-zero on bad arguments).
 *
 * @example
 * ```ts
 * throw new UsageError('unknown option -x');
 * ```
 */
export class UsageError extends Error {
  /** The process exit status for a usage error. */
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
