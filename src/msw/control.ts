/**
 * The in-browser emulator's control object: the AdminClient's methods, names and answers, over
 * one world in the same page or process instead of HTTP. A test drives it as it drives a server.
 */
import { AdminApiError, type AdminClock, type AdminDevice, type AdminOrder, type DevicesPageQuery, type RequestsFilter } from '../admin/client.js';
import type { AdminDevicesPage } from '../admin/contract.js';
import { addFault, advanceClock, clockView, listRequests, removeFault, replaceFaults, setClock, validated } from '../admin/control.js';
import { DeviceBody, DevicesQuery, OrderBody, OrderPatch } from '../admin/schemas.js';
import { addOrder, getDevice, listDevices, patchOrder, putDevice, type AdminResult } from '../admin/state.js';
import type { FaultRuleInput, StoredFaultRule } from '../faults/schema.js';
import type { DeviceFixture, OrderFixture } from '../fixtures/schema.js';
import type { JournalEntry, JournalPage } from '../journal/journal.js';
import type { World } from '../world.js';

/**
 * What AdminClient offers, with the same names and answers; errors are AdminApiError with the admin API's status.
 * @example
 * const { control } = createHandlers({ now: '2024-11-15T02:00:00Z' });
 * await control.advanceClock('40d');
 * await control.addFault({ type: 'timeout', match: { path: '/vision/customer/streaming/order/create' }, times: 1 });
 * const { requests } = await control.requests({ limit: 1 });
 */
export interface MockControl {
  health(): Promise<{ status: 'ok'; now: string }>;
  reset(): Promise<{ ok: true }>;
  clock(): Promise<AdminClock>;
  setClock(now: string | number, frozen?: boolean): Promise<AdminClock>;
  advanceClock(by: string | number): Promise<AdminClock>;
  faults(): Promise<{ rules: StoredFaultRule[] }>;
  setFaults(rules: FaultRuleInput[]): Promise<{ rules: StoredFaultRule[] }>;
  addFault(rule: FaultRuleInput): Promise<StoredFaultRule>;
  clearFaults(): Promise<{ ok: true }>;
  removeFault(id: string): Promise<{ ok: true }>;
  requests(filter?: RequestsFilter): Promise<JournalPage>;
  request(id: string): Promise<JournalEntry>;
  clearRequests(): Promise<{ ok: true }>;
  devices(page?: DevicesPageQuery): Promise<AdminDevicesPage>;
  device(iotId: string): Promise<AdminDevice>;
  putDevice(iotId: string, device: Omit<Partial<DeviceFixture>, 'iotId'> & { projectId: string; identityId: string }): Promise<AdminDevice>;
  addOrder(iotId: string, order: Omit<Partial<OrderFixture>, 'iotId'> & { commodityCode: string }): Promise<AdminOrder>;
  updateOrder(orderId: string, patch: { frozen?: boolean; paymentStatus?: 0 | 1 | 2 }): Promise<AdminOrder>;
}

/** A value as the admin API would have sent it: through JSON, so callers never hold the world's own objects. */
function answer<T>(result: AdminResult<unknown>): Promise<T> {
  if (!result.ok) return Promise.reject(new AdminApiError(result.status, result.error));
  return Promise.resolve(JSON.parse(JSON.stringify(result.value)) as T);
}

const ok = <T>(value: T): AdminResult<T> => ({ ok: true, value });

/** The control object of one world. */
export function createMockControl(world: World): MockControl {
  return {
    health: () => answer(ok({ status: 'ok', now: new Date(world.clock.now()).toISOString() })),
    reset: () => {
      world.reset();
      return answer(ok({ ok: true }));
    },
    clock: () => answer(ok(clockView(world))),
    setClock: (now, frozen) => answer(setClock(world, frozen === undefined ? { now } : { now, frozen })),
    advanceClock: (by) => answer(advanceClock(world, typeof by === 'number' ? { ms: by } : { by })),
    faults: () => answer(ok({ rules: world.faults.list() })),
    setFaults: (rules) => answer(replaceFaults(world, { rules })),
    addFault: (rule) => answer(addFault(world, rule)),
    clearFaults: () => {
      world.faults.clear();
      return answer(ok({ ok: true }));
    },
    removeFault: (id) => answer(removeFault(world, id)),
    requests: (filter = {}) => answer(listRequests(world, { ...filter, ...(filter.code === undefined ? {} : { code: String(filter.code) }) })),
    request: (id) => {
      const entry = world.journal.get(id);
      return answer(entry ? ok(entry) : { ok: false, status: 404, error: `no request "${id}" in the journal (it keeps the last ${world.journal.capacity})` });
    },
    clearRequests: () => {
      world.journal.clear();
      return answer(ok({ ok: true }));
    },
    devices: (page = {}) => {
      const query = validated(DevicesQuery, page, 'query');
      return answer(query.ok ? ok(listDevices(world, query.value)) : query);
    },
    device: (iotId) => answer(getDevice(world, iotId)),
    putDevice: (iotId, device) => {
      const body = validated(DeviceBody, device, 'device');
      return answer(body.ok ? putDevice(world, { ...body.value, iotId }) : body);
    },
    addOrder: (iotId, order) => {
      const body = validated(OrderBody, order, 'order');
      return answer(body.ok ? addOrder(world, iotId, { ...body.value, iotId }) : body);
    },
    updateOrder: (orderId, patch) => {
      const body = validated(OrderPatch, patch, 'body');
      return answer(body.ok ? patchOrder(world, orderId, body.value) : body);
    },
  };
}
