/**
 * The control plane's clock, fault and journal actions as plain functions over a world: the
 * /__admin routes and the MSW handlers' control object both call them. Input is validated with
 * zod and refused with a status and a message that names the field. No Fastify.
 */
import type { z } from 'zod';
import { outOfRangeReason, parseDuration, parseInstant } from '../core/zone-time.js';
import { FaultRule, FaultRules, describeIssues, type StoredFaultRule } from '../faults/schema.js';
import type { JournalPage } from '../journal/journal.js';
import type { World } from '../world.js';
import type { AdminClock } from './contract.js';
import { AdvanceClockBody, RequestsQuery, SetClockBody } from './schemas.js';
import type { AdminResult } from './state.js';

/** GET /__admin/clock */
export type ClockView = AdminClock;

type Failed = Extract<AdminResult<never>, { ok: false }>;

/** Validates input with a zod schema; a mismatch is a 400 listing each field and what it expects. */
export function validated<S extends z.ZodType>(schema: S, input: unknown, what: string): { ok: true; value: z.infer<S> } | Failed {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: 400, error: `${what}: ${describeIssues(parsed.error)}` };
}

/** The clock as the admin API shows it. */
export function clockView(world: World): ClockView {
  const { now, frozen } = world.clock.state();
  return { now: new Date(now).toISOString(), nowMs: now, frozen, timezone: world.zone.zone };
}

/** `ms` when the zone can show it (years 1970..9999); else a 400 naming the field and what was given. */
function showable(world: World, ms: number, name: string, given: string): { ok: true; value: number } | Failed {
  const outside = outOfRangeReason(world.zone, ms);
  return outside ? { ok: false, status: 400, error: `${name}: ${given} is out of range: ${outside}` } : { ok: true, value: ms };
}

/** An instant the admin API accepts: parsed, and inside the range dates can show; else a 400 naming the field. */
function instant(world: World, given: string | number, name: string): { ok: true; value: number } | Failed {
  const ms = parseInstant(given, world.clock.now(), world.zone);
  if (ms === null) return { ok: false, status: 400, error: `${name}: "${given}" is not an instant; use ISO 8601 (2024-11-15T02:00:00Z), epoch ms or now-1h` };
  return showable(world, ms, name, JSON.stringify(given));
}

/** PUT /__admin/clock: `{now, frozen?}`, now as ISO, epoch ms or relative ("now+3d"). */
export function setClock(world: World, input: unknown): AdminResult<ClockView> {
  const body = validated(SetClockBody, input, 'body');
  if (!body.ok) return body;
  const at = instant(world, body.value.now, 'now');
  if (!at.ok) return at;
  world.clock.set(at.value, body.value.frozen ?? world.clock.frozen);
  return { ok: true, value: clockView(world) };
}

/** POST /__admin/clock/advance: `{by: "40d"}` or `{ms: N}`; refused before anything moves when it would leave the range dates can show. */
export function advanceClock(world: World, input: unknown): AdminResult<ClockView> {
  const body = validated(AdvanceClockBody, input, 'body (give {"by": "40d"} or {"ms": N})');
  if (!body.ok) return body;
  const from = world.clock.now();
  let ms: number;
  if ('ms' in body.value) ms = body.value.ms;
  else {
    const parsed = parseDuration(body.value.by, from, world.zone);
    if (parsed === null) return { ok: false, status: 400, error: `by: "${body.value.by}" is not a duration; use a number and a unit: ms, s, m, h, d, w, M (months), y, e.g. "40d"` };
    ms = parsed;
  }
  const [field, given] = 'ms' in body.value ? ['ms', body.value.ms] : ['by', body.value.by];
  const to = showable(world, from + ms, field, `${JSON.stringify(given)} from ${new Date(from).toISOString()}`);
  if (!to.ok) return to;
  world.clock.advance(ms);
  return { ok: true, value: clockView(world) };
}

/** PUT /__admin/faults: every rule replaced. */
export function replaceFaults(world: World, input: unknown): AdminResult<{ rules: StoredFaultRule[] }> {
  const rules = validated(FaultRules, input, 'body (give {"rules": [...]})');
  if (!rules.ok) return rules;
  const replaced = world.faults.replace(rules.value);
  return replaced.ok ? { ok: true, value: { rules: replaced.rules } } : { ok: false, status: 400, error: replaced.error };
}

/** POST /__admin/faults: one rule appended; 409 when its id is taken, 400 when MAX_FAULT_RULES are stored. */
export function addFault(world: World, input: unknown): AdminResult<StoredFaultRule> {
  const rule = validated(FaultRule, input, 'rule');
  if (!rule.ok) return rule;
  const added = world.faults.add(rule.value);
  return added.ok ? { ok: true, value: added.rule } : { ok: false, status: added.reason === 'taken' ? 409 : 400, error: added.error };
}

/** DELETE /__admin/faults/:id */
export function removeFault(world: World, id: string): AdminResult<{ ok: true }> {
  if (!world.faults.remove(id)) return { ok: false, status: 404, error: `no fault rule "${id}"; GET /__admin/faults lists them` };
  return { ok: true, value: { ok: true } };
}

/** GET /__admin/requests: the journal, narrowed by the query's filters. */
export function listRequests(world: World, query: unknown): AdminResult<JournalPage> {
  const q = validated(RequestsQuery, query, 'query');
  if (!q.ok) return q;
  const since = q.value.since === undefined ? undefined : instant(world, q.value.since, 'since');
  if (since && !since.ok) return since;
  const until = q.value.until === undefined ? undefined : instant(world, q.value.until, 'until');
  if (until && !until.ok) return until;
  const { path, iotId, code, limit } = q.value;
  return { ok: true, value: world.journal.list({ path, iotId, code, sinceMs: since?.value, untilMs: until?.value, limit }) };
}
