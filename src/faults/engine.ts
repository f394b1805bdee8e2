/**
 * The fault engine: an ordered list of rules, first match wins. Pure: no Fastify, no timers;
 * the gateway asks it which rule fires and how long a delay lasts, then acts.
 */
import { globMatcher } from '../core/glob.js';
import { createRandom, randomSeed, type Random } from '../core/random.js';
import { MAX_FAULT_RULES, TOO_MANY_RULES, type Delay, type FaultMatch, type FaultRule, type StoredFaultRule } from './schema.js';

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
  /** Replaces every rule; refuses duplicate ids and more than MAX_FAULT_RULES rules, keeping the rules it had. */
  replace(rules: readonly FaultRule[]): { ok: true; rules: StoredFaultRule[] } | { ok: false; error: string };
  /** Appends one rule; refuses an id already in use ('taken') and a rule past MAX_FAULT_RULES ('full'). */
  add(rule: FaultRule): { ok: true; rule: StoredFaultRule } | { ok: false; reason: 'taken' | 'full'; error: string };
  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean;
  clear(): void;
  /** The first rule that matches and fires (probability drawn, times counted), or undefined. */
  select(request: FaultRequest): StoredFaultRule | undefined;
  /** A delay's length in ms, drawn from the seeded source when it is random. */
  sampleDelay(delay: Delay): number;
}

/**
 * True when every field the match names agrees with the request. `pathMatches` is the match's path
 * glob compiled once (globMatcher), as the engine keeps it beside each stored rule; absent, it is compiled here.
 */
export function matches(match: FaultMatch, request: FaultRequest, pathMatches: (path: string) => boolean = pathMatcher(match)): boolean {
  if (!pathMatches(request.path)) return false;
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

/** The match's path test: its glob compiled, or any path when it names none. */
function pathMatcher(match: FaultMatch): (path: string) => boolean {
  return match.path === undefined ? () => true : globMatcher(match.path);
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
  // Each rule's path glob, compiled when the rule is stored: a call matches against these, never compiling one.
  let pathMatchers = new Map<StoredFaultRule, (path: string) => boolean>();
  const compiled = (list: StoredFaultRule[]) => new Map(list.map((r) => [r, pathMatcher(r.match)]));
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
      if (next.length > MAX_FAULT_RULES) return { ok: false, error: `rules: ${next.length} given: ${TOO_MANY_RULES}` };
      const taken = new Set(given);
      rules = next.map((r) => store(r, taken));
      pathMatchers = compiled(rules);
      return { ok: true, rules };
    },
    add(rule) {
      const taken = new Set(rules.map((r) => r.id));
      if (rule.id !== undefined && taken.has(rule.id)) {
        return { ok: false, reason: 'taken', error: `id: a rule "${rule.id}" exists already; DELETE /__admin/faults/${rule.id} first or pick another id` };
      }
      if (rules.length >= MAX_FAULT_RULES) return { ok: false, reason: 'full', error: `rule: ${rules.length} rules are stored: ${TOO_MANY_RULES}` };
      const stored = store(rule, taken);
      rules = [...rules, stored];
      pathMatchers.set(stored, pathMatcher(stored.match));
      return { ok: true, rule: stored };
    },
    remove(id) {
      const gone = rules.find((r) => r.id === id);
      if (!gone) return false;
      rules = rules.filter((r) => r !== gone);
      pathMatchers.delete(gone);
      return true;
    },
    clear() {
      rules = [];
      pathMatchers = new Map();
    },
    select(request) {
      for (const rule of rules) {
        if (rule.times !== undefined && rule.fired >= rule.times) continue;
        if (!matches(rule.match, request, pathMatchers.get(rule))) continue;
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
