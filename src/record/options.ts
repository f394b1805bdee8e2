/**
 * The options of record mode (`--record DIR --target URL`), read like the server's (flags, then
 * ALIYUN_MOCK_ variables): the folder, the service recorded and the app that signs for it. The
 * server's own options (port, host, timezone, logging) keep their meaning.
 */
import { z } from 'zod';
import { targetOptions } from '../drift/options.js';

/** Every option of record mode. */
export const RecordConfigSchema = z.object({
  record: z
    .string()
    .min(1)
    .optional()
    .meta({ valueName: 'dir', defaultText: 'off' })
    .describe('record mode: forward every API call to --target, re-signed with --app-key/--app-secret, answer what it answers and write it as fixtures into this folder'),
  target: targetOptions.target.describe('with --record: base URL of the service to record (also check\'s --target)'),
  appKey: targetOptions.appKey.describe('with --record: AppKey that signs every forwarded call (also check\'s)'),
  appSecret: targetOptions.appSecret.describe('with --record: AppSecret of that app (never printed, never written)'),
});

/** Record mode's validated options. */
export type RecordConfig = z.infer<typeof RecordConfigSchema>;
