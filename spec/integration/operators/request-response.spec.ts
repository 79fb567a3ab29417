/**
 * MQTT 5 request/response against mosquitto 2: `requester()` on one rxmqtt client,
 * `respond()` on another, correlation of concurrent requests, the timeout, and the
 * response subscription gone once the requests ended.
 */
import { firstValueFrom, forkJoin, map } from 'rxjs';
import { requester } from '../../../operators/requester';
import { respond } from '../../../operators/respond';
import { ClientPool, settled, textOf, uniqueTopic } from '../support/client-harness';

const V5 = { protocolVersion: 5 as const };

describe('requester() and respond() against mosquitto (MQTT 5)', () => {
  const pool = new ClientPool();
  afterEach(() => pool.closeAll());

  it('answers concurrent requests, each with its own response, over one response topic', async () => {
    const service = uniqueTopic('rr-add');
    const server = await pool.connect(V5);
    const answering = server
      .topic(service, { qos: 1 })
      .pipe(
        respond(server, (request) => {
          const [a, b] = textOf(request.payload).split('+').map(Number);
          // a later answer for a smaller sum: the responses come back out of order
          return new Promise<string>((resolve) => setTimeout(() => resolve(String(a + b)), 200 - 10 * (a + b)));
        }),
      )
      .subscribe();
    await settled(server);
    const asker = await pool.connect(V5);
    const responseTopic = uniqueTopic('rr-replies');
    const request = requester(asker, { timeout: 5000, responseTopic });
    const sums = ['1+1', '2+3', '4+4', '6+7'].map((sum) => request(service, sum).pipe(map((m) => [textOf(m.payload), m.topic])));
    const answers = await firstValueFrom(forkJoin(sums));
    expect(answers).toEqual([['2', responseTopic], ['5', responseTopic], ['8', responseTopic], ['13', responseTopic]]);
    // the response subscription ended with the last request: a message on the topic reaches nobody
    expect(asker.stats.unrouted).toBe(0);
    const publisher = await pool.connect(V5);
    const late = await firstValueFrom(publisher.publish(responseTopic, 'late', { qos: 1 }));
    expect(late.reasonCode).toBe(0x10); // mosquitto: no matching subscribers
    answering.unsubscribe();
  });

  it('errors with RESPONSE_TIMEOUT when nobody answers, and leaves no subscription behind', async () => {
    const asker = await pool.connect(V5);
    const responseTopic = uniqueTopic('rr-none');
    const request = requester(asker, { timeout: 300, responseTopic });
    await expect(firstValueFrom(request(uniqueTopic('rr-nobody'), 'hello'))).rejects.toMatchObject({ code: 'RESPONSE_TIMEOUT', timeoutMs: 300 });
    await settled(asker);
    const publisher = await pool.connect(V5);
    expect((await firstValueFrom(publisher.publish(responseTopic, 'late', { qos: 1 }))).reasonCode).toBe(0x10);
  });
});
