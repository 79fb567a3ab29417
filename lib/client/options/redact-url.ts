/**
 * `url` with the password of its user info replaced by `***`, for state, logs and error
 * messages: `mqtt://alice:secret@h:1883` → `mqtt://alice:***@h:1883`. A URL without a
 * password comes back as it is. Works on malformed URLs too (they end up in error
 * messages): everything between `://` and the last `@` is the user info, so a password
 * holding `/`, `?` or `#` is hidden as well.
 *
 * @example
 * ```ts
 * redactUrl('mqtts://alice:s3cret@broker:8883'); // 'mqtts://alice:***@broker:8883'
 * redactUrl('mqtt://alice@broker');              // 'mqtt://alice@broker'
 * redactUrl('mqtt://broker:1883');               // 'mqtt://broker:1883'
 * ```
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const at = url.lastIndexOf('@');
  if (at < start) return url;
  const colon = url.indexOf(':', start + 3);
  if (colon < 0 || colon > at) return url;
  return url.slice(0, colon + 1) + '***' + url.slice(at);
}
