import { createInterface } from 'node:readline';
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './usage-error';

/** The largest payload MQTT 3.1.1 can carry in one PUBLISH, about 256 MB [MQTT-2.2.3]. */
export const MAX_PAYLOAD_BYTES = 268435455;

/**
 * Reads `pub -f file` whole, as bytes. Throws a {@link UsageError} naming the file when it
 * cannot be read or is larger than an MQTT packet can carry.
 *
 * @example
 * ```ts
 * const payload = readPayloadFile('reading.json');
 * ```
 */
export function readPayloadFile(path: string): Uint8Array {
  try {
    if (statSync(path).size > MAX_PAYLOAD_BYTES) throw new UsageError('file "' + path + '" is larger than an MQTT payload can be');
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const reason = (error as { code?: string }).code || String(error);
    throw new UsageError('cannot read -f file "' + path + '": ' + reason);
  }
}

/**
 * Reads a stream to its end (`pub -s`), stopping with a {@link UsageError} once it
 * passes {@link MAX_PAYLOAD_BYTES}, so the buffer stays bounded.
 */
export function readWholeStream(input: NodeJS.ReadableStream): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > MAX_PAYLOAD_BYTES) {
        input.removeListener('data', onData);
        reject(new UsageError('stdin is larger than an MQTT payload can be'));
        return;
      }
      chunks.push(bytes);
    };
    input.on('data', onData);
    input.once('error', reject);
    input.once('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

/**
 * Calls `handle` for each line of `input` (`pub -l`), waiting for the promise it returns
 * before reading on, so a slow broker slows the reading instead of filling memory.
 * Resolves at the end of the input or once `isStopped()` turns true; rejects with the
 * first error `handle` rejects with.
 */
export async function forEachLine(
  input: NodeJS.ReadableStream,
  handle: (line: string) => Promise<void>,
  isStopped: () => boolean,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of lines) {
      if (isStopped()) break;
      await handle(line);
    }
  } finally {
    lines.close();
  }
}
