import { VirtualBroker, VirtualBrokerOptions } from '../../adapters/virtual/virtual-broker';
import { createClient } from '../client/create-client';
import type { ClientOptions, MqttClient } from '../client/types';

/**
 * An in-memory {@link VirtualBroker} and a client wired to it through its transport
 * (client id `'test-client'` unless `options` says otherwise). Nothing is connected yet:
 * call `client.connect()`, in virtual time inside `TestScheduler.run` when the test uses
 * marbles. With a keepalive the client schedules PINGREQs for as long as it is connected,
 * so a marble test either passes `keepalive: 0` or disconnects at the end (see
 * {@link disconnectAt}).
 *
 * @example
 * ```ts
 * new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ expectObservable }) => {
 *   const { broker, client } = virtualClient({ keepalive: 0 });
 *   client.connect().subscribe();
 *   expectObservable(receivedLetters(broker)).toBe('(CS)', LETTERS);
 *   client.topic('a/b').subscribe();
 * });
 * ```
 */
export function virtualClient(
  options?: Partial<ClientOptions>,
  brokerOptions?: VirtualBrokerOptions,
): { broker: VirtualBroker; client: MqttClient } {
  const broker = new VirtualBroker(brokerOptions);
  const client = createClient(Object.assign({ transport: broker.transport, clientId: 'test-client' }, options));
  return { broker, client };
}
