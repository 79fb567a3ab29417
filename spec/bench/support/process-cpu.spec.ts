import { spawn } from 'node:child_process';
import { measureBusy, processCpuMicros } from '../../../bench/support/process-cpu';

function spin(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy on purpose
  }
}

function ownCpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

describe('processCpuMicros', () => {
  it('reads the CPU time of a running process as the process itself counts it', () => {
    const before = processCpuMicros(process.pid);
    const ownBefore = ownCpuMicros();
    spin(80);
    const read = processCpuMicros(process.pid) - before;
    const own = ownCpuMicros() - ownBefore;
    expect(own).toBeGreaterThan(10000);
    expect(read).toBeGreaterThan(own * 0.8 - 10000);
    expect(read).toBeLessThan(own * 1.2 + 10000);
  });

  it('is NaN for no pid and for a process that is gone', async () => {
    expect(processCpuMicros(undefined)).toBeNaN();
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 50)); // reaped
    expect(processCpuMicros(pid)).toBeNaN();
  });
});

describe('measureBusy', () => {
  it('gives the CPU time used since the start over the wall time since the start', () => {
    const clock = jest.fn().mockReturnValueOnce(1000).mockReturnValueOnce(1100); // 100 ms of wall time
    const ownBefore = ownCpuMicros();
    const busySinceStart = measureBusy(process.pid, clock);
    spin(80);
    const busy = busySinceStart();
    const expected = (ownCpuMicros() - ownBefore) / 100000;
    expect(clock).toHaveBeenCalledTimes(2);
    expect(busy).toBeGreaterThan(expected * 0.8 - 0.1);
    expect(busy).toBeLessThan(expected * 1.2 + 0.1);
  });

  it('is near 0 for a process that waits', async () => {
    const idle = measureBusy(process.pid);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(idle()).toBeLessThan(0.3);
  });
});
