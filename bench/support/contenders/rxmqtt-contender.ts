import { firstValueFrom, Subject } from 'rxjs';
import { tcpTransport } from '../../../adapters/tcp';
import { createClient } from '../../../lib/client/create-client';
import type { MqttClient, OutgoingMessage } from '../../../lib/client/types';
import { cpuMicros, wallClock } from '../clock';
import type { Contender, ContenderPublisher } from '../contender';
import { repeatMessage } from '../repeat-message';

async function connectRxmqtt(port: number, clientId: string): Promise<MqttClient> {
  const client = createClient({ transport: tcpTransport({ host: '127.0.0.1', port }), clientId, clean: true, reconnect: false });
  await firstValueFrom(client.connect());
  return client;
}

function disconnectRxmqtt(client: MqttClient): Promise<void> {
  return firstValueFrom(client.disconnect(), { defaultValue: undefined }).then(() => undefined);
}

/**
 * rxmqtt: `client.publishAll(messages, { maxInFlight })` over a lazily generated
 * iterable ({@link repeatMessage}), which publishAll pulls only as its window and the
 * socket allow — its documented form for bursts (a synchronous observable such as
 * `range` would push everything at once into its bounded buffer). Its subscriber is
 * `client.topic(filter, { qos })`. The latency run's steady stream goes through one
 * long-lived `publishAll` fed by a `Subject`.
 */
export const rxmqttContender: Contender = {
  name: 'rxmqtt',
  describe: (window) => 'rxmqtt publishAll(lazy iterable, { maxInFlight: ' + window + ' }), topic() subscriber',
  async openPublisher(port, clientId) {
    const client = await connectRxmqtt(port, clientId);
    let steady: Subject<OutgoingMessage> | null = null;
    let steadyDone: Promise<void> = Promise.resolve();
    const publisher: ContenderPublisher = {
      publishMany(options) {
        return new Promise((resolve, reject) => {
          let failures = 0;
          let results = 0;
          let firstError: Error | undefined;
          const message: OutgoingMessage = { topic: options.topic, payload: options.payload, qos: options.qos };
          const messages = repeatMessage(message, options.count);
          const c0 = cpuMicros();
          const t0 = wallClock();
          client.publishAll(messages, { maxInFlight: options.window }).subscribe({
            next(result) {
              results++;
              if (!result.ok) {
                failures++;
                if (firstError === undefined) firstError = result.error;
              }
            },
            error: reject,
            complete() {
              const tEnd = wallClock();
              const cpu = cpuMicros() - c0;
              if (results !== options.count) reject(new Error('publishAll completed after ' + results + ' of ' + options.count + ' results'));
              else if (failures === options.count && firstError) reject(firstError);
              else resolve({ t0, tEnd, cpuMicros: cpu, failures });
            },
          });
        });
      },
      publishOne(topic, payload, qos) {
        if (steady === null) {
          const subject = new Subject<OutgoingMessage>();
          steady = subject;
          steadyDone = new Promise<void>((resolve) => {
            client.publishAll(subject, { maxInFlight: 100 }).subscribe({
              error: (error) => {
                console.error('rxmqtt publishAll errored:', error);
                resolve();
              },
              complete: resolve,
            });
          });
        }
        steady.next({ topic, payload, qos });
      },
      async close() {
        if (steady !== null) {
          // let the last results arrive (bounded) before DISCONNECT ends the stream
          steady.complete();
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([steadyDone, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
          clearTimeout(timer);
        }
        await disconnectRxmqtt(client);
      },
    };
    return publisher;
  },
  async openSubscriber(port, clientId, filter, qos, onMessage) {
    const client = await connectRxmqtt(port, clientId);
    const subscription = client.topic(filter, { qos }).subscribe({
      next: (message) => onMessage(message.payload, 0, message.payload.length),
      error: (error) => console.error('rxmqtt topic(' + filter + ') errored:', error),
    });
    return {
      discards: () => client.stats.discards,
      async close() {
        subscription.unsubscribe();
        await disconnectRxmqtt(client);
      },
    };
  },
};
