import { expect, it } from 'vitest';
import { mock } from './mock-session.js';

const iotId = 'Hk3m4NoP5qRs6TuVwXyZ000103'; // every file buys on the same device

/** The same purchase story in every file: run in parallel, each file must still see only its own session. */
export function buyerScenario(): void {
  it('sees only the orders of this file, whatever the other files do at the same time', async () => {
    for (let i = 0; i < 3; i++) {
      const created = await mock.call('/vision/customer/streaming/order/create', { iotId, commodityCode: 'streamingResource_20_10', copies: 1 });
      expect(created.body?.code).toBe(200);
    }
    const list = await mock.call<{ total: number }>('/vision/customer/streaming/order/query', { iotId });
    expect(list.body?.data.total).toBe(3);
  });

  it('owns its clock: 4 months later every order of this file has expired', async () => {
    await mock.admin.advanceClock('4M');
    const list = await mock.call<{ orderList: { status: number }[] }>('/vision/customer/streaming/order/query', { iotId });
    expect(list.body?.data.orderList.map((o) => o.status)).toEqual([1, 1, 1]);
  });
}
