import type { Operation } from '../operation.js';
import { CreateOrderParams, handleCreateOrder } from './handlers.js';

/** The 直播分享 APIs: path + apiVer -> handler, with the gateway timeout of each (spec §5). */
export const streamingOperations: readonly Operation[] = [
  {
    path: '/vision/customer/streaming/order/create',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '创建直播分享套餐订单 (create a live-streaming share package order)',
    params: CreateOrderParams,
    handle: handleCreateOrder,
  },
];
