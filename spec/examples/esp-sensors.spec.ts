import { main } from '../../examples/esp-sensors';

describe('examples/esp-sensors (seed 000)', () => {
  it.each([
    ['the embedded broker', false],
    ['simulation mode (the virtual broker)', true],
  ])('with %s: applies the retained config, reads the command, publishes, backs off while the broker is down', async (_, simulate) => {
    const lines: string[] = [];
    const wakes = await main({ simulate, configWaitMs: 200, readWaitMs: 150, log: (line) => lines.push(line) });
    expect(wakes.map((w) => w.action)).toEqual([
      'published', // 00:00 config v2 applied
      'published', // 00:15 broken config rejected, v2 kept
      'connect failed', // 00:30
      'connect failed', // 00:45
      'connect failed', // 01:00: three in a row, now wait 1 h
      'skipped', // 01:15
      'skipped', // 01:30
      'skipped', // 01:45
      'published', // 02:00 the broker is back; the counter resets; config v3
      'published',
      'published',
      'published',
    ]);
    expect(wakes.map((w) => w.minute)).toEqual([0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165]);
    expect(wakes.map((w) => w.configVersion)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(wakes[0].command).toBe('led on');
    expect(lines.some((line) => /^  config update rejected, keeping v2: /.test(line))).toBe(true);
  }, 30000);
});
