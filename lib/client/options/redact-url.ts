/** `scheme://`, a user name, a colon, then the password up to the last `@` before any space. */
const USERINFO = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^:@/?#\s]*):[^\s]*@/;
/** The same without a scheme (`alice:S3cret@host`). */
const BARE_USERINFO = /^()([^:@/?#\s]*):[^\s]*@/;

/**
 * A URL fit for a message, an error or a log line: the password of its user info
 * replaced by `***` (`mqtt://alice:S3cret@h` → `mqtt://alice:***@h`); anything else
 * unchanged. Works on strings that are not valid URLs too (an unknown scheme, bad
 * percent-encoding, an unencoded `@` or `/` in the password): when in doubt it hides
 * more, up to the last `@`, rather than less (`mqtt://h:1883/a@b` becomes
 * `mqtt://h:***@b`: a port cannot be told from a password with an unencoded `/`).
 *
 * @example
 * ```ts
 * redactUrl('mqtts://alice:S3cret@broker:8883'); // 'mqtts://alice:***@broker:8883'
 * redactUrl('mqtt://broker');                   // 'mqtt://broker'
 * ```
 */
export function redactUrl(url: string): string {
  const match = url.indexOf('://') >= 0 ? USERINFO.exec(url) : BARE_USERINFO.exec(url);
  if (match === null) return url;
  const rest = url.slice(match[0].length);
  return match[1] + match[2] + ':***@' + rest;
}
