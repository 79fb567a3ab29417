import { PACED_READS, PACING_PAUSE_MS, ReadPacer, SMALL_READ_BYTES, WRITE_QUIET_MS } from '../../adapters/read-pacer';

/** A pacer on a clock the spec moves. */
function setUp() {
  let now = 1000;
  let resumed = 0;
  const pacer = new ReadPacer(
    () => resumed++,
    () => now,
  );
  return {
    pacer,
    advance: (ms: number) => (now += ms),
    resumed: () => resumed,
  };
}

describe('ReadPacer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pauses reading for 1 ms when 4 small reads came within 1 ms, then resumes', () => {
    const { pacer, advance, resumed } = setUp();
    const answers: boolean[] = [];
    for (let i = 0; i < PACED_READS; i++) {
      answers.push(pacer.keepReading(100));
      advance(0.2);
    }
    expect(answers).toEqual([true, true, true, false]);
    expect(pacer.paused).toBe(true);
    jest.advanceTimersByTime(PACING_PAUSE_MS);
    expect(resumed()).toBe(1);
    expect(pacer.paused).toBe(false);
  });

  it('never pauses a stream of fewer than 4 reads per ms (1k messages/s), nor large reads', () => {
    const { pacer, advance } = setUp();
    for (let i = 0; i < 100; i++) {
      expect(pacer.keepReading(100)).toBe(true);
      advance(0.34);
    }
    for (let i = 0; i < 100; i++) expect(pacer.keepReading(SMALL_READ_BYTES)).toBe(true);
  });

  it('does not pace for 10 ms after a write: nobody waiting for an answer is kept waiting', () => {
    const { pacer, advance } = setUp();
    pacer.wrote();
    for (let i = 0; i < 40; i++) {
      expect(pacer.keepReading(100)).toBe(true);
      advance(0.2);
    }
    advance(WRITE_QUIET_MS - 8);
    const answers: boolean[] = [];
    for (let i = 0; i < PACED_READS; i++) answers.push(pacer.keepReading(100));
    expect(answers).toEqual([true, true, true, false]);
  });

  it('counts small reads only after a pause ended, and cancel() drops a pause without resuming', () => {
    const { pacer, resumed } = setUp();
    for (let i = 0; i < PACED_READS - 1; i++) pacer.keepReading(1);
    expect(pacer.keepReading(1)).toBe(false);
    expect(pacer.keepReading(1)).toBe(true); // a read finishing during the pause
    pacer.cancel();
    jest.advanceTimersByTime(10);
    expect(resumed()).toBe(0);
    expect(pacer.paused).toBe(false);
  });
});
