import type { OpenDatabase } from '../../src/db/client.js';
import { rawSql } from './rawSql.js';

/*
 * Triggers that stand in for what happens in the middle of a transaction
 * (a crash, another replica's write), on either engine. Each returns how to
 * remove the trigger again.
 */

export interface Trigger {
  name: string;
  table: string;
  /** When it fires, as both engines write it: 'before insert', 'after insert', 'before update of status'… */
  on: string;
  /** A condition both engines read; it may name `new.column` and hold subqueries. */
  when: string;
  /** One statement both engines read, run for each row written while `when` holds. */
  then: string;
}

export async function addTrigger(database: OpenDatabase, trigger: Trigger): Promise<() => Promise<void>> {
  return addTriggerOf(database, trigger, { sqlite: trigger.then, pg: trigger.then });
}

/** A trigger that makes the write fail with `message` while `when` holds: a crash in the middle. */
export async function addFailingTrigger(database: OpenDatabase, trigger: Omit<Trigger, 'then'> & { message: string }): Promise<() => Promise<void>> {
  const quoted = trigger.message.replaceAll("'", "''");
  return addTriggerOf(database, trigger, { sqlite: `select raise(abort, '${quoted}')`, pg: `raise exception '${quoted}'` });
}

async function addTriggerOf(database: OpenDatabase, trigger: Omit<Trigger, 'then'>, then: { sqlite: string; pg: string }): Promise<() => Promise<void>> {
  const { name, table, on, when } = trigger;
  const sql = rawSql(database);
  if (database.engine === 'sqlite') {
    await sql.run(`create trigger ${name} ${on} on ${table} when ${when} begin ${then.sqlite}; end`);
    return async () => void (await sql.run(`drop trigger ${name}`));
  }
  // PostgreSQL: a trigger's WHEN may not hold a subquery, so the function tests the condition.
  await sql.run(`create function ${name}() returns trigger language plpgsql as $body$ begin if ${when} then ${then.pg}; end if; return new; end $body$`);
  await sql.run(`create trigger ${name} ${on} on ${table} for each row execute function ${name}()`);
  return async () => {
    await sql.run(`drop trigger ${name} on ${table}`);
    await sql.run(`drop function ${name}()`);
  };
}

/** Whether an error is, or was caused by, one whose message holds `message`: a failing trigger's, however the driver wraps it. */
export const failedWith =
  (message: string) =>
  (error: unknown): boolean => {
    for (let e: unknown = error; e instanceof Error; e = e.cause) if (e.message.includes(message)) return true;
    return false;
  };
