/**
 * Whose export this is: the account from `account_profile.json`, else what an earlier import or
 * archive run recorded in `meta`. An export of another account, or photo records with no known
 * owner, stop the import before anything is written.
 * @module
 */
import { USER_NSID_META } from "../catalog/meta_keys.ts";
import { type Kysely, sql } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { getMeta, saveApiResponses, setMeta } from "../catalog/writes.ts";
import type { ExportFiles, ReadJson } from "./export_files.ts";
import type { AccountIdentity } from "./map_photo.ts";
import { type AccountProfileJson, text } from "./records.ts";
import { type ExportInputs, ImportInputError } from "./sources.ts";

/** The account of an import, and its profile when the export holds one. */
export interface ImportAccount {
  /** `nsid` is empty when neither the export nor the archive names the account. */
  account: AccountIdentity;
  profile?: AccountProfileJson;
}

/**
 * Finds the account and checks that the inputs can be imported into this archive. Throws
 * {@link ImportInputError} when the export is of another account, when there is no metadata to
 * match media files against, or when photo records come without `account_profile.json`.
 */
export async function resolveAccount(
  db: Kysely<Database>,
  inputs: ExportInputs,
  files: ExportFiles,
  readJson: ReadJson,
): Promise<ImportAccount> {
  const profileAt = files.named.get("account_profile.json");
  const profile = profileAt ? await readJson(profileAt) as AccountProfileJson : undefined;
  const stored = await getMeta(db, USER_NSID_META);
  const nsid = text(profile?.nsid) ?? stored;
  if (stored && nsid && stored !== nsid) {
    throw new ImportInputError(
      `Cannot import: this archive holds the account ${stored}, but the export is of ${nsid}`,
      "pass --archive DIR for that account's own archive",
    );
  }
  const ownCount = Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM items WHERE is_mine = 1`.execute(db))
      .rows[0].n,
  );
  if (inputs.metadata.length === 0 && ownCount === 0) {
    throw new ImportInputError(
      "Cannot import: no metadata zip among the inputs (the <digits>_<hex>_part1.zip with " +
        "photo_<id>.json files), so the media files match no photo",
      "add the metadata zips Flickr sent beside the data-download zips",
    );
  }
  if (!nsid && files.photos.length > 0) {
    throw new ImportInputError(
      "Cannot import: account_profile.json is missing, so the photos' owner is unknown",
      "add the metadata zip that ends in _part1.zip",
    );
  }
  const pathAlias = text(profile?.path_alias) || await getMeta(db, "account_path_alias") || null;
  return { account: { nsid: nsid ?? "", pathAlias }, profile };
}

/** Records the account's names from its profile in `meta`, and keeps the profile itself. */
export async function saveAccount(
  db: Kysely<Database>,
  { account, profile }: ImportAccount,
): Promise<void> {
  if (!profile || !account.nsid) return;
  await setMeta(db, USER_NSID_META, account.nsid);
  if (text(profile.screen_name)) await setMeta(db, "account_username", profile.screen_name!);
  if (text(profile.real_name)) await setMeta(db, "account_realname", profile.real_name!);
  if (account.pathAlias) await setMeta(db, "account_path_alias", account.pathAlias);
  await saveApiResponses(db, [{ method: "export", key: "account_profile.json", body: profile }]);
}
