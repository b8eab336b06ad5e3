import { defineConfig } from 'drizzle-kit';

/* The same schema (src/db/tables.ts) built for PostgreSQL; its migrations are a history of their own. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pgSchema.ts',
  out: './migrations/pg',
});
