import type { Operation } from '../../platform/operation.js';
import {
  CommodityQueryParams,
  CreateOrderParams,
  handleCommodityQuery,
  handleCreateOrder,
  handleEnableOrder,
  handleGetOrder,
  handlePayOrder,
  handleQueryOrders,
  OrderQueryParams,
  OrderRefParams,
} from './handlers.js';

/** The 直播分享 APIs: path + apiVer -> handler, with the gateway timeout of each (超时时间 on each page: 190252 create, 190251 commodity/query; pay's page 10000). */
export const streamingOperations: readonly Operation[] = [
  {
    path: '/vision/customer/streaming/order/create',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '创建直播分享套餐订单 (create a live-streaming share package order)',
    params: CreateOrderParams,
    handle: handleCreateOrder,
  },
  {
    path: '/vision/customer/streaming/commodity/query',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '查询直播分享套餐 (list the live-streaming share packages)',
    params: CommodityQueryParams,
    handle: handleCommodityQuery,
  },
  {
    path: '/vision/customer/streaming/order/pay',
    apiVer: '1.0.0',
    timeoutMs: 10000,
    summary: '支付直播分享套餐订单 (pay an order)',
    params: OrderRefParams,
    handle: handlePayOrder,
  },
  {
    path: '/vision/customer/streaming/order/get',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '查询直播分享套餐订单详情 (one order of a device)',
    params: OrderRefParams,
    handle: handleGetOrder,
  },
  {
    path: '/vision/customer/streaming/order/query',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '分页查询设备的直播分享套餐订单 (a device\'s orders, newest first, paged)',
    params: OrderQueryParams,
    handle: handleQueryOrders,
  },
  {
    path: '/vision/customer/streaming/order/enable',
    apiVer: '1.0.0',
    timeoutMs: 3000,
    summary: '立即启用直播分享套餐订单 (make a waiting order take effect now)',
    params: OrderRefParams,
    handle: handleEnableOrder,
  },
];
