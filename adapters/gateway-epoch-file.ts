import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The gateway's next epoch, kept in a small JSON state file (`{"epoch": n}`): one more
 * than the last run's, and at least the clock in ms, written (to a temporary file, then
 * renamed over the old one) before the gateway takes any datagram. So epochs only grow,
 * even when the clock goes back, and frames recorded in an earlier run stay stale.
 * Throws an `Error` naming the file when it cannot be read as such or written.
 *
 * @example
 * ```ts
 * const epoch = nextGatewayEpoch('gateway.json.state');
 * createGateway({ client, link, config, epoch });
 * ```
 */
export function nextGatewayEpoch(path: string, now: number = Date.now()): number {
  let last = 0;
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw new Error('gateway state ' + path + ': ' + (error as Error).message);
  }
  if (text !== undefined) {
    let parsed: { epoch?: unknown } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      parsed = undefined;
    }
    if (!parsed || !Number.isSafeInteger(parsed.epoch)) throw new Error('gateway state ' + path + ': expected {"epoch": <integer>}');
    last = parsed.epoch as number;
  }
  const epoch = Math.max(last + 1, Math.floor(now));
  try {
    writeFileSync(path + '.tmp', JSON.stringify({ epoch }) + '\n', { mode: 0o600 });
    renameSync(path + '.tmp', path);
  } catch (error) {
    throw new Error('gateway state ' + path + ': ' + (error as Error).message);
  }
  return epoch;
}
