/**
 * The doorbell family's fixture file, `families/doorbell.json` in a fixtures folder (or
 * `fixtures.families.doorbell` given to createHandlers): quiet periods the devices start with.
 * Without it, no device is quiet.
 */
import { z } from 'zod';
import type { Fixtures } from '../../../../src/fixtures/schema.js';
import { FixtureError } from '../../../../src/fixtures/validate.js';
/** The family's key in `world.families`, in a state file and in `Fixtures.families` (its file's name). */
export const DOORBELL_KEY = 'doorbell';
const FILE = `families/${DOORBELL_KEY}.json`;

const QuietEntry = z.strictObject({
  quietId: z.string().regex(/^[1-9]\d{11}$/, 'quietId is 12 digits, the first not 0'),
  iotId: z.string().min(1),
  start: z.string().min(1).describe('an ISO instant or a time relative to the start ("now-10m")'),
  minutes: z.number().int().min(1).max(1440),
});

/** The file's shape. */
const DoorbellFixtureFile = z.strictObject({ quiet: z.array(QuietEntry).default([]) });
export type DoorbellFixtures = z.infer<typeof DoorbellFixtureFile>;

/** The family's fixtures, checked against their schema and the devices; throws a FixtureError naming the file, the entry and the field. */
export function doorbellFixtures(fixtures: Fixtures): DoorbellFixtures {
  const raw = fixtures.families?.[DOORBELL_KEY];
  if (raw === undefined) return { quiet: [] };
  const parsed = DoorbellFixtureFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FixtureError(`${FILE}: field ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const devices = new Set(fixtures.devices.map((d) => d.iotId));
  parsed.data.quiet.forEach((q, i) => {
    if (!devices.has(q.iotId)) throw new FixtureError(`${FILE}: quiet.${i}: field iotId: unknown device "${q.iotId}"; add it to devices.json`);
  });
  return parsed.data;
}
