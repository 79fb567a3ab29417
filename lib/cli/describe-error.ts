import { ConnectionRefusedError, MqttError } from '../errors';

/**
 * One line (no newline, no stack trace) saying what went wrong, for the CLI's stderr.
 *
 * - a refused connection names the CONNACK meaning and return code:
 *   `connection refused: bad user name or password (CONNACK return code 4)`;
 * - any other `MqttError` gives its message, its underlying cause when that says more
 *   (e.g. `ECONNREFUSED`) and its code: `... (CONNECT_FAILED)`;
 * - anything else gives its message.
 *
 * @example
 * ```ts
 * stderr.write('rxmqtt: ' + describeError(error) + '\n');
 * ```
 */
export function describeError(error: unknown): string {
  let text: string;
  if (error instanceof ConnectionRefusedError) {
    text = 'connection refused: ' + error.reason + ' (CONNACK return code ' + error.returnCode + ')';
  } else if (error instanceof MqttError) {
    text = error.message;
    const cause = error.cause as { message?: unknown; code?: unknown } | undefined;
    const causeText = cause && typeof cause.message === 'string' ? cause.message : cause && typeof cause.code === 'string' ? cause.code : '';
    if (causeText !== '' && text.indexOf(causeText) < 0) text += ': ' + causeText;
    text += ' (' + error.code + ')';
  } else if (error && typeof (error as { message?: unknown }).message === 'string') {
    text = (error as { message: string }).message;
  } else {
    text = String(error);
  }
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
