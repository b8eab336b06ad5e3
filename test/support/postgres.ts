import pg from 'pg';

/*
 * The suite on PostgreSQL: with TEST_DATABASE_URL set (a server and a
 * database to connect to for administration, such as
 * postgres://postgres@127.0.0.1:55432/postgres), every local stack gets a
 * database of its own, copied from one template the global setup migrated,
 * and dropped when the stack stops. Copying a template takes a few
 * milliseconds; migrating each database afresh took far longer.
 */

export const TEMPLATE_DATABASE = 'mentoring_test_template';
/** The benchmarks' own, so a benchmark never drops the template a test run is copying. */
export const BENCH_TEMPLATE_DATABASE = 'mentoring_bench_template';

/** The URL of another database on the same server. */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let made = 0;

/** A new database copied from the migrated template, and how to drop it. */
export async function freshPostgres(adminUrl: string, template = TEMPLATE_DATABASE): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mentoring_test_${process.pid}_${++made}_${Date.now() % 100_000}`;
  await withAdmin(adminUrl, (client) => client.query(`create database "${name}" template "${template}"`));
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
