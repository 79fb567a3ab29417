import { MAX_PACKET_ID, PacketIdAllocator } from '../../../../lib/client/outbound/packet-id-allocator';

/** How many more ids `ids` hands out before it answers 0 (all in use); leaves it full. */
function freeIds<T>(ids: PacketIdAllocator<T>, value: T): number {
  let free = 0;
  while (ids.allocate(value) !== 0) free++;
  return free;
}

describe('PacketIdAllocator', () => {
  it('hands out ids from 1 upwards and maps them to their value', () => {
    const ids = new PacketIdAllocator<string>([]);
    expect([ids.allocate('a'), ids.allocate('b'), ids.allocate('c')]).toEqual([1, 2, 3]);
    expect(ids.get(2)).toBe('b');
    expect(freeIds(ids, 'x')).toBe(MAX_PACKET_ID - 3);
  });

  it('rotates instead of reusing a just-released id', () => {
    const ids = new PacketIdAllocator<string>([]);
    const first = ids.allocate('a');
    expect(ids.release(first)).toBe('a');
    expect(ids.allocate('b')).toBe(2);
    expect(ids.get(first)).toBeUndefined();
  });

  it('wraps after 65535 and skips ids still in flight', () => {
    const ids = new PacketIdAllocator<number>([]);
    let wrong = 0;
    for (let i = 1; i <= MAX_PACKET_ID; i++) if (ids.allocate(i) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(ids.allocate(0)).toBe(0); // all in use
    ids.release(7);
    ids.release(3);
    expect(ids.allocate(-1)).toBe(3);
    expect(ids.allocate(-2)).toBe(7);
    expect(ids.allocate(-3)).toBe(0);
    expect(ids.get(3)).toBe(-1);
    expect(ids.release(3)).toBe(-1);
    expect(freeIds(ids, -4)).toBe(1);
  });

  it('never gives an id that is in use, under random allocate/release', () => {
    const ids = new PacketIdAllocator<number>([]);
    const live: number[] = []; // ids in use, in no order
    const owner: number[] = []; // owner[id] = value given at allocation, -1 when free
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let collisions = 0;
    let wrongRelease = 0;
    for (let step = 0; step < 200000; step++) {
      if (live.length > 0 && random() < 0.45) {
        const k = Math.floor(random() * live.length);
        const id = live[k];
        live[k] = live[live.length - 1];
        live.pop();
        if (ids.release(id) !== owner[id]) wrongRelease++;
        owner[id] = -1;
      } else {
        const id = ids.allocate(step);
        if (!(id >= 1 && id <= MAX_PACKET_ID) || (owner[id] !== undefined && owner[id] !== -1)) collisions++;
        owner[id] = step;
        live.push(id);
      }
    }
    expect({ collisions, wrongRelease }).toEqual({ collisions: 0, wrongRelease: 0 });
    expect(live.length).toBeGreaterThan(1000);
    expect(freeIds(ids, -1)).toBe(MAX_PACKET_ID - live.length);
  });

  it('drops its table whenever the window empties, yet keeps rotating ids', () => {
    const table: Array<string | undefined> = [];
    const ids = new PacketIdAllocator<string>(table);
    let last = 0;
    for (let n = 0; n < 10000; n++) {
      const id = ids.allocate('m' + n);
      expect(id).toBe(last + 1);
      expect(ids.release(id)).toBe('m' + n);
      expect(table.length).toBe(0);
      last = id;
    }
    const a = ids.allocate('a');
    const b = ids.allocate('b');
    ids.release(a);
    expect(table.length).toBe(b + 1);
    expect(ids.get(b)).toBe('b');
  });
});

describe('PacketIdAllocator.claim', () => {
  it('takes a given id when it is free, refuses it when not, and allocates after it', () => {
    const ids = new PacketIdAllocator<string>([]);
    expect(ids.claim(500, 'recovered')).toBe(true);
    expect(ids.claim(500, 'again')).toBe(false);
    expect(ids.get(500)).toBe('recovered');
    expect(ids.allocate('next')).toBe(501);
    expect(ids.release(500)).toBe('recovered');
  });
});
