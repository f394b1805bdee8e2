/** The params of every cloud-storage and free-trial API, as the doc pages list them (see docs/cloud-storage.md, Facts per API). */
import { z } from 'zod';
import { integerParam } from '../../platform/integer-param.js';
import { optionalTextParam, textParam } from '../../platform/params.js';

/** The largest pageSize order/query accepts, and the one it uses when none is given (177887). */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;

const iotId = textParam('设备ID');
const orderId = textParam('云存储订单ID');
const flag = (text: string) => z.boolean().nullish().describe(text);

/** Event-recording settings shared by buy, consume, transfer and bind/order, with their documented ranges. */
const recordSettings = {
  enableDefaultPlan: flag('是否设置默认的7x24小时录像计划和事件录像计划'),
  preRecordDuration: integerParam(0, 5).nullish().describe('事件录像预录时长, 0..5 s'),
  recordDuration: integerParam(0, 30).nullish().describe('事件录像时长, 0..30 s'),
  eventRecordProlong: flag('是否延长事件录像'),
};
const maxRecordFileDuration = integerParam(600, 3600).nullish().describe('连续录像文件最大时长, 600..3600 s');

/** commodity/query: none. */
export const CommodityQueryParams = z.object({});

/** commodity/check (177884). */
export const CommodityCheckParams = z.object({
  iotId,
  commodityCode: textParam('云存储套餐编码'),
  specification: textParam('云存储套餐规格'),
});

/** commodity/buy (177885). */
export const BuyParams = z.object({
  iotId,
  userName: textParam('购买云存储套餐的用户名'),
  commodityCode: textParam('云存储套餐编码'),
  specification: textParam('云存储套餐规格'),
  copies: integerParam(1, 60).describe('购买数量, 1..60 [model: the page gives no range; the 直播分享 twin\'s]'),
  ...recordSettings,
  immediateUse: flag('是否立即使用, default false'),
  maxRecordFileDuration,
  userId: optionalTextParam('用户ID'),
  deviceNoOwner: flag('设备是否尚未绑定管理员'),
});

/** order/get (177886). */
export const OrderGetParams = z.object({ iotId, orderId, deviceNoOwner: flag('设备是否未绑定管理员') });

/** order/query (177887): pageNo from 0. */
export const OrderQueryParams = z.object({
  iotId,
  pageNo: integerParam(0, Number.MAX_SAFE_INTEGER).nullish().describe('起始页数, default 0 (the first page)'),
  pageSize: integerParam(1, MAX_PAGE_SIZE)
    .nullish()
    .describe(`分页大小, default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}`),
  deviceNoOwner: flag('设备是否未绑定管理员'),
});

/** commodity/enable (177891). */
export const CommodityEnableParams = z.object({ iotId, orderId });

/** transfer (177893). */
export const TransferParams = z.object({
  srcIotId: textParam('云存储套餐待转移设备ID'),
  srcOrderId: textParam('购买云存储套餐的订单ID'),
  dstIotId: textParam('云存储套餐转移目标设备ID'),
  ...recordSettings,
  immediateUse: flag('是否立即生效, default false'),
  supportCrossIdentityTransfer: flag('支持云存套餐跨账号转移, default false'),
  userName: optionalTextParam('用户名'),
  userId: optionalTextParam('用户ID'),
});

/** status/set (177894): status 2 freezes. */
export const StatusSetParams = z.object({
  iotId,
  orderId,
  status: integerParam(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).describe('云存储订单状态: 2 (冻结停用); 0 (the order back in use) as the page\'s example sends'),
  deviceNoOwner: flag('true: do not check that the device\'s administrator bought the order'),
});

/** bind/order (457259). */
export const BindOrderParams = z.object({
  iotId,
  orderId,
  userName: optionalTextParam('用户名'),
  userId: optionalTextParam('用户ID'),
  ...recordSettings,
  maxRecordFileDuration,
});

/** freecloudstorage/get, /enable and freestorage/quota/check: the device only. */
export const DeviceParams = z.object({ iotId });

/** freecloudstorage/consume (177878, 129744). */
export const ConsumeParams = z.object({
  iotId,
  ...recordSettings,
  immediateUse: flag('是否立即使用, default false'),
  quota: integerParam(1, 3).nullish().describe('使用赠送的云存储配额, 1..3 months, default 1'),
});

/** freecloudstorage/status/set (201345): only 2. */
export const FreeStatusSetParams = z.object({ iotId, status: integerParam(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).describe('2: 冻结停用 (the only value supported)') });
