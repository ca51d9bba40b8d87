import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { USER_NSID_META } from "../catalog/meta_keys.ts";
import { getMeta, setMeta, upsertItems } from "../catalog/writes.ts";
import type { ExportFiles, Located, ReadJson } from "./export_files.ts";
import { resolveAccount, saveAccount } from "./account.ts";
import { type ExportInputs, type ExportSource, ImportInputError } from "./sources.ts";

/** An export's files as `locate` finds them: an optional profile and some photo records. */
function exportOf(
  profile: Record<string, unknown> | null,
  photoIds: string[] = [],
  metadata = true,
) {
  const source = { label: "/dl/1_a_part1.zip" } as ExportSource;
  const at = (name: string): Located => ({ source, entry: { name, size: 0 } });
  const named = new Map<string, Located>(
    profile ? [["account_profile.json", at("account_profile.json")]] : [],
  );
  const files = {
    named,
    photos: photoIds.map((id) => at(`photo_${id}.json`)),
    parts: () => [],
  } as unknown as ExportFiles;
  const readJson: ReadJson = () => Promise.resolve(profile ?? undefined);
  const inputs = { metadata: metadata ? [source] : [] } as unknown as ExportInputs;
  return { files, readJson, inputs };
}

const PROFILE = { nsid: "1000@N01", screen_name: "ada", real_name: "Ada L", path_alias: "ada_l" };

Deno.test("resolveAccount and saveAccount: the export's own account, remembered for the next import", async () => {
  await withCatalog(async (catalog) => {
    const e = exportOf(PROFILE, ["11"]);
    const found = await resolveAccount(catalog.db, e.inputs, e.files, e.readJson);
    assertEquals(found.account, { nsid: "1000@N01", pathAlias: "ada_l" });
    await saveAccount(catalog.db, found);
    assertEquals(await getMeta(catalog.db, USER_NSID_META), "1000@N01");
    // A later part without the profile: the archive says whose it is.
    const later = exportOf(null, ["12"]);
    assertEquals(
      (await resolveAccount(catalog.db, later.inputs, later.files, later.readJson)).account.nsid,
      "1000@N01",
    );
  });
});

Deno.test("resolveAccount: another account's export, no metadata, or records of no known owner stop the import", async () => {
  await withCatalog(async (catalog) => {
    const refused = async (e: ReturnType<typeof exportOf>, says: string) => {
      const err = await assertRejects(
        () => resolveAccount(catalog.db, e.inputs, e.files, e.readJson),
        says,
      );
      assert(err instanceof ImportInputError && err.hint, String(err));
    };
    await refused(exportOf(null, [], false), "no metadata zip among the inputs");
    await refused(exportOf(null, ["11"]), "account_profile.json is missing");
    await setMeta(catalog.db, USER_NSID_META, "2000@N01");
    await refused(
      exportOf(PROFILE, ["11"]),
      "this archive holds the account 2000@N01, but the export is of 1000@N01",
    );
    // Media zips alone are fine once the archive holds the account's items.
    await upsertItems(catalog.db, [item("11", { owner: "2000@N01" })]);
    const media = exportOf(null, [], false);
    assertEquals(
      (await resolveAccount(catalog.db, media.inputs, media.files, media.readJson)).account.nsid,
      "2000@N01",
    );
  });
});
