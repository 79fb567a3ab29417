import { progressBar } from '../../../lib/cli/progress-bar';

function sink(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, columns: 60, write: (chunk: string | Uint8Array) => written.push(String(chunk)) } };
}

describe('progressBar', () => {
  it('draws nothing when the output is not a terminal', () => {
    const { written, out } = sink(false);
    const bar = progressBar(out, 10, 'received');
    bar.update(5);
    bar.update(10);
    bar.clear();
    expect(written).toEqual([]);
  });

  it('draws on a terminal, at most every 100 ms but always the last step, and erases itself', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      const { written, out } = sink(true);
      const bar = progressBar(out, 10, 'received');
      now.mockReturnValue(1000);
      bar.update(5);
      now.mockReturnValue(1050);
      bar.update(6); // too soon: skipped
      bar.update(10); // the end: drawn anyway
      bar.clear();
      expect(written).toEqual([
        '\r[##########..........]  50% received 5/10',
        '\r[####################] 100% received 10/10',
        '\r\x1b[K',
      ]);
    } finally {
      now.mockRestore();
    }
  });
});
