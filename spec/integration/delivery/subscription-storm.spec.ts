import { filter, firstValueFrom, take, timeout } from 'rxjs';
import type { MqttClient, MqttMessage } from '../../../lib';
import { ClientPool, Inbox, sleep, uniqueTopic } from '../support/client-harness';

const pool = new ClientPool();
afterEach(() => pool.closeAll());

/**
 * Observes `topic` once the broker granted it. A SUBSCRIBE that finds every packet id
 * taken may fail (`QUEUE_OVERFLOW`): then it tries again as acknowledgements free ids.
 */
async function observeGranted(client: MqttClient, topic: string): Promise<Inbox<MqttMessage>> {
  for (let attempt = 0; ; attempt++) {
    const box = pool.inbox(client.topic(topic));
    try {
      await firstValueFrom(client.topic(topic).granted$.pipe(take(1), timeout(10000)));
      return box;
    } catch (error) {
      box.stop();
      if (attempt === 50) throw error;
      await sleep(100);
    }
  }
}

describe('topic() subscribe/unsubscribe storm (mosquitto)', () => {
  it('40,000 subscribe/unsubscribe of one filter in one tick leave no subscription on the broker', async () => {
    const stormed = uniqueTopic('storm');
    const client = await pool.connect({ keepalive: 30 });
    const onStormed = pool.inbox(client.messages$.pipe(filter((m) => m.topic === stormed)));
    let errors = 0;
    for (let i = 0; i < 40000; i++) client.topic(stormed).subscribe({ error: () => errors++ }).unsubscribe();
    // a SUBACK after the storm's: mosquitto took every SUBSCRIBE and UNSUBSCRIBE before it
    const probe = await observeGranted(client, stormed + '-probe');
    await firstValueFrom(client.publish(stormed, 'orphan?', { qos: 0 }));
    await firstValueFrom(client.publish(stormed + '-probe', 'after', { qos: 0 }));
    await probe.take(1, 10000); // published after the other one on the same connection: that one came first if it came
    expect({ orphanDeliveries: onStormed.values.length, unrouted: client.stats.unrouted, errors }).toEqual({
      orphanDeliveries: 0,
      unrouted: 0,
      errors: 0,
    });
  }, 60000);
});
