/**
 * Who the archive's account is, by name, for the viewer: the photostream's heading and the "by"
 * line of one's own photos.
 *
 * The account owner is not in `people` (which holds the others who appear), so the name comes
 * from what each door recorded: `import` keeps `account_profile.json`'s real and screen names in
 * `meta`; `archive` has the `ownername` of every listed photo. A row in `people` for the owner,
 * where one exists, comes first.
 * @module
 */
import { type Kysely, sql } from "kysely";
import { displayName } from "./browse_people.ts";
import { USER_NSID_META } from "./meta_keys.ts";
import type { Database } from "./schema.ts";

/** `meta` keys `import` fills from the export's `account_profile.json`. */
export const ACCOUNT_REALNAME_META = "account_realname";
export const ACCOUNT_USERNAME_META = "account_username";

/** The account owner's NSID and the name to show for them. */
export interface AccountOwner {
  nsid: string;
  /** Real name, else user name, else the NSID. */
  name: string;
  realname: string | null;
  username: string | null;
}

/**
 * The archive's account, or null when the catalog names none yet (nothing archived or imported).
 *
 * @example
 * ```ts
 * const owner = await accountOwner(db); // { nsid: "12345678@N01", name: "Ada Lovelace", ... }
 * ```
 */
export async function accountOwner(db: Kysely<Database>): Promise<AccountOwner | null> {
  const meta = new Map(
    (await db.selectFrom("meta").select(["key", "value"])
      .where("key", "in", [USER_NSID_META, ACCOUNT_REALNAME_META, ACCOUNT_USERNAME_META])
      .execute()).map((r) => [r.key, r.value]),
  );
  const nsid = meta.get(USER_NSID_META);
  if (!nsid) return null;
  const person = await db.selectFrom("people").select(["realname", "username"])
    .where("nsid", "=", nsid).executeTakeFirst();
  const realname = text(person?.realname) ?? text(meta.get(ACCOUNT_REALNAME_META));
  let username = text(person?.username) ?? text(meta.get(ACCOUNT_USERNAME_META));
  if (!realname && !username) username = text(await listedOwnerName(db, nsid));
  return { nsid, name: displayName({ realname, username, nsid }), realname, username };
}

/**
 * The `ownername` the listing gave with the first of `nsid`'s items that has one, as given; null
 * when none has.
 */
export async function listedOwnerName(db: Kysely<Database>, nsid: string): Promise<string | null> {
  // INDEXED BY: the owner's items may be most of the table, but the first listed one will do.
  const listed = await sql<{ name: unknown }>`SELECT json_extract(listing_json,
      '$.ownername') AS name FROM items INDEXED BY items_owner
    WHERE owner = ${nsid} AND json_extract(listing_json, '$.ownername') != '' LIMIT 1`
    .execute(db);
  const name = listed.rows[0]?.name;
  return typeof name === "string" ? name : null;
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}
