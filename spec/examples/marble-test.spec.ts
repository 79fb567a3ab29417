/**
 * How to test your own MQTT logic with rxmqtt: marble tests in virtual time.
 *
 * The recipe:
 * 1. Inside `new TestScheduler(...).run(...)`, every RxJS timer (`timer`, `timeout`, the
 *    client's own deadlines and backoff) runs in virtual time, so an hour takes no time.
 * 2. A `VirtualBroker` (from `rxmqtt/testing`) is an in-memory broker; connect the client
 *    to it with `createClient({ transport: broker.transport })`.
 * 3. Drive the scenario with marbles: `cold(...)` turned into `broker.publish(...)` calls
 *    injects what other clients would publish, at the frames the diagram says.
 * 4. Assert on what your code sent, as marbles too: `broker.received$` is every packet the
 *    broker got. Or assert on the observable your code returns.
 * `keepalive: 0` keeps the client from scheduling PINGREQs forever, so `run()` ends when
 * the scenario does (or disconnect the client at the end of the diagram).
 *
 * The code under test is `examples/thermostat.ts`.
 */
import { filter, map, Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createClient, SubscriptionRefusedError, type Packet } from '../../lib';
import { VirtualBroker } from '../../lib/testing';
import { thermostat, ThermostatOptions } from '../../examples/thermostat';

const OPTIONS: ThermostatOptions = { sensorTopic: 'home/temp', heaterTopic: 'home/heater', low: 19, high: 22, staleMs: 60000 };
const decoder = new TextDecoder();

/** The heater commands the broker received, as their payload text. */
function heaterCommands(broker: VirtualBroker): Observable<string> {
  return broker.received$.pipe(
    filter((packet: Packet) => packet.type === 'publish' && packet.topic === OPTIONS.heaterTopic),
    map((packet) => (packet.type === 'publish' ? decoder.decode(packet.payload) : '')),
  );
}

function setUp() {
  const broker = new VirtualBroker();
  const client = createClient({ transport: broker.transport, clientId: 'thermostat', keepalive: 0 });
  client.connect().subscribe();
  return { broker, client };
}

describe('testing your own MQTT logic in virtual time (examples/thermostat.ts)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it('switches the heater on below 19 °C and off above 22 °C, not in between', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const { broker, client } = setUp();
      const readings = cold(' 5ms a 9ms b 9ms c 9ms d', { a: '18.0', b: '21.0', c: '23.5', d: '18.5' });
      const expected = '      5ms x 19ms y 9ms x';
      readings.subscribe((celsius) => broker.publish(OPTIONS.sensorTopic, celsius, { qos: 1 }));
      thermostat(client, OPTIONS).subscribe();
      expectObservable(heaterCommands(broker), '^ 59s !').toBe(expected, { x: 'on', y: 'off' });
    });
  });

  it('switches off when the sensor has been silent for a minute (fail safe)', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const { broker, client } = setUp();
      const readings = cold(' 5ms a', { a: '17.0' });
      const expected = '      5ms x 59999ms y';
      readings.subscribe((celsius) => broker.publish(OPTIONS.sensorTopic, celsius, { qos: 1 }));
      thermostat(client, OPTIONS).subscribe();
      expectObservable(heaterCommands(broker), '^ 2m !').toBe(expected, { x: 'on', y: 'off' });
    });
  });

  it('publishes each command retained at QoS 1, and emits its PUBACKed result', () => {
    let broker: VirtualBroker | undefined;
    scheduler.run(({ cold, expectObservable }) => {
      const setup = setUp();
      broker = setup.broker;
      cold('5ms a', { a: '10' }).subscribe((celsius) => setup.broker.publish(OPTIONS.sensorTopic, celsius));
      const delivered$ = thermostat(setup.client, OPTIONS).pipe(map((result) => result.ok + ' ' + String(result.message.payload)));
      expectObservable(delivered$, '^ 10ms !').toBe('5ms r', { r: 'true on' });
    });
    // run() has flushed: what the broker holds can be checked directly too.
    const sent = broker!.packets('publish').filter((p) => p.topic === OPTIONS.heaterTopic);
    expect(sent.map((p) => ({ payload: decoder.decode(p.payload), qos: p.qos, retain: p.retain }))).toEqual([{ payload: 'on', qos: 1, retain: true }]);
  });

  it('fails with SUBSCRIPTION_REFUSED when the broker refuses the sensor topic', () => {
    let failure: unknown;
    scheduler.run(({ expectObservable }) => {
      const { broker, client } = setUp();
      broker.refuseSubscription(OPTIONS.sensorTopic);
      const thermostat$ = thermostat(client, OPTIONS);
      thermostat$.subscribe({ error: (error: unknown) => (failure = error) });
      expectObservable(thermostat$).toBe('#', undefined, new SubscriptionRefusedError(OPTIONS.sensorTopic));
    });
    expect(failure).toBeInstanceOf(SubscriptionRefusedError);
    expect(failure).toMatchObject({ code: 'SUBSCRIPTION_REFUSED', message: 'the broker refused the subscription to "home/temp"' });
  });
});
