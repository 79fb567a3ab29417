/*
 * A stand-in for Espruino's Wifi module on the Linux interpreter: connect() succeeds
 * after a few ms while the "access point" is up; drop(ms) takes the link down (emits
 * 'disconnected'), refuses joins for ms, then lets them through again.
 */
var listeners = { connected: [], disconnected: [] };
var upAgainAt = 0;
function emit(event) {
  for (var i = 0; i < listeners[event].length; i++) listeners[event][i]({});
}
exports.joins = 0;
exports.on = function (event, listener) {
  if (listeners[event]) listeners[event].push(listener);
};
exports.connect = function (ssid, options, callback) {
  setTimeout(function () {
    if (Date.now() < upAgainAt) {
      callback('no access point "' + ssid + '"');
      return;
    }
    exports.joins++;
    callback(null);
    emit('connected');
  }, 20);
};
exports.drop = function (ms) {
  upAgainAt = Date.now() + ms;
  emit('disconnected');
};
