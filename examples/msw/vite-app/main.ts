// A Vite app whose calls to https://api.link.aliyun.com are answered in the browser by the
// emulator (mock.ts), with no server: `npx msw init public` once, then `npx vite`. The order shows
// here and in the network panel.
import { control } from './mock.js';

// The control object (AdminClient's methods), for the console and for browser tests.
Object.assign(window, { aliyunMock: control });

// The documented create request (help.aliyun.com 190252), as an app would send it.
const res = await fetch('https://api.link.aliyun.com/vision/customer/streaming/order/create', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    id: '1509086454180',
    version: '1.0',
    request: { apiVer: '1.0.0' },
    params: { iotId: 'bZGD54swRg******FkEs000101', commodityCode: 'streamingResource_20_10', copies: 1, userName: '158****8558', immediateUse: false },
  }),
});
const answer = (await res.json()) as { code: number; message: string | null; data: Record<string, string> | null };
const status = document.getElementById('status')!;
status.textContent = answer.code === 200 ? 'order created' : `refused: code ${answer.code} ${answer.message}`;
status.dataset.code = String(answer.code);
if (answer.data) {
  const order = document.querySelector<HTMLElement>('[data-testid=order]')!;
  order.querySelectorAll<HTMLElement>('[data-field]').forEach((dd) => (dd.textContent = answer.data![dd.dataset.field!] ?? ''));
  order.dataset.orderId = answer.data.orderId;
  order.hidden = false;
}
