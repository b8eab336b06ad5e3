import type { Config } from './config.js';
import { openDatabase, type OpenDatabase } from './db/client.js';
import type { Taxonomy } from './domain/taxonomy.js';
import { syncSkills } from './repos/profiles.js';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from './taxonomy/loadTaxonomy.js';

export interface Prepared {
  database: OpenDatabase;
  taxonomy: Taxonomy;
}

/**
 * Everything start-up must check before the bot serves anyone: the skill
 * taxonomy file, then the database with its migrations and the taxonomy
 * synchronised into it. Throws TaxonomyFileError with the file and entry.
 */
export type PrepareConfig = Pick<Config, 'skillTaxonomyPath' | 'databasePath' | 'databaseUrl'>;

export async function prepare(config: PrepareConfig): Promise<Prepared> {
  const taxonomy = loadTaxonomy(config.skillTaxonomyPath ?? DEFAULT_TAXONOMY_PATH);
  const database = await openDatabase(config);
  await syncSkills(database.db, taxonomy);
  return { database, taxonomy };
}
