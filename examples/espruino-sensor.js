/*
 * rxmqtt on an ESP32 running Espruino: wake up, read a sensor, publish the reading at
 * QoS 1, deep-sleep. When the broker is unreachable the device follows the persisted
 * reconnect schedule (the ESP sensors seed's backoff: a few tries, then 1 h, 2 h, ...
 * up to 6 h between attempts) instead of draining its battery on every wake-up.
 *
 * Plain JavaScript in the subset Espruino runs (var, functions declared before they
 * run, no default parameters, no destructuring): copy it to the device with the Web IDE
 * after rxmqtt itself (see "Espruino" in the README). spec/examples/espruino-sensor.spec.ts
 * runs one wake cycle of it in an Espruino-like vm against an in-process broker.
 */
var rxmqtt = require('rxmqtt');
var storage = require('Storage');

var CONFIG = {
  wifi: { ssid: 'my-network', password: 'my-password' },
  broker: { host: '192.168.1.10', port: 1883 },
  clientId: 'esp32-sensor-1',
  topic: 'home/sensor-1/voltage',
  sensorPin: D34,
  wakeEveryMs: 15 * 60 * 1000,
  // the longest the device stays awake, whatever happens (a hung Wi-Fi, a silent broker)
  awakeAtMostMs: 30 * 1000,
  stateFile: 'rxmqtt-state.json',
  schedule: { maxAttempts: 3, backoffFactor: 2, minInterval: 60 * 60 * 1000, maxInterval: 6 * 60 * 60 * 1000 }
};

// What survives the deep sleep (RAM does not): the reconnect schedule and a clock.
// The clock counts ms across sleeps by adding each planned sleep, so the schedule
// needs no RTC and no network time.
var bootAt = Date.now();
var saved = storage.readJSON(CONFIG.stateFile, true) || {};
var clock = typeof saved.clock === 'number' ? saved.clock : 0;
var schedule = rxmqtt.createSleepSchedule(saved.schedule || CONFIG.schedule);
var connected = false;
var asleep = false;
var watchdog = null;

function now() {
  return clock + (Date.now() - bootAt);
}

function sleepFor(ms) {
  if (asleep) return;
  asleep = true;
  if (watchdog !== null) clearTimeout(watchdog);
  storage.writeJSON(CONFIG.stateFile, { schedule: schedule, clock: now() + ms });
  console.log('sleeping ' + Math.round(ms / 1000) + ' s');
  ESP32.deepSleep(ms * 1000); // microseconds; the device restarts from the top on waking
}

// No broker this time: count the failure and sleep until the schedule allows a new try.
function failed(reason) {
  console.log('no MQTT this time: ' + reason);
  schedule = rxmqtt.recordFailure(schedule, now());
  sleepFor(Math.max(CONFIG.wakeEveryMs, rxmqtt.nextAttemptAt(schedule) - now()));
}

function readSensor() {
  return (analogRead(CONFIG.sensorPin) * 3.3).toFixed(3); // volts at the pin
}

function publishReading(client) {
  var done = function () {
    client.disconnect().subscribe({ error: function () {}, complete: function () { sleepFor(CONFIG.wakeEveryMs); } });
  };
  client.publish(CONFIG.topic, readSensor(), { qos: 1 }).subscribe({
    error: function (e) {
      console.log('reading not delivered: ' + e.code);
      done();
    },
    complete: done
  });
}

function connectToBroker() {
  var client = rxmqtt.createClient({
    host: CONFIG.broker.host,
    port: CONFIG.broker.port,
    clientId: CONFIG.clientId,
    keepalive: 30,
    responseTimeout: 5000,
    reconnect: false
  });
  client.connect().subscribe({
    next: function () {
      connected = true;
      schedule = rxmqtt.recordSuccess(schedule, now());
      publishReading(client);
    },
    error: function (e) { failed(e.code + ' ' + e.message); }
  });
}

function wake() {
  watchdog = setTimeout(function () {
    watchdog = null;
    if (connected) sleepFor(CONFIG.wakeEveryMs);
    else failed('still not connected after ' + CONFIG.awakeAtMostMs + ' ms');
  }, CONFIG.awakeAtMostMs);
  if (!rxmqtt.shouldTryNow(schedule, now())) {
    console.log('MQTT skipped to save battery');
    sleepFor(Math.max(CONFIG.wakeEveryMs, rxmqtt.nextAttemptAt(schedule) - now()));
    return;
  }
  require('Wifi').connect(CONFIG.wifi.ssid, { password: CONFIG.wifi.password }, function (err) {
    if (err) failed('Wi-Fi: ' + err);
    else connectToBroker();
  });
}

wake();
