/*
 * rxmqtt on an ESP32 running Espruino, the ESP sensors seed's flow: wake up, join Wi-Fi,
 * connect, read the configuration topic for a short wait (retained config updates over
 * MQTT), publish a reading at QoS 1, deep-sleep. When the broker is unreachable the
 * device follows the persisted reconnect schedule (a few tries, then 1 h, 2 h, ... up to
 * 6 h between attempts) instead of draining its battery on every wake-up.
 *
 * Plain JavaScript in the subset Espruino runs (var, functions declared before they
 * run, no default parameters, no destructuring): upload it after rxmqtt itself (see
 * "Espruino" in the README). Settings a deployment changes without re-uploading live in
 * Storage as "sensor-settings.json" (merged over SETTINGS below); what survives deep
 * sleep lives in "sensor-state.json". `npm run test:espruino` runs three wake cycles of
 * this file on the Espruino interpreter against mosquitto.
 */
var rxmqtt = require('rxmqtt');
var storage = require('Storage');

var SETTINGS = Object.assign({
  wifi: { ssid: 'my-network', password: 'my-password' },
  url: 'mqtt://192.168.1.10:1883',
  clientId: 'esp32-sensor-1',
  dataTopic: 'home/sensor-1/voltage',
  configTopic: 'home/sensor-1/config',
  configWaitMs: 1000, // the seed's config_wait_time
  wakeEveryMs: 15 * 60 * 1000,
  // the longest the device stays awake, whatever happens (a hung Wi-Fi, a silent broker)
  awakeAtMostMs: 30 * 1000,
  schedule: { maxAttempts: 3, backoffFactor: 2, minInterval: 60 * 60 * 1000, maxInterval: 6 * 60 * 60 * 1000 }
}, storage.readJSON('sensor-settings.json', true) || {});

// What survives the deep sleep (RAM does not): the reconnect schedule, the config
// received over MQTT and a clock. The clock counts ms across sleeps by adding each
// planned sleep, so the schedule needs no RTC and no network time.
var bootAt = Date.now();
var saved = storage.readJSON('sensor-state.json', true) || {};
var clock = typeof saved.clock === 'number' ? saved.clock : 0;
var schedule = rxmqtt.createSleepSchedule(saved.schedule || SETTINGS.schedule);
var config = saved.config || { wakeEveryMs: SETTINGS.wakeEveryMs };
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
  storage.writeJSON('sensor-state.json', { schedule: schedule, config: config, clock: now() + ms });
  console.log('sleeping ' + Math.round(ms / 1000) + ' s, failed attempts ' + schedule.attemptCount);
  ESP32.deepSleep(ms * 1000); // microseconds; the device restarts from the top on waking
}

// No broker this time: count the failure and sleep until the schedule allows a new try.
function failed(reason) {
  console.log('no MQTT this time: ' + reason);
  schedule = rxmqtt.recordFailure(schedule, now());
  sleepFor(Math.max(config.wakeEveryMs, rxmqtt.nextAttemptAt(schedule) - now()));
}

function readSensor() {
  return (analogRead(D34) * 3.3).toFixed(3); // volts at the pin
}

function publishReading(client) {
  var done = function () {
    client.disconnect().subscribe({ complete: function () { sleepFor(config.wakeEveryMs); } });
  };
  client.publish(SETTINGS.dataTopic, readSensor(), { qos: 1 }).subscribe({
    error: function (e) {
      console.log('reading not delivered: ' + e.code);
      done();
    },
    complete: function () {
      console.log('reading delivered');
      done();
    }
  });
}

// The seed's check_config_update: a retained config message, if one comes within the wait.
function readConfig(client) {
  rxmqtt.readTopic(client, SETTINGS.configTopic, SETTINGS.configWaitMs, { qos: 1 }).subscribe({
    next: function (m) {
      try {
        config = Object.assign({}, config, JSON.parse(rxmqtt.decodeUtf8(m.payload)));
        console.log('config updated: ' + JSON.stringify(config));
      } catch (e) {
        console.log('config ignored: ' + e.message);
      }
    },
    error: function (e) { console.log('config not read: ' + e.code); publishReading(client); },
    complete: function () { publishReading(client); }
  });
}

function connectToBroker() {
  var client = rxmqtt.createClient({
    url: SETTINGS.url,
    clientId: SETTINGS.clientId,
    keepalive: 30,
    responseTimeout: 5000,
    reconnect: false
  });
  client.connect().subscribe({
    next: function () {
      connected = true;
      schedule = rxmqtt.recordSuccess(schedule, now());
      readConfig(client);
    },
    error: function (e) { failed(e.code + ' ' + e.message); }
  });
}

function wake() {
  watchdog = setTimeout(function () {
    watchdog = null;
    if (connected) sleepFor(config.wakeEveryMs);
    else failed('still not connected after ' + SETTINGS.awakeAtMostMs + ' ms');
  }, SETTINGS.awakeAtMostMs);
  if (!rxmqtt.shouldTryNow(schedule, now())) {
    console.log('MQTT skipped to save battery');
    sleepFor(Math.max(config.wakeEveryMs, rxmqtt.nextAttemptAt(schedule) - now()));
    return;
  }
  require('Wifi').connect(SETTINGS.wifi.ssid, { password: SETTINGS.wifi.password }, function (err) {
    if (err) failed('Wi-Fi: ' + err);
    else connectToBroker();
  });
}

wake();
