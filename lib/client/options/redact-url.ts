/**
 * A broker URL safe to print: the password of its `user:password@` part replaced by
 * `***` (the user name kept, so one can tell which account is used). Anything that is not
 * such a URL comes back unchanged.
 *
 * @example
 * ```ts
 * redactUrl('mqtt://gw:s3cret@broker:1883'); // "mqtt://gw:***@broker:1883"
 * redactUrl('mqtt://broker:1883');           // "mqtt://broker:1883"
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}
