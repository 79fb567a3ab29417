/** The error of a bench phase that ran past its deadline. */
export class DeadlineError extends Error {
  constructor(what: string, ms: number) {
    super(what + ': no result within ' + Math.round(ms) + ' ms');
    this.name = 'DeadlineError';
  }
}

/**
 * Settles like `work`, or rejects with a {@link DeadlineError} naming `what` when `work`
 * has not settled within `ms`, so no bench phase can hang. `onTimeout` runs first
 * (close the sockets the phase holds).
 *
 * @example
 * ```ts
 * await withDeadline(broker.connect(), 10000, 'connect to the broker');
 * ```
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      if (onTimeout) {
        try {
          onTimeout();
        } catch (ignored) {
          // the phase failed already; its clean-up failing too changes nothing
        }
      }
      reject(new DeadlineError(what, ms));
    }, ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The deadline of a run of `messages` messages: the time it takes at `minRate` msg/s,
 * and at least 30 s.
 */
export function runDeadline(messages: number, minRate: number): number {
  return Math.max(30000, (messages / minRate) * 1000);
}
