import type { MqttMessage } from '../client/types';

/** What {@link formatTemplate} needs besides the message: the time it arrived and where a %J failure goes. */
export interface TemplateContext {
  /** When the message arrived (default: now). */
  now?: Date;
  /** Called with a one-line complaint when `%J` meets a payload that is not JSON. */
  warn?: (line: string) => void;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `+hhmm` of the local time zone at `date`, as strftime's `%z` writes it. */
function zone(date: Date): string {
  const offset = -date.getTimezoneOffset();
  return (offset < 0 ? '-' : '+') + pad(Math.floor(Math.abs(offset) / 60)) + pad(Math.abs(offset) % 60);
}

/** `2026-12-07T01:31:54` in local time. */
function localIso(date: Date): string {
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
}

/** `@X` of `-F`: the strftime fields mosquitto users reach for; any other letter is kept as written. */
function timeField(letter: string, date: Date): string {
  switch (letter) {
    case 'Y': return String(date.getFullYear());
    case 'm': return pad(date.getMonth() + 1);
    case 'd': return pad(date.getDate());
    case 'H': return pad(date.getHours());
    case 'M': return pad(date.getMinutes());
    case 'S': return pad(date.getSeconds());
    case 'z': return zone(date);
    case 's': return String(Math.floor(date.getTime() / 1000));
    case 'F': return localIso(date).slice(0, 10);
    case 'T': return localIso(date).slice(11);
    case '@': return '@';
    default: return '@' + letter;
  }
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return out;
}

/** mosquitto_sub's `%j`/`%J` object: the payload as a string, or (`%J`) as the JSON it holds. */
function jsonRecord(message: MqttMessage, date: Date, payload: unknown): string {
  const micros = pad(date.getUTCMilliseconds(), 3) + '000';
  const tst = date.toISOString().slice(0, 19) + '.' + micros + 'Z+0000';
  const head = JSON.stringify({ tst, topic: message.topic, qos: message.qos, retain: message.retain ? 1 : 0, payloadlen: message.payload.length });
  return head.slice(0, -1) + ',"payload":' + (typeof payload === 'string' ? JSON.stringify(payload) : JSON.stringify(payload)) + '}';
}

/**
 * One message printed through a mosquitto_sub `-F` format: `%t` topic, `%p` payload,
 * `%q` QoS, `%r` retain (0/1), `%l` payload length, MQTT 5 properties (`%A %C %D %E %F
 * %P %R %S`, see `propertyField`), `%m` the message id (printed as 0: the client does not expose packet ids), `%x`/`%X`
 * payload in hex, `%j` a JSON object with the payload as text, `%J` the same with the
 * payload as the JSON it holds (a payload that is not JSON is complained about through
 * `warn` and printed as nothing), `%I` ISO 8601 local time, `%U` Unix time with
 * nanoseconds, `%%` a percent sign; `@Y @m @d @H @M @S @z @s @F @T` strftime fields,
 * `@@` an at sign; `\n \t \\` escapes. Any other `%` or `@` sequence is printed as written.
 * Returns bytes (the payload goes through untouched), without the newline that
 * `rxmqtt sub` adds unless `-N` is given.
 *
 * @example
 * ```ts
 * formatTemplate('%t: %p (q%q)', message); // bytes of "sensors/t1: 21.5 (q1)"
 * ```
 */
export function formatTemplate(template: string, message: MqttMessage, context: TemplateContext = {}): Uint8Array {
  const date = context.now || new Date();
  const parts: Uint8Array[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push(Buffer.from(text, 'utf8'));
    text = '';
  };
  for (let i = 0; i < template.length; i++) {
    const c = template.charAt(i);
    const next = template.charAt(i + 1);
    if (c === '\\' && (next === 'n' || next === 't' || next === '\\' || next === 'e' || next === '0')) {
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'e' ? '\x1b' : next === '0' ? '\0' : '\\';
      i++;
    } else if (c === '@' && next !== '') {
      text += timeField(next, date);
      i++;
    } else if (c === '%' && next !== '') {
      i++;
      switch (next) {
        case 't': text += message.topic; break;
        case 'p':
          flush();
          parts.push(message.payload);
          break;
        case 'q': text += message.qos; break;
        case 'r': text += message.retain ? '1' : '0'; break;
        case 'l': text += message.payload.length; break;
        case 'm': text += messageId(message); break;
        case 'x': text += hex(message.payload); break;
        case 'X': text += hex(message.payload).toUpperCase(); break;
        case 'I': text += localIso(date) + zone(date); break;
        case 'U': text += Math.floor(date.getTime() / 1000) + '.' + pad((date.getTime() % 1000) * 1000000, 9); break;
        case '%': text += '%'; break;
        case 'j': text += jsonRecord(message, date, lossyUtf8.decode(message.payload)); break;
        case 'J': {
          let parsed: unknown;
          try {
            parsed = JSON.parse(strictUtf8.decode(message.payload));
          } catch (_) {
            if (context.warn) context.warn('payload is not valid JSON on topic ' + message.topic);
            break;
          }
          text += jsonRecord(message, date, parsed);
          break;
        }
        case 'A': case 'C': case 'D': case 'E': case 'F': case 'P': case 'R': case 'S':
          text += propertyField(next, message);
          break;
        default: text += '%' + next;
      }
    } else {
      text += c;
    }
  }
  flush();
  return Buffer.concat(parts);
}

/**
 * An MQTT 5 property of the message as mosquitto_sub 2.0 prints it, '' when absent: %A
 * topic alias, %C content type, %D correlation data, %E message expiry interval, %F
 * payload format indicator (1), %P user properties (`name:value name:value`), %R response
 * topic, %S subscription identifier (the first, when the message matched several).
 */
function propertyField(field: string, message: MqttMessage): string {
  const p = message.properties;
  if (p === undefined) return '';
  switch (field) {
    case 'C': return p.contentType !== undefined ? p.contentType : '';
    case 'D': return p.correlationData !== undefined ? Buffer.from(p.correlationData).toString('utf8') : '';
    case 'E': return p.messageExpiryInterval !== undefined ? String(p.messageExpiryInterval) : '';
    case 'F': return p.payloadFormatIndicator ? '1' : '';
    case 'R': return p.responseTopic !== undefined ? p.responseTopic : '';
    case 'A': return p.topicAlias !== undefined ? String(p.topicAlias) : '';
    case 'S': {
      const ids = p.subscriptionIdentifier;
      return ids === undefined ? '' : String(typeof ids === 'number' ? ids : ids[0]);
    }
    default: {
      const user = p.userProperties || {};
      const pairs: string[] = [];
      const names = Object.keys(user);
      for (let i = 0; i < names.length; i++) {
        const values = ([] as string[]).concat(user[names[i]]);
        for (let j = 0; j < values.length; j++) pairs.push(names[i] + ':' + values[j]);
      }
      return pairs.join(' ');
    }
  }
}

function messageId(message: MqttMessage): number {
  const id = (message as { packetId?: number }).packetId;
  return typeof id === 'number' ? id : 0;
}
