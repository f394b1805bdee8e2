/**
 * What changed in a world since the admin page last looked: the page polls one small answer a
 * second instead of every device's orders. Plain functions over the world: no Fastify.
 *
 * A device's view is rendered again only when something may have changed it: an API call that
 * named it and answered code 200, an admin change, or the clock reaching one of its orders'
 * boundaries (a period's start or end, a payment settling). Its fingerprint (the view less the
 * seconds that tick, `preConsume`) then says whether it really changed; only then does its
 * version move, and only then does the page hear of it.
 */
import type { DeviceFixture } from '../fixtures/schema.js';
import type { World } from '../world.js';
import type { AdminChanges, AdminDevice } from './contract.js';
import { clockView } from './control.js';
import type { ChangesQuery } from './schemas.js';
import { adminDevice, devicesPage } from './state.js';

/** Fields that move every second with a running clock: the page shows them, but they are not a change. */
const TICKING = new Set(['preConsume']);

/** The orders of a device view, every lane's. */
function ordersOf(view: AdminDevice): Array<Record<string, unknown>> {
  return [...view.orders, ...view.lanes.flatMap((lane) => lane.orders)];
}

/**
 * The first instant after `now` at which the view would read differently with nothing else
 * happening: an order's period starting or ending, or the next poll while a payment settles.
 */
export function nextBoundary(view: AdminDevice, now: number): number {
  let next = Number.POSITIVE_INFINITY;
  for (const order of ordersOf(view)) {
    if (order.paymentStatus === 2) return now + 1;
    const periods = Array.isArray(order.periods) ? (order.periods as Array<{ start: string; end: string }>) : [];
    for (const period of periods) {
      for (const at of [Date.parse(period.start), Date.parse(period.end)]) if (at > now && at < next) next = at;
    }
  }
  return next;
}

