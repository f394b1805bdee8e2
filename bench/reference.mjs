// The issue's own reference points, measured in the same run as the baseline and the emulator:
// a Fastify 5 route with zod validation of the envelope, two UUIDs and two dates formatted with
// dayjs, answering the envelope; no journal, no sessions, no business rules. The dates are in the
// process's zone: dayjs's timezone plugin costs hundreds of µs per call, which would make this a
// reference no route should be measured against. With `--log`, Fastify's default request
// logging (two lines per request) to stdout.
// Usage: node bench/reference.mjs <port> [--log]
import { randomUUID } from 'node:crypto';
import dayjs from 'dayjs';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

const port = Number(process.argv[2] ?? 0);
const app = Fastify({ logger: process.argv.includes('--log') ? { level: 'info' } : false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(serializerCompiler);

const Envelope = z.object({
  id: z.string(),
  version: z.string(),
  request: z.object({ apiVer: z.string(), language: z.string().optional() }),
  params: z.object({
    iotId: z.string().min(1),
    commodityCode: z.string().min(1),
    copies: z.number().int().min(1).max(60),
    userName: z.string().nullish(),
    userId: z.string().nullish(),
    immediateUse: z.boolean().nullish(),
  }),
});

const FORMAT = 'YYYY-MM-DD HH:mm:ss';
app.post('/*', { schema: { body: Envelope } }, async (request) => {
  const start = dayjs();
  return {
    id: randomUUID(),
    code: 200,
    message: null,
    localizedMsg: null,
    data: {
      orderId: randomUUID(),
      iotId: request.body.params.iotId,
      copies: request.body.params.copies,
      startTime: start.format(FORMAT),
      endTime: start.add(request.body.params.copies, 'month').format(FORMAT),
    },
  };
});

await app.listen({ port, host: '127.0.0.1' });
console.error(`reference listening on http://127.0.0.1:${port}`);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close().then(() => process.exit(0)));
