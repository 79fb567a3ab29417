import { map, Observable, timer } from 'rxjs';
import type { VirtualBroker } from '../../../../adapters/virtual';
import type { ConnectionState, MqttClient, PublishResult } from '../../../../lib/client/types';

/**
 * A state as a short string: `connecting#1`, `connected#2+s` (session present),
 * `reconnecting#1/1000:CONNECTION_LOST` (attempt / next delay : last error's code),
 * `disconnected:CODE`.
 */
export function stateLabel(state: ConnectionState): string {
  switch (state.status) {
    case 'connecting':
      return 'connecting#' + state.attempt;
    case 'connected':
      return 'connected#' + state.attempt + (state.sessionPresent ? '+s' : '');
    case 'reconnecting':
      return 'reconnecting#' + state.attempt + '/' + state.nextDelay + ':' + (state.lastError as { code?: string }).code;
    case 'disconnected':
      return state.error ? 'disconnected:' + (state.error as { code?: string }).code : 'disconnected';
    default:
      return state.status;
  }
}

/** The client's states as {@link stateLabel}s. */
export function stateLabels(client: MqttClient): Observable<string> {
  return client.state$.pipe(map(stateLabel));
}

/** Identity values for marbles: `{ a: labels[0], b: labels[1], ... }`. */
export function lettered(labels: string[]): { [k: string]: string } {
  const out: { [k: string]: string } = {};
  for (let i = 0; i < labels.length; i++) out[String.fromCharCode(97 + i)] = labels[i];
  return out;
}

/** Runs `action` at `ms` of (virtual) time. */
export function at(ms: number, action: () => void): void {
  timer(ms).subscribe(action);
}

/** What happened to one publish(): `ok`, or the error's `CODE`, or undefined while waiting. */
export interface Outcome {
  result?: string;
}

/** Subscribes to a publish() at `ms` and records its outcome in the returned object. */
export function publishAt(client: MqttClient, ms: number, topic: string, payload: string, qos: 0 | 1): Outcome {
  const outcome: Outcome = {};
  at(ms, () =>
    client.publish(topic, payload, { qos }).subscribe({
      next: (r: PublishResult) => (outcome.result = r.ok ? 'ok' : 'failed'),
      error: (e: { code?: string }) => (outcome.result = e.code),
    }),
  );
  return outcome;
}

/** The PUBLISH packets the broker received as `topic=payload` (`*` marks DUP) with their ids. */
export function receivedPublishes(broker: VirtualBroker): string[] {
  return broker.packets('publish').map(
    (p) => p.topic + '=' + Buffer.from(p.payload).toString('utf8') + (p.dup ? '*' : '') + (p.packetId ? '#' + p.packetId : ''),
  );
}
