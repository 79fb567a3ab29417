/**
 * Says what is wrong with a topic name or filter a node sent, or `undefined` when it is
 * valid: non-empty, at most 65535 UTF-8 bytes, no U+0000 [MQTT-4.7.3-1, 4.7.3-2,
 * 4.7.3-3]; in a name no wildcard [MQTT-3.3.2-2]; in a filter `#` only as the whole last
 * level [MQTT-4.7.1-2] and `+` only as a whole level [MQTT-4.7.1-3].
 *
 * A value, not a throw: the gateway turns it into a counted `BAD_TOPIC` report.
 *
 * @example
 * ```ts
 * topicProblem('a/+/c', false); // "a topic name must not contain + or #"
 * topicProblem('a/+/c', true);  // undefined
 * ```
 */
export function topicProblem(topic: string, isFilter: boolean): string | undefined {
  if (topic.length === 0) return 'a topic must not be empty';
  if (topic.indexOf('\u0000') >= 0) return 'a topic must not contain U+0000';
  if (utf8Length(topic) > 65535) return 'a topic must not exceed 65535 UTF-8 bytes';
  if (!isFilter) {
    return /[+#]/.test(topic) ? 'a topic name must not contain + or #' : undefined;
  }
  const levels = topic.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.indexOf('#') >= 0 && (level !== '#' || i !== levels.length - 1)) {
      return '# must be the whole last level of a filter';
    }
    if (level.indexOf('+') >= 0 && level !== '+') return '+ must be a whole level of a filter';
  }
  return undefined;
}

/** Bytes of `text` in UTF-8 (lone surrogates count as the 3-byte U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
