import { filter, firstValueFrom, Observable, take, timeout } from 'rxjs';
import type { ConnectionState, MqttClient } from '../../../../lib/client/types';

/** Every state the client goes through, as it happens. */
export function recordStates(client: MqttClient): ConnectionState[] {
  const states: ConnectionState[] = [];
  client.state$.subscribe((s) => states.push(s));
  return states;
}

/** Resolves with the first state (replayed or later) that `match` accepts; rejects after `ms`. */
export function waitForState(client: MqttClient, match: (s: ConnectionState) => boolean, ms = 5000): Promise<ConnectionState> {
  return firstValueFrom(client.state$.pipe(filter(match), take(1), timeout(ms)));
}

/** Resolves with the first value of `source$`; rejects after `ms`. */
export function firstWithin<T>(source$: Observable<T>, ms = 5000): Promise<T> {
  return firstValueFrom(source$.pipe(timeout(ms)));
}

/** The error code of a state that has one (`lastError` / `error`). */
export function errorCode(state: ConnectionState): string | undefined {
  const s = state as { lastError?: { code?: string }; error?: { code?: string } };
  return (s.lastError && s.lastError.code) || (s.error && s.error.code);
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A topic unique to this run. */
export function uniqueTopic(prefix: string): string {
  return 'rxmqtt/resilience/' + prefix + '/' + process.pid + '-' + Math.random().toString(36).slice(2, 8);
}
