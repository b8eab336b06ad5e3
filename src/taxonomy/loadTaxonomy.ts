import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import { buildTaxonomy, type Taxonomy } from '../domain/taxonomy.js';

/** The taxonomy shipped with the bot, used unless SKILL_TAXONOMY_PATH names another file. */
export const DEFAULT_TAXONOMY_PATH = fileURLToPath(new URL('../../config/skills.yaml', import.meta.url));

export class TaxonomyFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}

/** Reads a YAML (or JSON, which is YAML) taxonomy file; every problem names the file and the entry. */
export function loadTaxonomy(file: string = DEFAULT_TAXONOMY_PATH): Taxonomy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TaxonomyFileError(file, [`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}: ` : '';
    throw new TaxonomyFileError(file, [`${where}is not valid YAML (${(error as Error).message.split('\n')[0]})`]);
  }
  const result = buildTaxonomy(data);
  if (!result.ok) throw new TaxonomyFileError(file, result.problems);
  return result.taxonomy;
}
