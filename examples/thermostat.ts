/**
 * A small piece of application logic built on rxmqtt, to show how to test your own
 * MQTT code in virtual time: see `spec/examples/marble-test.spec.ts`, which drives it
 * with the virtual broker (`VirtualBroker` from `rxmqtt/adapters`) inside
 * `TestScheduler.run`, so minutes of thermostat life take no real time.
 *
 * The thermostat reads temperatures from `sensorTopic` and publishes `on`/`off`
 * (retained, QoS 1) to `heaterTopic` when the heater must change: on below `low`, off
 * above `high` (hysteresis in between), and off when the sensor has been silent for
 * `staleMs` (fail safe).
 */
import { concat, concatMap, distinctUntilChanged, map, Observable, of, scan, switchMap, timer } from 'rxjs';
import type { MqttClient, PublishResult } from '../lib';

/** Settings of {@link thermostat}. */
export interface ThermostatOptions {
  sensorTopic: string;
  heaterTopic: string;
  /** Switch on below this temperature (°C). */
  low: number;
  /** Switch off above this temperature (°C). */
  high: number;
  /** Switch off after this long without a reading, ms. */
  staleMs: number;
}

type Heater = 'on' | 'off';
const decoder = new TextDecoder();

/**
 * Runs the thermostat on `client`: emits the result of each heater command it
 * publishes. Subscribes to the sensor topic while observed.
 *
 * @example
 * ```ts
 * thermostat(client, { sensorTopic: 'home/temp', heaterTopic: 'home/heater', low: 19, high: 22, staleMs: 300000 }).subscribe();
 * ```
 */
export function thermostat(client: MqttClient, options: ThermostatOptions): Observable<PublishResult> {
  const readings$ = client.topic(options.sensorTopic, { qos: 1 }).pipe(map((m) => Number(decoder.decode(m.payload))));
  const decisions$ = readings$.pipe(
    // hysteresis: between low and high the heater keeps its state
    scan<number, Heater>((heater, celsius) => (celsius < options.low ? 'on' : celsius > options.high ? 'off' : heater), 'off'),
    // each reading restarts the "sensor silent" timer
    switchMap((heater) => concat(of(heater), timer(options.staleMs).pipe(map((): Heater => 'off')))),
    distinctUntilChanged(),
  );
  return decisions$.pipe(concatMap((heater) => client.publish(options.heaterTopic, heater, { qos: 1, retain: true })));
}

if (require.main === module) {
  console.log('thermostat.ts is a library piece; see spec/examples/marble-test.spec.ts for how it is tested.');
}
