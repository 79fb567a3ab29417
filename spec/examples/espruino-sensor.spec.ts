import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PacketDecoder } from '../../lib/codec/decoder';
import type { ConnectPacket, PublishPacket } from '../../lib/codec/packet';
import { buildEspruinoBundleForSpecs, loadEspruinoBundle } from '../build/espruino-vm';
import { createFakeEspruinoNet } from '../support/fake-espruino-net';
import { createMqttResponder } from '../support/mqtt-responder';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { checkEspruinoSubset } = require('../../scripts/build/espruino/check-subset.cjs') as {
  checkEspruinoSubset(code: string): Array<{ rule: string; message: string }>;
};

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'espruino-sensor.js');
const STATE_FILE = 'sensor-state.json';
const MINUTE = 60000;
const HOUR = 60 * MINUTE;

interface SavedState {
  schedule: { attemptCount: number; lastAttemptTime: number; maxAttempts: number; minInterval: number; maxInterval: number };
  clock: number;
}

/** What one wake cycle did. */
interface Wake {
  /** The argument of ESP32.deepSleep, in ms. */
  sleptMs: number;
  saved: SavedState;
  wifi: string[];
  connectAttempts: number;
  connects: ConnectPacket[];
  publishes: PublishPacket[];
  disconnects: number;
  log: string[];
}

describe('examples/espruino-sensor.js: one wake cycle on an Espruino-like vm', () => {
  const bundle = buildEspruinoBundleForSpecs();
  const example = readFileSync(EXAMPLE, 'utf8');

  /** Boots the device with `stored` in its Storage and runs the example until it deep-sleeps. */
  function wakeOnce(stored: SavedState | undefined, broker: 'up' | 'refusing'): Promise<Wake> {
    const files: { [name: string]: string } = {};
    if (stored) files[STATE_FILE] = JSON.stringify(stored);
    const responder = createMqttResponder();
    const publishes: PublishPacket[] = [];
    const net = createFakeEspruinoNet({
      refuse: broker === 'refusing',
      onConnection: (peer) => {
        responder.accept(peer);
        const decoder = new PacketDecoder();
        peer.onData((bytes) => {
          for (const packet of decoder.push(bytes)) if (packet.type === 'publish') publishes.push(packet);
        });
      },
    });
    const wifi: string[] = [];
    const log: string[] = [];
    return new Promise<Wake>((resolve, reject) => {
      const device = loadEspruinoBundle(bundle(), {
        net,
        console: { log: (line: string) => log.push(line), error: (line: string) => log.push(line), warn: (line: string) => log.push(line) },
        modules: {
          Storage: {
            readJSON: (name: string, noExceptions?: boolean) => {
              if (files[name] === undefined && !noExceptions) throw new Error('no file ' + name);
              return files[name] === undefined ? undefined : JSON.parse(files[name]);
            },
            writeJSON: (name: string, data: unknown) => {
              files[name] = JSON.stringify(data);
            },
          },
          Wifi: {
            connect: (ssid: string, options: { password: string }, callback: (err: string | null) => void) => {
              wifi.push(ssid + '/' + options.password);
              setImmediate(() => callback(null));
            },
          },
        },
        globals: {
          D34: { pin: 34 },
          analogRead: () => 0.5,
          ESP32: {
            deepSleep: (micros: number) =>
              resolve({
                sleptMs: micros / 1000,
                saved: JSON.parse(files[STATE_FILE]) as SavedState,
                wifi,
                connectAttempts: net.attempts,
                connects: responder.connects as ConnectPacket[],
                publishes,
                disconnects: responder.counts.disconnect || 0,
                log,
              }),
          },
        },
      });
      try {
        device.runScript(example, 'espruino-sensor.js');
      } catch (error) {
        reject(error);
      }
    });
  }

  it('stays inside the Espruino subset', () => {
    expect(checkEspruinoSubset(example)).toEqual([]);
  });

  it('first boot, broker up: joins Wi-Fi, publishes the reading at QoS 1, disconnects, sleeps 15 min with the schedule reset', async () => {
    const wake = await wakeOnce(undefined, 'up');
    expect(wake.wifi).toEqual(['my-network/my-password']);
    expect(wake.connects.map((c) => [c.clientId, c.keepalive])).toEqual([['esp32-sensor-1', 30]]);
    expect(wake.publishes.map((p) => [p.topic, Buffer.from(p.payload).toString(), p.qos])).toEqual([
      ['home/sensor-1/voltage', '1.650', 1],
    ]);
    expect(wake.disconnects).toBe(1);
    expect(wake.sleptMs).toBe(15 * MINUTE);
    expect(wake.saved.schedule).toMatchObject({ attemptCount: 0, maxAttempts: 3, minInterval: HOUR, maxInterval: 6 * HOUR });
    // the clock kept across the sleep: the time of this attempt, the config wait (1 s) and the planned sleep
    expect(wake.saved.clock - wake.saved.schedule.lastAttemptTime).toBeGreaterThanOrEqual(15 * MINUTE + 1000);
    expect(wake.saved.clock - wake.saved.schedule.lastAttemptTime).toBeLessThan(15 * MINUTE + 2000);
    expect(wake.log).toContain('sleeping 900 s, failed attempts 0');
  });

  it('broker refusing, first failure: counts it and sleeps the normal 15 min (retries are free until 3 failures)', async () => {
    const wake = await wakeOnce(undefined, 'refusing');
    expect(wake.connectAttempts).toBe(1);
    expect(wake.publishes).toEqual([]);
    expect(wake.saved.schedule.attemptCount).toBe(1);
    expect(wake.sleptMs).toBe(15 * MINUTE);
    expect(wake.log[0]).toMatch(/^no MQTT this time: CONNECT_FAILED cannot connect to 192\.168\.1\.10:1883/);
  });

  it('broker refusing, third failure in a row: sleeps until the schedule allows the next try, 1 h later', async () => {
    const clock = 10 * HOUR;
    const schedule = { attemptCount: 2, lastAttemptTime: clock - 15 * MINUTE, maxAttempts: 3, minInterval: HOUR, maxInterval: 6 * HOUR };
    const wake = await wakeOnce({ schedule, clock }, 'refusing');
    expect(wake.saved.schedule.attemptCount).toBe(3);
    expect(wake.sleptMs).toBeGreaterThan(HOUR - 1000);
    expect(wake.sleptMs).toBeLessThanOrEqual(HOUR);
  });

  it('inside the backoff: skips Wi-Fi and MQTT altogether and sleeps until the next attempt is due', async () => {
    const clock = 10 * HOUR;
    // 4 failures: the wait is 2 h after the last attempt, made 1 h ago
    const schedule = { attemptCount: 4, lastAttemptTime: clock - HOUR, maxAttempts: 3, minInterval: HOUR, maxInterval: 6 * HOUR };
    const wake = await wakeOnce({ schedule, clock }, 'up');
    expect(wake.wifi).toEqual([]);
    expect(wake.connectAttempts).toBe(0);
    expect(wake.saved.schedule).toMatchObject({ attemptCount: 4, lastAttemptTime: clock - HOUR });
    expect(wake.sleptMs).toBeGreaterThan(HOUR - 1000);
    expect(wake.sleptMs).toBeLessThanOrEqual(HOUR);
    expect(wake.saved.clock).toBeGreaterThanOrEqual(clock + HOUR - 1000);
    expect(wake.log).toContain('MQTT skipped to save battery');
  });
});
