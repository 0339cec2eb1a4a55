// Multi-row inserts on the sync path, sent as ONE parameter: the rows as a JSON array, unpacked by
// PostgreSQL (json_to_recordset) into the table's own column types. Drizzle builds a multi-row
// insert value by value (a type check and a driver mapping per cell): a batch of 100 annotations is
// some 1,400 parameters, and that building was the largest share of the server's own CPU time
// under sync load. The statement text is made once per table and set of columns.
//
// Only the columns the rows carry are written, so the others take their defaults, as with drizzle.
// Values go through each column's own driver mapping (dates, JSON) before JSON.stringify.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client.ts';

type Row<T extends PgTable> = T['$inferInsert'];

type Statement = { head: string; shape: string; columns: Array<[string, { mapToDriverValue(v: unknown): unknown; name: string }]> };
const statements = new WeakMap<PgTable, Map<string, Statement>>();

function statementFor(table: PgTable, keys: string[]): Statement {
  let byKeys = statements.get(table);
  if (!byKeys) statements.set(table, (byKeys = new Map()));
  const signature = keys.join(',');
  let made = byKeys.get(signature);
  if (!made) {
    const all = getTableColumns(table);
    const columns = keys.map((k) => {
      const column = all[k];
      if (!column) throw new Error(`${getTableName(table)} has no column ${k}`);
      return [k, column] as [string, typeof column];
    });
    const names = columns.map(([, c]) => `"${c.name}"`).join(', ');
    const shape = columns.map(([, c]) => `"${c.name}" ${c.getSQLType()}`).join(', ');
    made = { head: `INSERT INTO "${getTableName(table)}" (${names}) SELECT ${names} FROM json_to_recordset(`, shape, columns };
    byKeys.set(signature, made);
  }
  return made;
}

/**
 * INSERT of these rows (every row with the same keys), with an optional tail (ON CONFLICT …,
 * RETURNING …) as SQL. Returns the driver's result.
 */
export async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: ReadonlyArray<Row<T>>, tail?: SQL): Promise<unknown> {
  if (rows.length === 0) return undefined;
  const keys = Object.keys(rows[0] as object).filter((k) => (rows[0] as Record<string, unknown>)[k] !== undefined);
  const { head, shape, columns } = statementFor(table, keys);
  const json = JSON.stringify(
    rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const [k, c] of columns) {
        const v = (r as Record<string, unknown>)[k];
        out[c.name] = v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : typeof v === 'object' ? v : c.mapToDriverValue(v);
      }
      return out;
    }),
  );
  return tx.execute(sql`${sql.raw(head)}${json}::json) AS x(${sql.raw(shape)})${tail ? sql` ${tail}` : sql``}`);
}
