import { useFreshDatabases } from '../../demo/stack.js';
import { freshPostgres } from './postgres.js';

/* A setup file: on a PostgreSQL run (TEST_DATABASE_URL), every local stack gets its own database on that server. */
const adminUrl = process.env.TEST_DATABASE_URL;
if (adminUrl) useFreshDatabases(() => freshPostgres(adminUrl));
