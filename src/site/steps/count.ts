/**
 * A count for a phase's estimate.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { type RawBuilder, sql } from "kysely";
import type { Catalog } from "../../catalog/db.ts";

/** The value of a count expression (the people and tags a phase will walk, about). */
export async function countOf(db: Catalog["db"], expr: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT ${expr} AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
