import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { call, DEVICES, testApp } from '../support/api.js';
import { expectBusinessError, expectOrderShape, ORDERS, PATHS } from '../support/family.js';
import { streamingOperations } from '../../src/families/streaming/operations.js';

async function createOrder(app: FastifyInstance, iotId: string = DEVICES.empty) {
  const res = await call(app, PATHS.create, { iotId, commodityCode: 'streamingResource_5_1', copies: 3, userName: 'u', userId: 'id-1' });
  expect(res.body_.code).toBe(200);
  return res.body_.data as Record<string, unknown>;
}

describe('order/pay', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp();
  });
  afterEach(() => app.close());

  it('has the gateway timeout of the API table: 10000 ms', () => {
    expect(streamingOperations.find((o) => o.path === PATHS.pay)?.timeoutMs).toBe(10000);
  });

  it('marks an unpaid order paid and returns it with every field, iotId included', async () => {
    const created = await createOrder(app);
    expect(created.paymentStatus).toBe(0);
    const res = await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: created.orderId });
    expect(res.body_).toMatchObject({ code: 200, message: null, localizedMsg: null });
    expectOrderShape(res.body_.data);
    expect(res.body_.data).toEqual({ ...created, paymentStatus: 1, iotId: DEVICES.empty });
    expect(res.body_.data.price).toBe('29.7');
  });

  it('is idempotent: paying a paid order returns it unchanged', async () => {
    const created = await createOrder(app);
    const first = await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: created.orderId });
    const second = await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: created.orderId });
    expect(second.body_.code).toBe(200);
    expect(second.body_.data).toEqual(first.body_.data);
    const fixturePaid = await call(app, PATHS.pay, { iotId: DEVICES.inEffect, orderId: ORDERS.inEffect });
    expect(fixturePaid.body_.data.paymentStatus).toBe(1);
  });

  it('refuses a frozen order, an unknown order and another device\'s order with 460', async () => {
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.frozen, orderId: ORDERS.frozen }), 460, /frozen/);
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: '202411150000009999999' }), 460, /no order/);
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: ORDERS.queueUnpaid }), 460, /another device/);
    // The refused order stayed unpaid.
    const after = await call(app, PATHS.get, { iotId: DEVICES.queue, orderId: ORDERS.queueUnpaid });
    expect(after.body_.data.paymentStatus).toBe(0);
  });

  it('answers 460 for missing or mistyped params, 2063 for an unknown device, 403 for a forbidden one', async () => {
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.queue }), 460, /params\.orderId/);
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.queue, orderId: 202411141000001000006 }), 460, /params\.orderId/);
    expectBusinessError(await call(app, PATHS.pay, { iotId: 'nope', orderId: ORDERS.queueUnpaid }), 2063);
    expectBusinessError(await call(app, PATHS.pay, { iotId: DEVICES.forbidden, orderId: ORDERS.queueUnpaid }), 403);
  });
});

describe('order/pay with --payment-settle-ms', () => {
  it('answers paying (2), reads as paid (1) once the settle time passed on the emulator clock', async () => {
    const app = await testApp({ paymentSettleMs: 5000 });
    const created = await createOrder(app);
    const ref = { iotId: DEVICES.empty, orderId: created.orderId };
    const paying = await call(app, PATHS.pay, ref);
    expect(paying.body_.data.paymentStatus).toBe(2);
    expect((await call(app, PATHS.get, ref)).body_.data.paymentStatus).toBe(2);
    app.world.clock.advance(4999);
    // Paying again while paying changes nothing, and does not push the settle time later.
    expect((await call(app, PATHS.pay, ref)).body_.data.paymentStatus).toBe(2);
    app.world.clock.advance(1);
    expect((await call(app, PATHS.get, ref)).body_.data.paymentStatus).toBe(1);
    expect((await call(app, PATHS.query, { iotId: DEVICES.empty })).body_.data.orderList[0].paymentStatus).toBe(1);
    expect((await call(app, PATHS.pay, ref)).body_.data.paymentStatus).toBe(1);
    await app.close();
  });

  it('takes the option as a string too (as the environment gives it), and 0 means paid at once', async () => {
    const app = await testApp({ paymentSettleMs: '0' as unknown as number });
    const created = await createOrder(app);
    expect((await call(app, PATHS.pay, { iotId: DEVICES.empty, orderId: created.orderId })).body_.data.paymentStatus).toBe(1);
    await app.close();
  });
});
