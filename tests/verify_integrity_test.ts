/**
 * Integrity suite: `flickrvault verify` finds every injected change (a flipped byte, a truncated
 * file, a deleted file, a file replaced by another) and nothing else, says which items and how to
 * repair them; the next `archive` fetches exactly what verify flagged, and verify is then clean.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { runMain } from "./cli_process.ts";
import { recordingFetch, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";

interface FileRef {
  id: number;
  item_id: string;
  kind: string;
  path: string;
}

Deno.test("integrity: verify finds each injected change and only those; archive repairs exactly them", async () => {
  await withSimulator({ photos: 12, videos: 1, favorites: 2, seed: 23 }, async (f) => {
    const opts = {
      ...f.runOptions,
    };
    assertEquals((await runArchive(opts)).status, "done");
    const clean = await runMain(["verify", "--json", "--archive", f.archive], {});
    assertEquals(clean.code, 0, clean.stdout);

    // Four files of four different photos, of different kinds.
    const catalog = await openCatalog(f.archive, { create: false, readonly: true });
    let files: FileRef[];
    let current: number;
    try {
      current = (await catalog.db.selectFrom("files").select("id").where("is_current", "=", 1)
        .execute()).length;
      files = await catalog.db.selectFrom("files").innerJoin("items", "items.id", "files.item_id")
        .select(["files.id", "files.item_id", "files.kind", "files.path"])
        .where("files.is_current", "=", 1).where("items.media", "=", "photo")
        .orderBy("files.id").execute();
    } finally {
      await catalog.close();
    }
    const pick = (kind: string, taken: FileRef[]) =>
      files.find((r) => r.kind === kind && !taken.some((t) => t.item_id === r.item_id))!;
    const flipped = pick("original", []);
    const truncated = pick("display", [flipped]);
    const deleted = pick("thumb", [flipped, truncated]);
    const replaced = pick("original", [flipped, truncated, deleted]);
    const abs = (r: FileRef) => `${f.archive}/${r.path}`;

    const bytes = await Deno.readFile(abs(flipped));
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    await Deno.writeFile(abs(flipped), bytes);
    const t = await Deno.readFile(abs(truncated));
    await Deno.writeFile(abs(truncated), t.subarray(0, Math.floor(t.length / 2)));
    await Deno.remove(abs(deleted));
    await Deno.copyFile(abs(flipped), abs(replaced));

    // verify --json: exactly these, each under the right heading.
    const report = await runMain(["verify", "--json", "--archive", f.archive], {});
    assertEquals(report.code, 1, "verify exits 1 when something is wrong");
    const json = JSON.parse(report.stdout);
    const ids = (list: { file_id: number }[]) => list.map((p) => p.file_id).sort((a, b) => a - b);
    assertEquals(ids(json.missing), [deleted.id]);
    assertEquals(ids(json.altered), [flipped.id, truncated.id, replaced.id].sort((a, b) => a - b));
    assertEquals(json.checked, current, "every current file checked");
    assertEquals(json.ok, json.checked - 4, "everything else is fine");

    // The text report names each item and file, and how to repair.
    const text = await runMain(["verify", "--archive", f.archive], {});
    assertEquals(text.code, 1);
    for (const r of [flipped, truncated, deleted, replaced]) {
      const line = text.stdout.split("\n").find((l) => l.includes(r.path));
      assert(line, `${r.path} is listed:\n${text.stdout}`);
      assertStringIncludes(line, r.item_id);
    }
    assertStringIncludes(text.stdout, "1 missing, 3 altered");
    assert(/flickrvault archive/.test(text.stdout), "says how to repair");

    // archive fetches exactly the four flagged files again, and nothing else.
    const traffic = recordingFetch();
    const repair = await runArchive({ ...opts, fetch: traffic.fetch, files: traffic.files });
    assertEquals(repair.status, "done");
    assertEquals(repair.attention, []);
    const fetched = traffic.events.filter((e) => e.type === "file-done" && e.status === 200);
    assertEquals(fetched.length, 4, `fetched: ${fetched.map((e) => "url" in e ? e.url : "")}`);
    assertEquals(repair.files, 4);
    const again = await runMain(["verify", "--json", "--archive", f.archive], {});
    assertEquals(again.code, 0, again.stdout);
    const after = JSON.parse(again.stdout);
    assertEquals([after.missing.length, after.altered.length], [0, 0]);
    console.log(
      `integrity: ${json.checked} files; verify flagged exactly the flipped byte (${flipped.kind}), ` +
        `truncated (${truncated.kind}), deleted (${deleted.kind}) and replaced (${replaced.kind}) ` +
        `files, listed with item and path and "run flickrvault archive"; archive fetched exactly ` +
        `those 4 again; verify then clean`,
    );
  });
});
