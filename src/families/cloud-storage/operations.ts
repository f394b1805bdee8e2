/**
 * The cloud-storage (云存储) and free-trial APIs: path + apiVer -> handler, with each API's
 * gateway timeout and where its facts come from. Where pages (or a public client) name more than
 * one apiVer, every one of them is served by the same handler.
 */
import type { Operation } from '../../platform/operation.js';
import * as H from './handlers.js';
import * as P from './params.js';

/** Where an API's path, apiVer, params and fields come from (the error catalogue's vocabulary). */
export interface ApiSources {
  /** help.aliyun.com/document_detail/<id>.html */
  docPage: string;
  /** The apiVer the doc page states; the others are older pages' or a public client's. */
  docApiVer: string;
  /** How the rules were decided: doc where the page says so, model where it is silent. */
  rules: 'doc' | 'model' | 'doc + model';
}

/** A cloud-storage API with the sources of its facts. */
export interface CloudStorageOperation extends Operation {
  sources: ApiSources;
}

interface ApiSpec extends Omit<Operation, 'apiVer' | 'exampleParams'> {
  /** The documentation's request example, on the fixture devices (made up when absent). */
  example?: Record<string, unknown>;
  apiVers: readonly string[];
  sources: Omit<ApiSources, 'docApiVer'>;
}

const C = '/vision/customer/cloudstorage';
// Fixture devices the examples use: the documented example's camera, and the shop camera with its queue.
const DOC_CAM = 'bZGD54swRg******FkEs000101';
const SHOP_CAM = 'Qw9e8R7t6Y5u4I3o2P1a000104';
const PKG = { commodityCode: 'ilopLVCloudResource', specification: 'eventResource_7' };
const F = '/vision/customer/freecloudstorage';

