import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { DB } from './db/client.js';
import type { Taxonomy } from './domain/taxonomy.js';
import type { Logger } from './logger.js';
import type { PoolIndex } from './services/poolIndex.js';

/** What every listener and job is given. Nothing reaches for globals instead. */
export interface Deps {
  config: Config;
  db: DB;
  clock: Clock;
  logger: Logger;
  taxonomy: Taxonomy;
  /** The app's kept matching pools for `/mentor match` (started and stopped with the app); without it suggestions are computed afresh. */
  poolIndex?: PoolIndex;
  /** True once the process is shutting down: a drain stops between messages, leaving the rest queued. */
  stopping?: () => boolean;
}
