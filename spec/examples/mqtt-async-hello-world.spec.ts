import { main } from '../../examples/mqtt-async-hello-world';

describe('examples/mqtt-async-hello-world (seed 003)', () => {
  it('gets each QoS 1 message back through its own subscription, printed as the callback does', async () => {
    const report = await main({ count: 3, intervalMs: 50, topic: 'test/mqtt_async/spec', log: () => undefined });
    expect(report.published).toEqual(['Hello World #0!', 'Hello World #1!', 'Hello World #2!']);
    expect(report.received).toEqual([
      'test/mqtt_async/spec Hello World #0! False 1',
      'test/mqtt_async/spec Hello World #1! False 1',
      'test/mqtt_async/spec Hello World #2! False 1',
    ]);
  }, 15000);
});
