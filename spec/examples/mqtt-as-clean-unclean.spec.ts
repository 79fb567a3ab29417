import { main } from '../../examples/mqtt-as-clean-unclean';

describe('examples/mqtt-as-clean-unclean (seed 001, clean.py / unclean.py)', () => {
  it('clean: messages published while the device was away are lost; the subscription is renewed', async () => {
    const [report] = await main({ clean: true, settleMs: 500, log: () => undefined });
    expect(report.publishedWhileOffline).toEqual(['while offline 1', 'while offline 2', 'while offline 3']);
    expect(report.receivedAfterReconnect).toEqual([]);
    expect(report.sessionPresent).toBe(false);
  }, 20000);

  it('unclean: the broker kept the session and delivers them after the reconnect', async () => {
    const [report] = await main({ clean: false, settleMs: 500, log: () => undefined });
    expect(report.receivedAfterReconnect).toEqual(['while offline 1', 'while offline 2', 'while offline 3']);
    expect(report.sessionPresent).toBe(true);
  }, 20000);
});
