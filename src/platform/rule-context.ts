/** What a business rule sees of its world for one call; each family adds its own state to it. */
import type { IdSource } from '../core/ids.js';
import type { ZoneTime } from '../core/zone-time.js';
import type { Directory } from './directory.js';

/** The directory, the instant, the zone and the id source of one call. No clock: one instant for the whole operation. */
export interface RuleContext {
  directory: Directory;
  /** The clock's reading for this call. */
  now: number;
  zone: ZoneTime;
  ids: IdSource;
  /** The calling app's project, when the caller is known (signed requests); devices of other projects are 403. */
  callerProjectId?: string;
}
