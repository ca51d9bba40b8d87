/**
 * `status`, `list` and `verify` as a person runs them: `deno run -A main.ts <command>` against a real
 * archive in a temp dir, checking exit codes and output.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/assert.ts";
import { openCatalog } from "../catalog/db.ts";
import { item, writeArchiveFile } from "../catalog/test_helpers.ts";
import {
  finishRun,
  replaceComments,
  startRun,
  upsertFiles,
  upsertItems,
} from "../catalog/writes.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

async function flickrvault(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

async function withArchive(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_cli_" });
  try {
    const { db, close } = await openCatalog(dir);
    await upsertItems(db, [
      item("11", { title: "Dawn", date_taken: "2019-07-01 05:30:00" }),
      item("12", { media: "video", title: "Waves", date_uploaded: 1_600_000_000 }),
      item("13", { is_mine: 0, is_favorite_of_mine: 1, owner: "9@N09", title: "Theirs" }),
    ]);
    const files = [];
    for (const id of ["11", "12", "13"]) {
      files.push({
        ...(await writeArchiveFile(dir, `photos/${id}.jpg`, `bytes of ${id}`)),
        item_id: id,
        kind: "original",
        fetched_at: "t",
      });
    }
    await upsertFiles(db, files);
    await replaceComments(db, "11", [{
      id: "c",
      author: "a",
      date_create: 1,
      html: "nice",
      raw_json: "{}",
    }]);
    const run = await startRun(db, "archive");
    await finishRun(db, run, "done", { api_calls: 21 });
    await close();
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("status, list and verify on a missing archive exit 2 with one line and a hint", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const command of ["status", "list", "verify"]) {
      const r = await flickrvault(command, "--archive", `${dir}/nowhere`);
      assertEquals(r.code, 2, command);
      const lines = r.stderr.trim().split("\n");
      assertEquals(lines.length, 2, r.stderr);
      assertStringIncludes(lines[0], `Cannot read the archive: no catalog.db in ${dir}/nowhere`);
      assertMatch(lines[1], /^hint: run `flickrvault archive`/);
      assertEquals(r.stdout, "");
    }
    // nothing was created by looking
    assertEquals([...Deno.readDirSync(dir)].length, 0);
    const bad = await flickrvault("status", "--bogus");
    assertEquals(bad.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("status prints a summary, and the design's object with --json", async () => {
  await withArchive(async (dir) => {
    const human = await flickrvault("status", "--archive", dir);
    assertEquals(human.code, 0, human.stderr);
    assertMatch(human.stdout, /Photos\s+1\n/);
    assertMatch(human.stdout, /Videos\s+1\n/);
    assertMatch(human.stdout, /Favorites\s+1 /);
    assertStringIncludes(human.stdout, "21 API calls");

    const json = await flickrvault("status", "--json", "--archive", dir);
    assertEquals(json.code, 0, json.stderr);
    const s = JSON.parse(json.stdout);
    for (
      const key of [
        "photos",
        "videos",
        "favorites",
        "albums",
        "collections",
        "galleries",
        "groups",
        "comments",
        "faves",
        "people",
        "notes",
        "files",
        "bytes",
        "missing_files",
        "videos_needing_manual_download",
        "deleted_on_flickr",
        "last_run",
        "api_calls_last_run",
      ]
    ) assert(key in s, `status --json lacks ${key}`);
    assertEquals([s.photos, s.videos, s.favorites, s.comments, s.files], [1, 1, 1, 1, 3]);
    assertEquals(s.api_calls_last_run, 21);
  });
});

Deno.test("list prints one line per item, and JSON lines with --json", async () => {
  await withArchive(async (dir) => {
    const human = await flickrvault("list", "--archive", dir);
    assertEquals(human.code, 0, human.stderr);
    assertEquals(human.stdout.trimEnd().split("\n"), [
      "11  photo  2019-07-01 05:30:00  Dawn",
      "12  video  2020-09-13 12:26:40  Waves",
      "13  photo  -  Theirs",
    ]);
    const json = await flickrvault("list", "--json", "--archive", dir);
    assertEquals(json.code, 0, json.stderr);
    const entries = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    assertEquals(entries.map((e) => [e.id, e.original, e.comments, e.is_favorite_of_mine]), [
      ["11", "photos/11.jpg", 1, false],
      ["12", "photos/12.jpg", 0, false],
      ["13", "photos/13.jpg", 0, true],
    ]);
  });
});

Deno.test("verify exits 0 when all match, 1 listing what is missing or altered", async () => {
  await withArchive(async (dir) => {
    const good = await flickrvault("verify", "--archive", dir);
    assertEquals(good.code, 0, good.stderr);
    assertStringIncludes(good.stdout, "Checked 3 files");
    assertStringIncludes(good.stdout, "all match");

    await Deno.remove(`${dir}/photos/12.jpg`);
    await Deno.writeTextFile(`${dir}/photos/13.jpg`, "bytes of 14");
    const bad = await flickrvault("verify", "--archive", dir);
    assertEquals(bad.code, 1, bad.stderr);
    assertStringIncludes(bad.stdout, "1 missing, 1 altered");
    assertMatch(bad.stdout, /MISSING\s+item 12 original\s+photos\/12\.jpg/);
    assertMatch(bad.stdout, /ALTERED\s+item 13 original\s+photos\/13\.jpg/);
    assertStringIncludes(bad.stdout, "flickrvault archive");

    const json = await flickrvault("verify", "--json", "--archive", dir);
    assertEquals(json.code, 1);
    const report = JSON.parse(json.stdout);
    assertEquals(
      [report.checked, report.ok, report.missing[0].path, report.altered[0].path],
      [3, 1, "photos/12.jpg", "photos/13.jpg"],
    );
    const status = JSON.parse((await flickrvault("status", "--json", "--archive", dir)).stdout);
    assertEquals(status.missing_files, 1);
  });
});
