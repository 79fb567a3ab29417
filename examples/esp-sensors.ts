/**
 * The ESP32 sensors flow (seed 000) with rxmqtt, as a deep-sleep device lives it: wake,
 * maybe connect, read the configuration and a command, publish the readings, sleep.
 * Run: `npm run example examples/esp-sensors.ts` (MQTT_URL picks the broker).
 *
 * Each wake-up (simulated: the clock jumps by the sleep time, nothing really sleeps):
 * 1. The persisted reconnect schedule decides whether to try MQTT at all
 *    (`shouldTryNow`): 3 tries in a row, then waits of 1 h, 2 h, 4 h, capped at 6 h,
 *    so a device whose broker is gone does not drain its battery.
 * 2. Connect once, no automatic reconnect (the device goes back to sleep instead).
 * 3. `configUpdates` reads the retained JSON config for `config_wait_time`: a newer
 *    valid version is applied, bad JSON is reported and never applied.
 * 4. `readTopic` reads a (retained) command, waiting at most `waitMs`.
 * 5. `publishSensorData` publishes the readings under the data prefix, one topic per
 *    reading plus one JSON object.
 * 6. The schedule and config are saved (as JSON, like the seed's config file).
 * Simulation mode (the seed's, for development without a broker): `simulate: true`, or
 * `SIMULATE=1` on the command line, runs the same flow against the in-memory
 * `VirtualBroker` from `rxmqtt/adapters`, which also holds the retained messages.
 * The broker is unreachable for a few wake-ups in the middle to show the backoff; the
 * retained config is broken for a while (rejected, never applied), then updated to v3.
 */
import { firstValueFrom, last, lastValueFrom, takeUntil, timer, toArray, defaultIfEmpty } from 'rxjs';
import {
  createClient, createSleepSchedule, nextAttemptAt, recordFailure, recordSuccess, shouldTryNow,
  type ClientOptions, type MqttClient, type SleepScheduleState,
} from '../lib';
import { VirtualBroker } from '../lib/testing';
import { configUpdates, payloadText, publishSensorData, readTopic } from '../operators';
import { ExampleOptions, runStandalone, withBroker } from './support/example-broker';

/** The device configuration (the seed's config file, reduced). */
export interface DeviceConfig {
  version: number;
  /** Seconds between wake-ups. */
  sleep_seconds: number;
  /** Sensor name used in the data topics. */
  sensor: string;
}

/** Options of {@link main}. */
export interface EspSensorsOptions extends ExampleOptions {
  /** Wake-ups to simulate (default 12). */
  wakes?: number;
  /** Wake-ups (1-based) at which the broker is unreachable (default 3 to 8). */
  brokerDown?: number[];
  /** The seed's `config_wait_time`, ms (default 500). */
  configWaitMs?: number;
  /** `read_topic` wait, ms (default 300). */
  readWaitMs?: number;
  /** Run against the in-memory virtual broker instead of a real one (the seed's simulation mode). */
  simulate?: boolean;
}

/** What one wake-up did. */
export interface WakeReport {
  wake: number;
  /** Simulated minutes since the first wake-up. */
  minute: number;
  action: 'published' | 'connect failed' | 'skipped';
  configVersion: number;
  command?: string;
}

const PREFIX = '/homecontrol/device/data';
const CONFIG_TOPIC = '/homecontrol/device/config';
const COMMAND_TOPIC = 'esp32/commands';
const MINUTE = 60000;

/** Simulates the wake-ups; resolves what each did. */
export function main(options: EspSensorsOptions = {}): Promise<WakeReport[]> {
  const wakes = options.wakes !== undefined ? options.wakes : 12;
  const brokerDown = options.brokerDown || [3, 4, 5, 6, 7, 8];
  const configWaitMs = options.configWaitMs !== undefined ? options.configWaitMs : 500;
  const readWaitMs = options.readWaitMs !== undefined ? options.readWaitMs : 300;

  if (options.simulate) {
    const log = options.log || ((line: string) => console.log(line));
    const virtual = new VirtualBroker();
    log('(simulation mode: an in-memory broker, nothing leaves this process)');
    return wakeCycles(
      (down) => {
        virtual.refuseConnections = down;
        return { transport: virtual.transport };
      },
      log,
      { wakes, brokerDown, configWaitMs, readWaitMs },
    );
  }
  return withBroker(options, (broker, log) =>
    wakeCycles((down) => ({ url: down ? 'mqtt://127.0.0.1:1' /* port 1: nothing listens there */ : broker.url }), log, {
      wakes,
      brokerDown,
      configWaitMs,
      readWaitMs,
    }),
  );
}

/** Where a client connects: the broker, or (`down`) somewhere it cannot. */
type Endpoint = (down: boolean) => Pick<ClientOptions, 'url' | 'transport'>;

