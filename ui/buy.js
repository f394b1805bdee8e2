// Buying from the page through the real APIs (the documented envelope), for every family that
// sells packages, and claiming the free trial: a demo needs no frontend of its own.
import { h, replace } from './dom.js';

/** What the form can do: buy a 直播分享 package, buy a 云存储 package, or claim the free trial. */
export const KINDS = {
  streaming: { label: '直播分享 package', path: '/vision/customer/streaming/order/create', family: '直播分享' },
  cloud: { label: '云存储 package', path: '/vision/customer/cloudstorage/commodity/buy', family: '云存储' },
  free: { label: '云存储 free trial', path: '/vision/customer/freecloudstorage/consume', family: '云存储' },
};
export const QUOTA_CHECK = '/vision/customer/freestorage/quota/check';

/** A package's option text: its documented name, price and length ("¥140 · 1 month"). */
export function packageText(p) {
  const months = Number(p.months);
  const length = months === 12 ? '1 year' : months === 1 ? '1 month' : `${months} months`;
  const kept = p.lifecycle !== undefined ? ` · video kept ${p.lifecycle} d` : '';
  return `${p.commodityName} · ¥${p.price} · ${length}${kept}`;
}

/** The value that names a package in the select: code, and the specification where the family has one. */
export function packageValue(p) {
  return p.specification ? `${p.commodityCode}|${p.specification}` : p.commodityCode;
}

/** Fills the device and package choices, keeping what was chosen. */
export function fillBuyForm(form, devices, packagesByFamily) {
  const deviceSelect = form.elements.namedItem('iotId');
  const chosen = deviceSelect.value;
  replace(deviceSelect, devices.map((d) => h('option', { value: d.iotId }, `${d.nickName ?? d.deviceName} · ${d.iotId}`)));
  if (chosen && devices.some((d) => d.iotId === chosen)) deviceSelect.value = chosen;
  syncBuyForm(form, packagesByFamily);
}

/** Shows the inputs the chosen kind uses, and its packages. */
export function syncBuyForm(form, packagesByFamily) {
  const kind = form.elements.namedItem('kind').value;
  for (const el of form.querySelectorAll('[data-kinds]')) el.hidden = !el.dataset.kinds.split(' ').includes(kind);
  const select = form.elements.namedItem('package');
  const packages = packagesByFamily.get(KINDS[kind].family) ?? [];
  const key = `${kind}:${packages.length}`;
  if (select.dataset.kind !== key) {
    const chosen = select.value;
    select.dataset.kind = key;
    replace(select, packages.map((p) => h('option', { value: packageValue(p), lang: 'zh-CN' }, packageText(p))));
    if (packages.some((p) => packageValue(p) === chosen)) select.value = chosen;
  }
  select.disabled = kind === 'free';
  form.querySelector('button[type=submit]').textContent = kind === 'free' ? 'Claim free trial' : 'Buy';
  form.dataset.path = KINDS[kind].path;
}

/** Puts the device administrator in userName/userId, as a device's own app would. */
export function prefillUser(form, device) {
  if (!device) return;
  form.elements.namedItem('userName').value = device.identity?.userName ?? '';
  form.elements.namedItem('userId').value = device.identityId ?? '';
}

/** The API path and params the form describes; empty userName/userId are left out. */
export function callFromForm(form) {
  const data = new FormData(form);
  const kind = String(data.get('kind'));
  const iotId = String(data.get('iotId'));
  const immediateUse = data.get('immediateUse') === 'on';
  const userName = String(data.get('userName') ?? '').trim();
  const userId = String(data.get('userId') ?? '').trim();
  if (kind === 'free') return { path: KINDS.free.path, params: { iotId, quota: Number(data.get('quota')), immediateUse } };
  const [commodityCode, specification] = String(data.get('package') ?? '').split('|');
  const params = { iotId, commodityCode, copies: Number(data.get('copies')), immediateUse };
  if (specification) params.specification = specification;
  if (userName) params.userName = userName;
  if (userId) params.userId = userId;
  return { path: KINDS[kind].path, params };
}
