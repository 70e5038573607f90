import postgres from 'postgres';
import { driverUrl } from '../../core/db/connection-url.js';

/**
 * The plans Postgres chose for every statement one call ran, including the statements inside
 * functions (auto_explain with log_nested_statements, sent to this client as notices). Needs a
 * direct connection as a superuser: LOAD and the settings live in the session. `params` are
 * sent as text.
 */
export async function plansOf(
  directUrl: string,
  statement: string,
  params: readonly (string | number | null)[] = [],
): Promise<string[]> {
  const notices: string[] = [];
  const sql = postgres(driverUrl(directUrl), {
    max: 1,
    prepare: false,
    onnotice: (notice) => notices.push(String(notice.message)),
  });
  try {
    await sql.unsafe(
      `load 'auto_explain';
       set auto_explain.log_min_duration = 0;
       set auto_explain.log_nested_statements = on;
       set auto_explain.log_level = notice;
       set client_min_messages = notice`,
    );
    notices.length = 0;
    await sql.unsafe(statement, params as (string | number | null)[]);
    return notices.filter((notice) => notice.includes('Query Text:'));
  } finally {
    await sql.end({ timeout: 5 });
  }
}
