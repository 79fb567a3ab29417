/**
 * examples/espruino-sensor.js on the Espruino interpreter: three wake cycles in one
 * directory, so Storage (the flash file) carries the device's state from one to the
 * next as it would across deep sleeps. Cycle 1 reaches mosquitto, reads the retained
 * config and publishes a reading; cycle 2 finds no broker and records a failure; cycle 3
 * reads that failure back from Storage, connects, resets it and publishes again.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../integration/support/mosquitto';
import type { Report } from './run-interpreter-specs';

const ROOT = resolve(__dirname, '..', '..');

/** Stand-ins for the board: ESP32.deepSleep ends the run, a fixed analog reading. */
function prelude(settings: Record<string, unknown>): string {
  return [
    "require('Storage').writeJSON('sensor-settings.json', " + JSON.stringify(settings) + ');',
    "console.log('@@ ' + JSON.stringify({ event: 'woke', usage: process.memory().usage, state: require('Storage').readJSON('sensor-state.json', true) }));",
    'var ESP32 = { deepSleep: function (us) {',
    "  console.log('@@ ' + JSON.stringify({ event: 'sleep', usage: process.memory().usage, us: us, state: require('Storage').readJSON('sensor-state.json', true) }));",
    '  setTimeout(quit, 50);',
    '} };',
    'var D34 = 34;',
    'var analogRead = function () { return 0.5; };',
    '',
  ].join('\n');
}

interface Tools {
  module: string;
  brokerPort: number;
  check(ok: boolean, what: string): void;
  freshDir(module: string): string;
  runInterpreter(dir: string, script: string, ms: number): Promise<Report[]>;
}

/** Runs the three cycles and checks each; prints the variables in use at each sleep. */
export async function runSensorCycles(t: Tools): Promise<void> {
  const dir = t.freshDir(t.module);
  const example = readFileSync(join(ROOT, 'examples', 'espruino-sensor.js'), 'utf8');
  const topics = { dataTopic: 'espruino/sensor/voltage', configTopic: 'espruino/sensor/config' };
  const base = Object.assign({ clientId: 'espruino-sensor', configWaitMs: 500, awakeAtMostMs: 15000 }, topics);
  const pub = ['-h', '127.0.0.1', '-p', String(t.brokerPort)];
  execFileSync('mosquitto_pub', pub.concat(['-t', topics.configTopic, '-r', '-q', '1', '-m', '{"wakeEveryMs":600000}']));
  const readings = spawn('mosquitto_sub', pub.concat(['-t', topics.dataTopic, '-q', '1', '-C', '2', '-W', '90']));
  let received = '';
  readings.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const subscribed = new Promise<void>((done) => readings.on('exit', () => done()));
  try {
    await new Promise((r) => setTimeout(r, 300)); // let mosquitto_sub subscribe
    const closedPort = await freePort();
    const cycles = [
      { url: 'mqtt://127.0.0.1:' + t.brokerPort, attemptsAfter: 0 },
      { url: 'mqtt://127.0.0.1:' + closedPort, attemptsAfter: 1 },
      { url: 'mqtt://127.0.0.1:' + t.brokerPort, attemptsAfter: 0 },
    ];
    for (let i = 0; i < cycles.length; i++) {
      const reports = await t.runInterpreter(dir, prelude(Object.assign({ url: cycles[i].url }, base)) + example, 60000);
      const woke = reports.filter((r) => r.event === 'woke')[0];
      const sleep = reports.filter((r) => r.event === 'sleep')[0];
      const state = sleep && (sleep.state as { schedule: { attemptCount: number }; config: { wakeEveryMs: number } });
      console.log('sensor wake cycle ' + (i + 1) + ': variables in use at wake ' + (woke ? woke.usage : '?') + ', before sleep ' +
        (sleep ? sleep.usage : '?') + '; saved ' + JSON.stringify(state));
      t.check(state !== undefined && state.schedule.attemptCount === cycles[i].attemptsAfter,
        'sensor cycle ' + (i + 1) + ': failed attempts in Storage ' + cycles[i].attemptsAfter);
      if (i === 0) t.check(state !== undefined && state.config.wakeEveryMs === 600000 && sleep.us === 600000 * 1000, 'sensor cycle 1: retained config read and applied to the sleep');
      if (i === 2) t.check(woke !== undefined && (woke.state as { schedule: { attemptCount: number } }).schedule.attemptCount === 1, 'sensor cycle 3: woke with the failure cycle 2 saved');
    }
    await Promise.race([subscribed, new Promise((r) => setTimeout(r, 5000))]);
    t.check(received.trim().split('\n').filter((l) => l === '1.650').length === 2, 'sensor: 2 readings (1.650 V) delivered in the cycles that reached the broker, got ' + JSON.stringify(received));
  } finally {
    readings.kill();
    execFileSync('mosquitto_pub', pub.concat(['-t', topics.configTopic, '-r', '-n']));
    rmSync(dir, { recursive: true, force: true });
  }
}