async function wakeCycles(
  endpoint: Endpoint,
  log: (line: string) => void,
  plan: { wakes: number; brokerDown: number[]; configWaitMs: number; readWaitMs: number },
): Promise<WakeReport[]> {
  const { wakes, brokerDown, configWaitMs, readWaitMs } = plan;
  const run = Math.random().toString(36).slice(2, 8);
  const configTopic = CONFIG_TOPIC + '/' + run;
  const commandTopic = COMMAND_TOPIC + '/' + run;
  // What the device keeps across deep sleep (the seed writes it to its config file).
  let saved = JSON.stringify({
    config: { version: 1, sleep_seconds: 600, sensor: 'dht22' } as DeviceConfig,
    reconnect: createSleepSchedule({ maxAttempts: 3, backoffFactor: 2, minInterval: 60 * MINUTE, maxInterval: 360 * MINUTE }),
  });
  // The home server: a retained config v2 and a retained command, then (wake 2) a broken config.
  const admin = createClient({ ...endpoint(false), clientId: 'home-server' });
  await firstValueFrom(admin.connect());
  await lastValueFrom(admin.publish(configTopic, JSON.stringify({ version: 2, sleep_seconds: 900, sensor: 'dht22' }), { qos: 1, retain: true }));
  await lastValueFrom(admin.publish(commandTopic, 'led on', { qos: 1, retain: true }));

  const reports: WakeReport[] = [];
  let now = 0;
  try {
    for (let wake = 1; wake <= wakes; wake++) {
      const state = JSON.parse(saved) as { config: DeviceConfig; reconnect: SleepScheduleState };
      let config = state.config;
      let schedule = createSleepSchedule(state.reconnect);
      const at = 'wake ' + wake + ' at ' + clock(now);
      // The home server breaks the retained config before wake 2 and fixes it (v3) before wake 9.
      if (wake === 2) await lastValueFrom(admin.publish(configTopic, '{"version": 3, "sleep_seconds": ', { qos: 1, retain: true }));
      if (wake === 9) await lastValueFrom(admin.publish(configTopic, JSON.stringify({ version: 3, sleep_seconds: 900, sensor: 'dht22' }), { qos: 1, retain: true }));
      const report: WakeReport = { wake, minute: now / MINUTE, action: 'skipped', configVersion: config.version };
      if (!shouldTryNow(schedule, now)) {
        log(at + ': MQTT skipped to save battery, next attempt at ' + clock(nextAttemptAt(schedule)));
      } else {
        const where = endpoint(brokerDown.indexOf(wake) >= 0);
        const client = createClient({ ...where, clientId: 'esp32_sensor_' + run, reconnect: false, responseTimeout: 2000 });
        try {
          await firstValueFrom(client.connect());
          log(at + ': connected');
          schedule = recordSuccess(schedule, now);
          config = await readConfig(client, configTopic, config, configWaitMs, log);
          const command = await firstValueFrom(readTopic(client, commandTopic, readWaitMs).pipe(defaultIfEmpty(undefined)));
          if (command) report.command = payloadText(command.payload);
          const readings = { temperature: round(21 + Math.sin(wake)), humidity: round(45 + 5 * Math.cos(wake)) };
          const results = await lastValueFrom(publishSensorData(client, PREFIX + '/' + run + '/' + config.sensor, readings, { qos: 1 }).pipe(toArray()));
          report.action = 'published';
          log(
            '  config v' + config.version + (report.command ? ', command "' + report.command + '"' : '') +
              ', published ' + results.filter((r) => r.ok).length + ' messages ' + JSON.stringify(readings),
          );
        } catch (error) {
          schedule = recordFailure(schedule, now);
          report.action = 'connect failed';
          log(at + ': broker unreachable (' + (error as Error).message + '), failures in a row: ' + schedule.attemptCount);
        } finally {
          await lastValueFrom(client.disconnect(), { defaultValue: undefined }).catch(() => undefined);
        }
      }
      report.configVersion = config.version;
      reports.push(report);
      saved = JSON.stringify({ config, reconnect: schedule });
      now += config.sleep_seconds * 1000; // deep sleep
    }
  } finally {
    // Tidy the broker: clear the retained messages.
    await lastValueFrom(admin.publish(configTopic, '', { qos: 1, retain: true }));
    await lastValueFrom(admin.publish(commandTopic, '', { qos: 1, retain: true }));
    await lastValueFrom(admin.disconnect(), { defaultValue: undefined });
  }
  return reports;
}

/** check_config_update: the newest valid retained config within the wait, else the current one. */
function readConfig(client: MqttClient, topic: string, current: DeviceConfig, waitMs: number, log: (line: string) => void): Promise<DeviceConfig> {
  return lastValueFrom(
    configUpdates<DeviceConfig>(client, topic, {
      initial: current,
      validate: (c) => (typeof c.sleep_seconds === 'number' && c.sleep_seconds >= 60) || 'sleep_seconds must be a number >= 60',
      onInvalid: (error) => log('  config update rejected, keeping v' + current.version + ': ' + error.message),
    }).pipe(takeUntil(timer(waitMs)), last()),
  );
}

function clock(ms: number): string {
  const minutes = Math.round(ms / MINUTE);
  return String(Math.floor(minutes / 60)).padStart(2, '0') + ':' + String(minutes % 60).padStart(2, '0');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (require.main === module) runStandalone((options) => main({ ...options, simulate: process.env.SIMULATE === '1' }));
