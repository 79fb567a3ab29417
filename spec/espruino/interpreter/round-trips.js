/*
 * Runs on the Espruino interpreter (see run-interpreter-specs.ts, which prepends
 * `var TEST = {...}`): require('rxmqtt') (from RAM, or from Storage with TEST.flash),
 * connect, subscribe at QoS 1, TEST.count QoS 1 publish -> receive round trips, each
 * publish sent when the previous message came back (so the run finishes only when every
 * one was delivered: a lost one would stall it), then disconnect. Reports lines
 * "@@ {json}" with process.memory().usage at load, at round trip 200 and at the end,
 * and asks the runner for outages ("cut") or drops the stand-in Wi-Fi at TEST.cutAt.
 * Over TLS the CA certificate is read from Storage ("ca.der", DER bytes), where the
 * runner saved it, as a device keeps it.
 */
function report(what) {
  what.usage = process.memory().usage;
  console.log('@@ ' + JSON.stringify(what));
}
var before = process.memory().usage;
if (TEST.flash) Modules.addCached('rxmqtt', require('Storage').read('rxmqtt'));
var rxmqtt = require('rxmqtt');
report({ event: 'loaded', before: before });

var options = {
  url: TEST.url,
  clientId: TEST.clientId,
  clean: !TEST.persistent,
  keepalive: 10,
  responseTimeout: 4000,
  reconnect: { initialDelay: 200, maxDelay: 1000 }
};
if (TEST.tls) options.tls = { ca: require('Storage').read('ca.der') }; // DER, kept in flash as a device keeps it
if (TEST.wifi) options.wifi = { ssid: 'test-network', password: 'secret' };
var client = rxmqtt.createClient(options);
var got = 0;
var n = 0;
var outages = 0;
var states = [];

client.state$.subscribe(function (s) {
  if (s.status === 'reconnecting') {
    outages++;
    if (states.indexOf(s.lastError.code) < 0) states.push(s.lastError.code);
  }
});

function publishNext() {
  n++;
  client.publish(TEST.topic, 'r\u00e9ading ' + n, { qos: 1 }).subscribe({
    error: function (e) { report({ event: 'error', where: 'publish ' + n, code: e.code, message: e.message }); }
  });
}

function finish() {
  client.disconnect().subscribe({
    complete: function () {
      report({ event: 'done', received: got, outages: outages, codes: states });
      setTimeout(quit, 50);
    }
  });
}

client.connect().subscribe({
  next: function () {
    report({ event: 'connected' });
    client.topic(TEST.topic, { qos: 1 }).subscribe({
      next: function (m) {
        var text = rxmqtt.decodeUtf8(m.payload);
        var k = Number(text.substring(text.indexOf(' ') + 1));
        if (text.indexOf('r\u00e9ading ') !== 0 || !(k >= 1 && k <= TEST.count)) {
          report({ event: 'error', where: 'payload', message: text });
          return;
        }
        if (k !== n) return; // a duplicate after an outage
        got++;
        if (n === 200 || n === TEST.count) report({ event: 'roundtrips', n: n });
        if (TEST.cutAt && TEST.cutAt.indexOf(n) >= 0) {
          if (TEST.wifi) require('Wifi').drop(300);
          else report({ event: 'cut', n: n });
        }
        if (n < TEST.count) publishNext();
        else finish();
      },
      error: function (e) { report({ event: 'error', where: 'topic', code: e.code, message: e.message }); }
    });
    setTimeout(publishNext, 200);
  },
  error: function (e) {
    report({ event: 'error', where: 'connect', code: e.code, message: e.message });
    quit();
  }
});
