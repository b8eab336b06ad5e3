import { openDatabase } from '../../src/db/client.js';
import { databaseUrl, TEMPLATE_DATABASE, withAdmin } from './postgres.js';

/** Vitest's global setup: on a PostgreSQL run, the template every test database is copied from, migrated once. */
export default async function setup(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) await createTemplate(adminUrl);
}

/** (Re)creates a migrated template database (the tests' own unless `name` says otherwise) on the server at `adminUrl`. */
export async function createTemplate(adminUrl: string, name = TEMPLATE_DATABASE): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  const template = await openDatabase({ databasePath: ':memory:', databaseUrl: databaseUrl(adminUrl, name) });
  // A template cannot be copied while anyone is connected to it.
  await template.close();
}
