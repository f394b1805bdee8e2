/**
 * The fault engine: an ordered list of rules, first match wins. Pure: no Fastify, no timers;
 * the gateway asks it which rule fires and how long a delay lasts, then acts.
 */
import { globMatcher } from '../core/glob.js';
import { createRandom, randomSeed, type Random } from '../core/random.js';
import type { Delay, FaultMatch, FaultRule, StoredFaultRule } from './schema.js';

/** What a rule can match on, as the gateway learned it from one request. */
export interface FaultRequest {
  path: string;
  apiVer?: string;
  iotId?: string;
  appKey?: string;
  /** A request header by lower-case name. */
  header(name: string): string | undefined;
}

/** The fault rules of one world and the seeded random source their probabilities draw from. */
export interface FaultEngine {
  /** The rules in match order, with how often each fired. */
  list(): readonly StoredFaultRule[];
  /** Replaces every rule; refuses duplicate ids. */
  replace(rules: readonly FaultRule[]): { ok: true; rules: StoredFaultRule[] } | { ok: false; error: string };
  /** Appends one rule; refuses an id already in use. */
  add(rule: FaultRule): { ok: true; rule: StoredFaultRule } | { ok: false; error: string };
  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean;
  clear(): void;
  /** The first rule that matches and fires (probability drawn, times counted), or undefined. */
  select(request: FaultRequest): StoredFaultRule | undefined;
  /** A delay's length in ms, drawn from the seeded source when it is random. */
  sampleDelay(delay: Delay): number;
}

/** True when every field the match names agrees with the request. */
export function matches(match: FaultMatch, request: FaultRequest): boolean {
  if (match.path !== undefined) {
    if (!globMatcher(match.path)(request.path)) return false;
  }
  if (match.apiVer !== undefined && match.apiVer !== request.apiVer) return false;
  if (match.iotId !== undefined && match.iotId !== request.iotId) return false;
  if (match.appKey !== undefined && match.appKey !== request.appKey) return false;
  if (match.header !== undefined) {
    const value = request.header(match.header.name.toLowerCase());
    if (value === undefined) return false;
    if (match.header.value !== undefined && value !== match.header.value) return false;
  }
  return true;
}

/** A standard normal draw (Box-Muller) from a seeded source. */
function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A delay's length: fixed as given, uniform in [min, max], lognormal median·e^(σN) capped. */
export function sampleDelay(delay: Delay, random: Random): number {
  if (typeof delay === 'number') return delay;
  switch (delay.kind) {
    case 'fixed':
      return delay.ms;
    case 'uniform':
      return Math.round(delay.min + random.next() * (delay.max - delay.min));
    case 'lognormal':
      return Math.min(delay.cap, Math.round(delay.median * Math.exp(delay.sigma * normal(random))));
  }
}

/** A fault engine seeded with `seed` (absent: random); the same seed and requests fire the same rules. */
export function createFaultEngine(seed?: number, initial: readonly FaultRule[] = []): FaultEngine {
  const random = createRandom(seed ?? randomSeed());
  let rules: StoredFaultRule[] = [];
  let nextId = 1;
  const freshId = (taken: Set<string>): string => {
    for (;;) {
      const id = `f${nextId++}`;
      if (!taken.has(id)) return id;
    }
  };
  const store = (rule: FaultRule, taken: Set<string>): StoredFaultRule => {
    const id = rule.id ?? freshId(taken);
    taken.add(id);
    return { ...rule, id, fired: 0 };
  };
  const engine: FaultEngine = {
    list: () => rules,
    replace(next) {
      const given = next.flatMap((r) => (r.id === undefined ? [] : [r.id]));
      const dup = given.find((id, i) => given.indexOf(id) !== i);
      if (dup !== undefined) return { ok: false, error: `rules: id "${dup}" is used twice; ids must be unique` };
      const taken = new Set(given);
      rules = next.map((r) => store(r, taken));
      return { ok: true, rules };
    },
    add(rule) {
      const taken = new Set(rules.map((r) => r.id));
      if (rule.id !== undefined && taken.has(rule.id)) {
        return { ok: false, error: `id: a rule "${rule.id}" exists already; DELETE /__admin/faults/${rule.id} first or pick another id` };
      }
      const stored = store(rule, taken);
      rules = [...rules, stored];
      return { ok: true, rule: stored };
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    select(request) {
      for (const rule of rules) {
        if (rule.times !== undefined && rule.fired >= rule.times) continue;
        if (!matches(rule.match, request)) continue;
        // Drawn only for requests that match, so unrelated traffic does not shift the sequence.
        if (rule.probability !== undefined && random.next() >= rule.probability) continue;
        rule.fired += 1;
        return rule;
      }
      return undefined;
    },
    sampleDelay: (delay) => sampleDelay(delay, random),
  };
  const loaded = engine.replace(initial);
  if (!loaded.ok) throw new Error(loaded.error);
  return engine;
}
