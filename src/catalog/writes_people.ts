/**
 * People (owners, commenters, favers, people tagged): merged into what the catalog knows, never
 * erasing a stored value with a missing one.
 * @module
 */
import { sql } from "kysely";
import type { NewPerson } from "./schema.ts";
import { chunks, type Db, defined, excluded, inTransaction, now } from "./writes_batch.ts";

/** Columns of `people` besides the key. */
const PERSON_COLUMNS = [
  "username",
  "realname",
  "path_alias",
  "location",
  "iconserver",
  "iconfarm",
  "is_deleted",
  "ispro",
  "info_json",
  "avatar_path",
  "avatar_sha256",
] as const;

/** Options of {@link upsertPeople}. */
export interface UpsertPeopleOptions {
  /**
   * Only fill fields the catalog does not know yet (a commenter's name from a comment must not
   * replace what people.getInfo said). Default false: known values win over stored ones.
   */
  onlyFill?: boolean;
}

/**
 * Inserts people, or merges into the stored row. A `null` or missing field never erases a stored
 * value; with `onlyFill`, stored values also win over new ones. Rows for the same nsid in one call
 * are merged, later fields first. Without `onlyFill`, a row that names another icon server or farm
 * than the stored one clears `avatar_sha256` (keeping `avatar_path`): the icon is due again.
 */
export async function upsertPeople(
  db: Db,
  rows: readonly NewPerson[],
  opts: UpsertPeopleOptions = {},
): Promise<void> {
  if (rows.length === 0) return;
  const merged = new Map<string, NewPerson>();
  for (const row of rows) {
    const before = merged.get(row.nsid);
    const clean = defined(row);
    merged.set(row.nsid, before ? mergePerson(before, clean, opts.onlyFill ?? false) : clean);
  }
  const stamp = now();
  const full = [...merged.values()].map((r) => {
    const out: Record<string, unknown> = { nsid: r.nsid, updated_at: r.updated_at ?? stamp };
    for (const c of PERSON_COLUMNS) out[c] = r[c] ?? null;
    return out;
  });
  const merge = (c: string) =>
    opts.onlyFill
      ? sql`coalesce(people.${sql.ref(c)}, ${excluded(c)})`
      : sql`coalesce(${excluded(c)}, people.${sql.ref(c)})`;
  const nullable = PERSON_COLUMNS.filter((c) => c !== "is_deleted");
  const set: Record<string, unknown> = Object.fromEntries(nullable.map((c) => [c, merge(c)]));
  set.updated_at = excluded("updated_at");
  if (!opts.onlyFill) {
    // A new icon server or farm means a new buddy icon: the stored one is marked stale (its hash
    // cleared, its file kept and shown until the next download replaces it).
    set.avatar_sha256 = sql`CASE WHEN ${excluded("iconserver")} IS NOT NULL
      AND (people.iconserver IS NOT ${excluded("iconserver")}
        OR people.iconfarm IS NOT coalesce(${excluded("iconfarm")}, people.iconfarm))
      THEN ${excluded("avatar_sha256")} ELSE ${merge("avatar_sha256")} END`;
  }
  // is_deleted is NOT NULL DEFAULT 0: rows that do not say are inserted as 0 and keep the stored
  // value on update; rows that say overwrite it (unless onlyFill).
  const said = full.filter((r) => r.is_deleted !== null);
  const unsaid = full.filter((r) => r.is_deleted === null).map((r) => ({ ...r, is_deleted: 0 }));
  await inTransaction(db, async (trx) => {
    for (
      const [rowsOfKind, isDeleted] of [[said, opts.onlyFill ? "keep" : "new"], [
        unsaid,
        "keep",
      ]] as const
    ) {
      for (const part of chunks(rowsOfKind, PERSON_COLUMNS.length + 2)) {
        await trx.insertInto("people").values(part as NewPerson[])
          .onConflict((oc) =>
            oc.column("nsid").doUpdateSet({
              ...set,
              is_deleted: isDeleted === "new"
                ? excluded("is_deleted")
                : sql.ref("people.is_deleted"),
            } as never)
          )
          .execute();
      }
    }
  });
}

function mergePerson(a: NewPerson, b: NewPerson, onlyFill: boolean): NewPerson {
  return onlyFill ? { ...b, ...a } : { ...a, ...b };
}
