import { TransportError } from '../errors';

/** The part of Espruino's `Wifi` module the client uses. */
export interface WifiModule {
  connect(ssid: string, options: { password?: string }, callback: (error?: unknown) => void): unknown;
  on(event: string, listener: (details?: unknown) => void): unknown;
}

/**
 * The board's link to its access point, for a client created with `wifi`: joins it
 * (`Wifi.connect`) before each MQTT connection while it is down, and reports every
 * drop (`'disconnected'`) so the client treats it as an outage: reconnect Wi-Fi, then
 * MQTT (mqtt_as does the same).
 *
 * @example
 * ```ts
 * const wifi = new WifiWatch(require('Wifi'), { ssid: 'home', password: 'pw' }, () => client.outage(wifiLost));
 * wifi.ensure(function (error) { if (!error) openMqtt(); });
 * ```
 */
export class WifiWatch {
  private up: boolean;
  /** Who waits for the board to rejoin by itself (`wifi: true`). */
  private waiting: (() => void) | null = null;

  constructor(
    private readonly wifi: WifiModule,
    private readonly network: { ssid: string; password?: string } | null,
    onDrop: (error: TransportError) => void,
  ) {
    this.up = network === null; // `wifi: true`: the board joined already
    wifi.on('connected', () => {
      this.up = true;
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting();
    });
    wifi.on('disconnected', () => {
      const was = this.up;
      this.up = false;
      if (was) onDrop(new TransportError('WIFI_LOST', 'the Wi-Fi link dropped'));
    });
  }

  /** Calls `done()` once Wi-Fi is up (joining it first if needed), or `done(error)`. */
  ensure(done: (error?: TransportError) => void): void {
    if (this.up) {
      done();
      return;
    }
    if (this.network === null) {
      this.waiting = () => done();
      return;
    }
    this.wifi.connect(this.network.ssid, { password: this.network.password }, (error) => {
      if (error) done(new TransportError('WIFI_LOST', 'cannot join Wi-Fi "' + (this.network as { ssid: string }).ssid + '": ' + String(error), error));
      else {
        this.up = true;
        done();
      }
    });
  }
}
