/**
 * A broker URL fit to print: the password of its `user:password@` part replaced by
 * `***` (`mqtt://alice:***@host:1883`), the user name kept. A URL without a password,
 * or text that is not a URL, comes back unchanged. Pure; never throws.
 *
 * Use it wherever a URL reaches a log, an error message or a `--help`/`-d` line, so a
 * password given in `-L mqtt://alice:secret@host` is never echoed.
 *
 * @example
 * ```ts
 * redactUrl('mqtt://alice:secret@broker:1883/a/b'); // 'mqtt://alice:***@broker:1883/a/b'
 * redactUrl('ws://broker/mqtt');                   // unchanged
 * ```
 */
export function redactUrl(url: string): string {
  // scheme://userinfo@rest, where userinfo holds no '/' (it ends at the authority's last '@').
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)@/.exec(url);
  if (!match) return url;
  const userinfo = match[2];
  const colon = userinfo.indexOf(':');
  if (colon < 0) return url;
  return match[1] + userinfo.slice(0, colon) + ':***@' + url.slice(match[0].length);
}
