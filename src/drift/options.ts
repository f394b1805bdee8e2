/**
 * The options of `aliyun-living-mock check`, as a schema read the way the server's are
 * (runtime/cli/options.ts): each is a flag, an ALIYUN_MOCK_ variable and a key of the --config
 * file, flags winning over the environment over the file. The app secret is never shown, not
 * even in an error about its value.
 */
import { z } from 'zod';
import { commaListOption, switchOption } from '../core/option-values.js';
import { DEFAULT_TARGET } from './check.js';

/** A list given as repeated flags (an array), or as one text of comma-separated entries (the environment). */
const commaList = commaListOption('expected an iotId');

const NEED_KEY = 'give the AppKey of your app (--app-key or ALIYUN_MOCK_APP_KEY)';
const NEED_SECRET = 'give the AppSecret of your app (--app-secret, ALIYUN_MOCK_APP_SECRET or "appSecret" in --config)';

/** The service a check or a recording talks to, and the app that signs for it: the same options for both. */
export const targetOptions = {
  target: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.link.aliyun.com' })
    .default(DEFAULT_TARGET)
    .meta({ valueName: 'url' }),
  appKey: z.string({ error: NEED_KEY }).trim().min(1, { error: NEED_KEY }).meta({ valueName: 'key', secret: true }),
  appSecret: z.string({ error: NEED_SECRET }).min(1, { error: NEED_SECRET }).meta({ valueName: 'secret' }),
};

/** Every option of `check`. */
export const CheckConfigSchema = z.object({
  target: targetOptions.target.describe('base URL of the service to check'),
  appKey: targetOptions.appKey.describe('AppKey that signs every call (required)'),
  appSecret: targetOptions.appSecret.describe('AppSecret of that app (required; never printed)'),
  iotId: commaList
    .optional()
    .meta({ valueName: 'iotId', repeatable: true, defaultText: 'none' })
    .describe('a device to read (repeat the flag for several; the variable takes them comma-separated)'),
  projectId: z.string().trim().min(1).optional().meta({ valueName: 'id', defaultText: 'no cloud token' }).describe('project of the cloud token every call carries'),
  allowWrites: switchOption().default(false).describe('also create an unpaid order and claim the free trial on each device (changes the account)'),
  report: z.string().min(1).optional().meta({ valueName: 'dir' }).describe('folder to write drift-check.json and drift-check.xml (JUnit) into'),
});

/** The check's validated options. */
export type CheckConfig = z.infer<typeof CheckConfigSchema>;
