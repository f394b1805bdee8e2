import { describe, expect, it } from 'vitest';
import { Envelope, parseEnvelope } from '../../src/gateway/envelope.js';

/** What parseEnvelope answered before its fast path: zod's verdict on every body. */
function viaZod(text: string) {
  const json = JSON.parse(text) as Record<string, unknown>;
  const parsed = Envelope.safeParse(json);
  if (!parsed.success) return { ok: false };
  return { ok: true, envelope: { id: parsed.data.id ?? null, request: parsed.data.request ?? {}, params: (json.params as object | null | undefined) ?? {} } };
}

const BODIES = [
  '{"id":"1","version":"1.0","request":{"apiVer":"1.0.0","language":"en-US"},"params":{"iotId":"x"}}',
  '{"id":7,"request":{"apiVer":"1.0.0","extra":1,"locale":null,"cloudToken":"t"},"params":{}}',
  '{"id":null,"version":null,"request":null,"params":null}',
  '{}',
  '{"id":1e400,"request":{"apiVer":"1.0.0"}}',
  '{"id":true,"request":{"apiVer":"1.0.0"}}',
  '{"id":{},"request":{"apiVer":"1.0.0"}}',
  '{"version":3,"request":{"apiVer":"1.0.0"}}',
  '{"request":[],"params":{}}',
  '{"request":"1.0.0","params":{}}',
  '{"request":{"apiVer":1},"params":{}}',
  '{"request":{"language":["en"]},"params":{}}',
  '{"request":{"iotToken":{}},"params":{}}',
  '{"request":{"apiVer":"1.0.0"},"params":[]}',
  '{"request":{"apiVer":"1.0.0"},"params":"x"}',
  '{"request":{"apiVer":"1.0.0","__proto__":{"apiVer":2}},"params":{"__proto__":{"a":1}}}',
];

describe('parseEnvelope', () => {
  it.each(BODIES)('accepts and builds exactly what the zod schema does: %s', (text) => {
    const fast = parseEnvelope(text);
    const zod = viaZod(text);
    expect(fast.ok).toBe(zod.ok);
    if (fast.ok && zod.ok) {
      expect(fast.envelope).toStrictEqual(zod.envelope);
      expect(Object.keys(fast.envelope.request)).toEqual(Object.keys(zod.envelope!.request));
    }
  });

  it('words a refused envelope with the field and the reason', () => {
    const parsed = parseEnvelope('{"request":{"apiVer":1,"language":"en-US"}}');
    expect(parsed).toMatchObject({ ok: false, language: 'en-US' });
    expect(!parsed.ok && parsed.detail).toMatch(/^request\.apiVer: /);
  });
});
