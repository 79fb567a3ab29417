/**
 * The number of bytes `s` takes in UTF-8.
 *
 * @throws RangeError when `s` holds a lone surrogate, which UTF-8 cannot carry [MQTT-1.5.3-1]
 * @example
 * ```ts
 * utf8Length('a€'); // 4
 * ```
 */
export function utf8Length(s: string): number {
  const n = s.length;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      len += 1;
    } else if (c < 0xd800 || c > 0xdfff) {
      len += 2;
    } else if (c < 0xdc00 && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      len += 2; // surrogate pair: 4 bytes for 2 code units
      i++;
    } else {
      throw new RangeError('string holds a lone surrogate at index ' + i + ', not representable in UTF-8');
    }
  }
  return len;
}
