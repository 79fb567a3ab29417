import { main } from '../../examples/basic-client-tutorial';

describe('examples/basic-client-tutorial (seed 002)', () => {
  it('publishes the light state under the UUID every interval and obeys a command', async () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const report = await main({ uuid, count: 6, intervalMs: 150, log: () => undefined });
    expect(report.published).toHaveLength(6);
    expect(report.published[0]).toBe(1);
    expect(report.published[5]).toBe(0); // the "0" command sent halfway switched it off
    expect(report.commands).toEqual(["('" + uuid + "/living_room/light', '0')"]);
  }, 15000);
});