/** One row per API; the first apiVer is the doc page's. */
const APIS: readonly ApiSpec[] = [
  { path: `${C}/commodity/query`, apiVers: ['1.0.4'], timeoutMs: 3000, summary: '查询云存储套餐列表 (list the cloud-storage packages)',
    example: {},
    params: P.CommodityQueryParams, handle: H.handleCommodityQuery, sources: { docPage: '177882', rules: 'doc' } },
  { path: `${C}/commodity/check`, apiVers: ['1.0.3', '1.0.2'], timeoutMs: 3000, summary: '查询云存储套餐是否可以购买 (can this package be bought for the device)',
    example: { iotId: DOC_CAM, ...PKG },
    params: P.CommodityCheckParams, handle: H.handleCommodityCheck, sources: { docPage: '177884', rules: 'model' } },
  { path: `${C}/commodity/buy`, apiVers: ['1.0.8', '1.0.7'], timeoutMs: 10000, summary: '购买云存储套餐 (buy a cloud-storage package)',
    example: { iotId: DOC_CAM, userName: '1581053****', ...PKG, copies: 1, enableDefaultPlan: true, immediateUse: true, preRecordDuration: 5, recordDuration: 10, eventRecordProlong: true, maxRecordFileDuration: 1800 },
    params: P.BuyParams, handle: H.handleBuy, sources: { docPage: '177885', rules: 'doc + model' } },
  { path: `${C}/order/get`, apiVers: ['1.0.6', '1.0.5', '1.0.4'], timeoutMs: 3000, summary: '获取云存储套餐的订单详情 (one order of a device)',
    example: { iotId: SHOP_CAM, orderId: '202410011000001000203' },
    params: P.OrderGetParams, handle: H.handleOrderGet, sources: { docPage: '177886', rules: 'doc' } },
  { path: `${C}/order/query`, apiVers: ['1.0.6', '1.0.1'], timeoutMs: 3000, summary: '查询云存储套餐的订单列表 (a device\'s orders, newest first, pages from 0)',
    example: { iotId: SHOP_CAM, pageNo: '0', pageSize: '20' },
    params: P.OrderQueryParams, handle: H.handleOrderQuery, sources: { docPage: '177887', rules: 'doc + model' } },
  { path: `${C}/commodity/enable`, apiVers: ['1.0.0', '1.0.1'], timeoutMs: 3000, summary: '设置云存储套餐立即生效 (make a waiting order take effect now)',
    example: { iotId: SHOP_CAM, orderId: '202411101000001000204' },
    params: P.CommodityEnableParams, handle: H.handleCommodityEnable, sources: { docPage: '177891', rules: 'doc + model' } },
  { path: `${C}/transfer`, apiVers: ['1.0.1'], timeoutMs: 3000, deviceParam: 'srcIotId', summary: '用户云存储套餐转移 (move an order\'s remaining time to another device)',
    example: { srcIotId: 'GJ8k2LmP9qRs4TuVwXyZ000102', srcOrderId: '202411051000001000201', dstIotId: 'Hk3m4NoP5qRs6TuVwXyZ000103', immediateUse: false },
    params: P.TransferParams, handle: H.handleTransfer, sources: { docPage: '177893', rules: 'doc + model' } },
  { path: `${C}/status/set`, apiVers: ['1.0.1'], timeoutMs: 3000, summary: '设置用户的云存储套餐状态 (status 2 freezes an order)',
    example: { iotId: SHOP_CAM, orderId: '202410011000001000203', status: 2 },
    params: P.StatusSetParams, handle: H.handleStatusSet, sources: { docPage: '177894', rules: 'doc + model' } },
  { path: `${C}/bind/order`, apiVers: ['1.0.0'], timeoutMs: 3000, summary: '绑定云存储订单到当前设备管理员账号 (give an order to the device\'s administrator)',
    example: { iotId: SHOP_CAM, orderId: '202410011000001000203', userName: '李娜' },
    params: P.BindOrderParams, handle: H.handleBindOrder, sources: { docPage: '457259', rules: 'doc + model' } },
  { path: `${F}/get`, apiVers: ['1.0.1'], timeoutMs: 3000, summary: '查询免费的云存储套餐详情 (the device\'s free plan)',
    example: { iotId: DOC_CAM },
    params: P.DeviceParams, handle: H.handleFreeGet, sources: { docPage: '177867', rules: 'doc + model' } },
  { path: `${F}/consume`, apiVers: ['1.0.4', '1.0.3'], timeoutMs: 3000, summary: '领取免费的云存储套餐 (claim the free plan)',
    example: { iotId: DOC_CAM, quota: 3, immediateUse: true },
    params: P.ConsumeParams, handle: H.handleFreeConsume, sources: { docPage: '177878', rules: 'doc + model' } },
  { path: `${F}/enable`, apiVers: ['1.0.0', '1.0.1'], timeoutMs: 3000, summary: '设置免费云存储套餐立即生效 (the claimed free plan takes effect now)',
    example: { iotId: 'Fr0zEn1d2E3v4I5c6E7x000106' },
    params: P.DeviceParams, handle: H.handleFreeEnable, sources: { docPage: '177889', rules: 'doc + model' } },
  { path: `${F}/status/set`, apiVers: ['1.0.0'], timeoutMs: 3000, summary: '设置用户的免费云存储套餐状态 (status 2 freezes the free plan)',
    example: { iotId: SHOP_CAM, orderId: '202410011000001000203', status: 2 },
    params: P.FreeStatusSetParams, handle: H.handleFreeStatusSet, sources: { docPage: '201345', rules: 'doc' } },
  { path: '/vision/customer/freestorage/quota/check', apiVers: ['1.0.0'], timeoutMs: 3000, summary: '检查设备是否可以领用免费云存储 (once per bound user, at most 3 users per device)',
    example: { iotId: DOC_CAM },
    params: P.DeviceParams, handle: H.handleQuotaCheck, sources: { docPage: '363074', rules: 'doc + model' } },
];

/** Fields whose source is not their page's table (docs/conformance.md). */
const FIELD_SOURCES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [`${C}/commodity/check`]: { available: '[model] false only for the other record type than the device\'s queue' },
  [`${C}/commodity/buy`]: { copies: '[model] range 1..60, as the 直播分享 twin (the page gives none)', orderId: 'documented; 21 digits starting with the creation time [model]' },
  [`${C}/order/query`]: { pageNo: 'documented (String, default 0); an integer sent as a number too [model]' },
  [`${C}/commodity/enable`]: {
    startTime: 'example (epoch ms; the table says text)', endTime: 'example (epoch ms; the table says text)',
    startTimeStr: '[model] beside the example\'s endTimeStr', endTimeStr: 'example',
  },
  [`${C}/status/set`]: { status: 'documented (2); 0 as the example sends it, back in use [model]' },
  [`${F}/consume`]: { quota: 'documented; range 1..3 and default 1 from the overview 129744' },
};

/** Every cloud-storage and free-trial API, one operation per accepted apiVer. */
export const cloudStorageOperations: readonly CloudStorageOperation[] = APIS.flatMap(({ apiVers, sources, example, ...api }) =>
  apiVers.map((apiVer) => ({
    ...api, apiVer, ...(example ? { exampleParams: example } : {}), sources: { ...sources, docApiVer: apiVers[0]! },
    docPage: sources.docPage, fieldSources: FIELD_SOURCES[api.path] ?? {},
  })),
);
