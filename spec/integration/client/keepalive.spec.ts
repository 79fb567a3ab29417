import { interval, lastValueFrom, switchMap, take } from 'rxjs';
import { tcpTransport } from '../../../adapters';
import { MqttTimeoutError } from '../../../lib';
import type { ConnectionState } from '../../../lib';
import { ClientPool, finalState, settled, sleep, uniqueTopic } from '../support/client-harness';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { tapPackets } from '../support/packet-tap';

const port = Number(process.env.MQTT_TEST_PORT);


// mosquitto drops a client that sends nothing for 1.5 × keepalive [MQTT-3.1.2-24]
describe('keepalive against mosquitto', () => {
  const pool = new ClientPool();
  let proxy: FaultProxy | undefined;
  afterEach(async () => {
    await pool.closeAll();
    if (proxy) await proxy.close();
    proxy = undefined;
  });

  it('keeps an idle connection up with PINGREQs (keepalive 1 s, idle 2.5 s)', async () => {
    const { transport, log } = tapPackets(tcpTransport({ host: '127.0.0.1', port }));
    const client = await pool.connect({ transport, keepalive: 1 });
    const states = pool.inbox(client.state$);

    await sleep(2500);

    expect(states.values.map((s) => s.status)).toEqual(['connected']);
    expect(log.count('sent', 'pingreq')).toBeGreaterThanOrEqual(2);
    expect(log.longestSendGap()).toBeLessThan(1000 + 400); // 400 ms for timer delays on a busy machine
    // nothing else went out while idle: CONNECT, then pings only
    expect(log.sent.map((p) => p.type).filter((t) => t !== 'pingreq')).toEqual(['connect']);
    await settled(client); // one more round trip: every earlier PINGREQ is answered by now
    expect(log.count('received', 'pingresp')).toBe(log.count('sent', 'pingreq'));
  });

  it('still pings while it only receives: inbound traffic does not postpone PINGREQ', async () => {
    const topic = uniqueTopic('keepalive-receive-only');
    const { transport, log } = tapPackets(tcpTransport({ host: '127.0.0.1', port }));
    const listener = await pool.connect({ transport, keepalive: 1 });
    const box = pool.inbox(listener.topic(topic));
    await settled(listener);
    const talker = await pool.connect();
    const states = pool.inbox(listener.state$);

    // a QoS 0 message every 100 ms for 2 s: the listener receives, never answers
    await lastValueFrom(interval(100).pipe(take(20), switchMap((i) => talker.publish(topic, String(i)))), { defaultValue: undefined });
    await box.take(20);

    expect(states.values.map((s) => s.status)).toEqual(['connected']);
    expect(log.count('sent', 'pingreq')).toBeGreaterThanOrEqual(2);
    expect(log.longestSendGap()).toBeLessThan(1000 + 400); // 400 ms for timer delays on a busy machine
    expect(log.sent.map((p) => p.type).filter((t) => t !== 'pingreq')).toEqual(['connect', 'subscribe']);
  });

  it('ends a reconnect:false client with PINGRESP_TIMEOUT within keepalive + responseTimeout when the broker stops answering', async () => {
    proxy = await startFaultProxy({ targetPort: port });
    // keepalive 2 s: the PINGREQ leaves at 2 s and its answer is late at 2.5 s, while mosquitto
    // drops a client it has heard nothing from at 3 s (1.5 x keepalive); with keepalive 1 s
    // both fell at 1.5 s and a busy machine sometimes saw the broker's close first.
    const client = await pool.connect({ url: 'mqtt://127.0.0.1:' + proxy.port, keepalive: 2, responseTimeout: 500 });
    const ended = finalState(client, 5000);
    const started = Date.now();
    void proxy.stall(4000);

    const state = (await ended) as Extract<ConnectionState, { status: 'disconnected' }>;
    const elapsed = Date.now() - started;
    expect(state.status).toBe('disconnected');
    const error = state.error as MqttTimeoutError;
    expect(error).toBeInstanceOf(MqttTimeoutError);
    expect(error.code).toBe('PINGRESP_TIMEOUT');
    expect(error.message).toBe('no answer to PINGREQ within 500 ms: the connection is dead');
    expect(elapsed).toBeGreaterThanOrEqual(500 - 20);
    expect(elapsed).toBeLessThan(2000 + 500 + 400); // 400 ms for timer and I/O delays
  });
});
