// Several fixed reads of one request sent as ONE statement. Every statement costs PostgreSQL a
// parse and a plan (drizzle's statements are unnamed, so each is planned anew), the server a
// round-trip, and drizzle the building of its text and parameters; reads that only need the
// request's ids need not pay that one by one. Folded, each read is a subquery whose rows come back
// as one JSON array: one row, one column per read.
//
// JSON is not what drizzle hands back, so each caller decodes its own rows (see fromJson below):
//   - keys are the subquery's column names: alias them to the camelCase the code uses;
//   - a timestamp is an ISO 8601 string whatever the DateStyle (new Date() of it is drizzle's instant);
//   - jsonb is nested as it is (drizzle gives the same parsed value);
//   - integers are JSON numbers, bigint too (sum, count): Number() gives what it gives of drizzle's string;
//   - double precision is a JSON number, but NaN and ±Infinity come as strings: Number() of either.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from './client.ts';

/** Runs the reads (each a SELECT) as one statement; each read's rows, as JSON objects. */
export async function readFolded<K extends string>(db: DbOrTx, reads: Record<K, SQL>): Promise<Record<K, unknown[]>> {
  const keys = Object.keys(reads) as K[];
  // coalesce: json_agg of no rows is null.
  const columns = keys.map((k) => sql`(select coalesce(json_agg(r), '[]') from (${reads[k]}) r) as ${sql.identifier(k)}`);
  const [row] = rowsOf<Record<K, unknown[] | string>>(await db.execute(sql`select ${sql.join(columns, sql`, `)}`));
  if (!row) throw new Error('a folded read answered no row');
  const out = {} as Record<K, unknown[]>;
  // Both drivers parse a json column; a string here would mean one of them stopped doing so.
  for (const k of keys) {
    const v: unknown = row[k];
    out[k] = (typeof v === 'string' ? JSON.parse(v) : v) as unknown[];
  }
  return out;
}

/**
 * A list as one array parameter, to use as `= any(${textArray(ids)}::uuid[])`: the statement's text
 * and parameters do not grow with the list (drizzle's inArray sends one parameter per value). Each
 * value is quoted, so any text is passed as it is; a value that is not of the cast's type fails the
 * statement, as it does when inArray compares it with a typed column.
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** Decoding a folded read's JSON values into the types drizzle gives for the column. */
export const fromJson = {
  date: (v: unknown): Date => new Date(v as string),
  number: (v: unknown): number => Number(v),
};
