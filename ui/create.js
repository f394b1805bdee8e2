// Creating an order through the real API (order/create with the documented envelope), so a
// demo needs no frontend of its own.
import { callApi } from './api.js';
import { h, replace } from './dom.js';

export const CREATE_PATH = '/vision/customer/streaming/order/create';
const COMMODITY_PATH = '/vision/customer/streaming/commodity/query';

/** Package codes seen on the fixture orders, for when commodity/query is not there to ask. */
function codesFromOrders(devices) {
  const seen = new Map();
  for (const d of devices) for (const o of d.orders ?? []) seen.set(o.commodityCode, o.commodityName ?? o.commodityCode);
  return [...seen].map(([commodityCode, commodityName]) => ({ commodityCode, commodityName }));
}

/** The packages on sale: commodity/query when the emulator answers it, else the codes seen on orders. */
export async function loadPackages(devices) {
  try {
    const res = await callApi(COMMODITY_PATH, {});
    if (res.body?.code === 200 && Array.isArray(res.body.data)) return res.body.data;
  } catch {
    // Fall through: the list below still lets a demo go on.
  }
  return codesFromOrders(devices);
}

/** Fills the device and package choices, keeping what was chosen. */
export function fillCreateForm(form, devices, packages) {
  const deviceSelect = form.elements.namedItem('iotId');
  const chosen = deviceSelect.value;
  replace(
    deviceSelect,
    devices.map((d) => h('option', { value: d.iotId }, `${d.nickName ?? d.deviceName} · ${d.iotId}`)),
  );
  if (chosen && devices.some((d) => d.iotId === chosen)) deviceSelect.value = chosen;

  const packageSelect = form.elements.namedItem('commodityCode');
  const chosenCode = packageSelect.value;
  replace(
    packageSelect,
    packages.map((p) => h('option', { value: p.commodityCode }, `${p.commodityName ?? p.commodityCode}${p.price ? ` · ¥${p.price}` : ''} (${p.commodityCode})`)),
  );
  if (chosenCode && packages.some((p) => p.commodityCode === chosenCode)) packageSelect.value = chosenCode;
}

/** Puts the device administrator in userName/userId, as a device's own app would. */
export function prefillUser(form, device) {
  if (!device) return;
  form.elements.namedItem('userName').value = device.identity?.userName ?? '';
  form.elements.namedItem('userId').value = device.identityId ?? '';
}

/** The order/create params the form describes; empty userName/userId are left out. */
export function paramsFromForm(form) {
  const data = new FormData(form);
  const params = {
    iotId: String(data.get('iotId')),
    commodityCode: String(data.get('commodityCode')),
    copies: Number(data.get('copies')),
    immediateUse: data.get('immediateUse') === 'on',
  };
  const userName = String(data.get('userName') ?? '').trim();
  const userId = String(data.get('userId') ?? '').trim();
  if (userName) params.userName = userName;
  if (userId) params.userId = userId;
  return params;
}

/** Sends the form's order/create; resolves to the API's answer {status, headers, body}. */
export function submitCreate(form) {
  return callApi(CREATE_PATH, paramsFromForm(form));
}
