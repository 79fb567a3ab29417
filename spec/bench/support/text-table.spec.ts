import { formatCount, formatRatio, formatTable } from '../../../bench/support/text-table';

describe('formatTable', () => {
  it('aligns the first column left and the others right, with a rule under the header', () => {
    expect(formatTable(['scenario', 'msg/s'], [['publish QoS0', '123,456'], ['sub', '7']])).toBe(
      ['scenario        msg/s', '------------  -------', 'publish QoS0  123,456', 'sub                 7'].join('\n'),
    );
  });

  it('leaves missing cells empty', () => {
    expect(formatTable(['a', 'b'], [['x']])).toBe(['a  b', '-  -', 'x'].join('\n'));
  });
});

describe('formatCount / formatRatio', () => {
  it('rounds and groups thousands, n/a for NaN', () => {
    expect(formatCount(1234567.6)).toBe('1,234,568');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(NaN)).toBe('n/a');
  });

  it('prints ratios with two decimals, n/a for NaN and Infinity', () => {
    expect(formatRatio(1.105)).toBe('1.10x');
    expect(formatRatio(NaN)).toBe('n/a');
    expect(formatRatio(Infinity)).toBe('n/a');
  });
});