/** FNV-1a of the view less its ticking fields: equal views, equal fingerprints. */
export function fingerprint(view: AdminDevice): number {
  const text = JSON.stringify(view, (key, value: unknown) => (TICKING.has(key) ? undefined : value));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Which devices of the snapshot one answer holds. */
export type Page = Pick<ChangesQuery, 'offset' | 'limit'>;

interface Seen {
  hash: number;
  /** The version at which the view last changed. */
  version: number;
  /** When the view would next read differently by the clock alone. */
  checkAt: number;
}

/** A world's changes, as versions: every change moves the version on by one. */
export interface ChangeTracker {
  /** Devices an API call or an admin change may have changed; they are looked at on the next read. */
  touch(iotIds: Iterable<string>): void;
  /** Anything may have changed (the clock moved, the world was reset): every device is looked at. */
  touchAll(): void;
  /**
   * What changed after `since` ("epoch.version"); from another epoch, or none, the `page` of the
   * snapshot (every device, paged as GET /__admin/devices is, so no answer holds them all).
   */
  since(since: string | undefined, page: Page): AdminChanges;
}

/** The change tracker of one world; `newEpoch` names it, so that a version from another tracker is never read as this one's. */
export function createChangeTracker(world: World, newEpoch: () => string): ChangeTracker {
  const epoch = newEpoch();
  let version = 0;
  let directory = world.directory;
  /** The devices the tracker has looked at; one it has not is in nobody's view yet (see `record`). */
  const seen = new Map<string, Seen>();
  const dirty = new Set<string>();
  let allDirty = false;
  /** The device ids in order, and the version at which that list last changed. */
  let order: string[] = [];
  let orderVersion = 0;
  let faultsKey = '';
  let faultsVersion = 0;
  let journalKey = '';
  let journalVersion = 0;

  /** Looks at a device again; its version moves on when its view changed, or when it was never looked at (`firstSight` says to which version, then). */
  const look = (device: DeviceFixture, now: number, firstSight: () => number = () => ++version): AdminDevice => {
    const view = adminDevice(world, device);
    const hash = fingerprint(view);
    const before = seen.get(device.iotId);
    const at = before === undefined ? firstSight() : before.hash !== hash ? ++version : before.version;
    seen.set(device.iotId, { hash, version: at, checkAt: nextBoundary(view, now) });
    return view;
  };

  /**
   * A device as a snapshot page shows it. One never looked at, and not touched since the tracker began
   * (nor the world reset), is as it was when the tracker began: nobody holds a view of it but the readers of
   * this page, so it is no change (version 0) and the next poll does not send it again. This is what lets
   * the first read after a start look only at its own page, not at every device of the world.
   */
  const record = (device: DeviceFixture, now: number): AdminDevice =>
    look(device, now, () => (allDirty || dirty.has(device.iotId) ? ++version : 0));

  /** A reset builds a new directory: every device may differ. */
  const noticeReset = (): void => {
    if (world.directory === directory) return;
    directory = world.directory;
    allDirty = true;
  };

  /** Brings every device's version up to date with the world as it is now; answers the views it rendered. */
  const catchUpDevices = (): Map<string, AdminDevice> => {
    const now = world.clock.now();
    const fresh = new Map<string, AdminDevice>();
    const devices = world.directory.devices;
    for (const [iotId, device] of devices) {
      const known = seen.get(iotId);
      if (allDirty || dirty.has(iotId) || known === undefined || known.checkAt <= now) fresh.set(iotId, look(device, now));
    }
    allDirty = false;
    dirty.clear();
    return fresh;
  };

  /** Brings the device list's, the rules' and the journal's versions up to date. */
  const catchUpRest = (): void => {
    const devices = world.directory.devices;
    for (const iotId of seen.keys()) if (!devices.has(iotId)) seen.delete(iotId);
    if (order.length !== devices.size || !order.every((id) => devices.has(id))) {
      order = [...devices.keys()];
      orderVersion = ++version;
    }
    const faults = JSON.stringify(world.faults.list());
    if (faults !== faultsKey) {
      faultsKey = faults;
      faultsVersion = ++version;
    }
    const newest = world.journal.list({ limit: 1 }).requests[0];
    const journal = `${world.journal.size}:${newest?.id ?? ''}`;
    if (journal !== journalKey) {
      journalKey = journal;
      journalVersion = ++version;
    }
  };

  return {
    touch(iotIds) {
      for (const iotId of iotIds) dirty.add(iotId);
    },
    touchAll() {
      allDirty = true;
    },
    since(since, page) {
      const match = since === undefined ? undefined : /^(.+)\.(\d+)$/.exec(since);
      const from = match && match[1] === epoch ? Number(match[2]) : -1;
      noticeReset();
      if (from === -1) {
        // A snapshot page looks at its own devices only. Its stamp is the version once they are recorded:
        // a reader polling with the first page's stamp hears of every change made while it read the
        // others (at worst twice: in a later page and in the poll). Only the first page's stamp is used,
        // so only it brings the list's, rules' and journal's versions up to date (a walk of every device).
        const now = world.clock.now();
        const devices = devicesPage(world, page).map((device) => record(device, now));
        if (page.offset === 0) catchUpRest();
        return { ...shared(from), full: true, total: world.directory.devices.size, offset: page.offset, limit: page.limit, devices };
      }
      const fresh = catchUpDevices();
      catchUpRest();
      const devices: AdminDevice[] = [];
      for (const [iotId, entry] of seen) {
        if (entry.version > from) devices.push(fresh.get(iotId) ?? adminDevice(world, world.directory.devices.get(iotId)!));
      }
      return { ...shared(from), full: false, devices, ...(orderVersion > from ? { order } : {}) };
    },
  };

  /** What every answer carries: the stamp, the clock, the rules when they changed after `from`, the journal's version. */
  function shared(from: number) {
    return {
      since: `${epoch}.${version}`,
      clock: clockView(world),
      ...(faultsVersion > from ? { faults: [...world.faults.list()] } : {}),
      journal: { version: journalVersion, size: world.journal.size },
    };
  }
}

/** The trackers of every world the admin API was asked about; a world nobody holds any more takes its tracker with it. */
export interface ChangeFeed {
  /** The world's tracker, made on first use. */
  of(world: World): ChangeTracker;
  /** The world's tracker when someone has read its changes; else nothing needs telling. */
  existing(world: World): ChangeTracker | undefined;
}

/** A feed of trackers, one per world. */
export function createChangeFeed(newEpoch: () => string = () => globalThis.crypto.randomUUID().slice(0, 8)): ChangeFeed {
  const trackers = new WeakMap<World, ChangeTracker>();
  return {
    of(world) {
      let tracker = trackers.get(world);
      if (!tracker) {
        tracker = createChangeTracker(world, newEpoch);
        trackers.set(world, tracker);
      }
      return tracker;
    },
    existing: (world) => trackers.get(world),
  };
}
