/**
 * `site` and `export` touch only what they wrote, tried as a person would: pointed at a folder of
 * their own files (a home folder, a folder with an `index.html` and a `media/` of their own) they
 * refuse with exit 2 and write nothing; in a folder they made, the person's files in every place
 * they write (`index.html`, `media/`, `photos/`, `assets/`; an album folder, a copy edited in
 * place) survive first runs and re-runs, reported as left alone with exit 1.
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { runMain } from "./cli_process.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";

/** Writes the person's files (path → text) under `dir`. */
async function putFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, rel), text);
  }
}

/** Every file under `dir` with its bytes, as text. */
async function contents(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listFiles(dir)) out.set(rel, await Deno.readTextFile(join(dir, rel)));
  return out;
}

/** Asserts that each of the person's files still holds what they wrote. */
async function assertKept(dir: string, files: Record<string, string>, when: string) {
  for (const [rel, text] of Object.entries(files)) {
    assertEquals(
      await Deno.readTextFile(join(dir, rel)).catch(() => "(gone)"),
      text,
      `${when}: ${rel}`,
    );
  }
}

/** The archive paths of an item's current files. */
async function filesOf(archive: string, id: string): Promise<{ kind: string; path: string }[]> {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    return await catalog.db.selectFrom("files").select(["kind", "path"])
      .where("item_id", "=", id).where("is_current", "=", 1).execute();
  } finally {
    await catalog.close();
  }
}

const HOME = {
  ".bashrc": "export EDITOR=vi\n",
  "Documents/letter.txt": "Dear Ann,\n",
  "Pictures/holiday.jpg": "not really a jpeg",
  "todo.txt": "buy milk\n",
};

Deno.test({
  name: "own files: site and export refuse a folder of the person's files and write nothing there",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withSimulator({ photos: 8, videos: 1, favorites: 2, seed: 71 }, async (f) => {
      assertEquals((await runArchive(f.runOptions)).status, "done");
      const home = join(f.dir, "home");
      await putFiles(home, HOME);
      // A folder already holding what a site holds, none of it flickrvault's.
      const mine = join(f.dir, "my-site");
      const looksLikeASite = {
        "index.html": "<h1>My own page</h1>",
        "media/holiday.jpg": "my holiday",
        "photos/cat.html": "my cat",
        "assets/style.css": "body { color: red }",
        "todo.txt": "buy milk\n",
      };
      await putFiles(mine, looksLikeASite);
      for (const [dir, files] of [[home, HOME], [mine, looksLikeASite]] as const) {
        for (const command of ["site", "export"]) {
          const before = await contents(dir);
          const r = await runMain([command, dir, "--archive", f.archive], {});
          assertEquals(r.code, 2, `${command} into ${dir}: ${r.stdout}${r.stderr}`);
          assertStringIncludes(r.stderr, `Cannot write the ${command} into ${dir}`);
          assertStringIncludes(r.stderr, "flickrvault did not write");
          assertStringIncludes(r.stderr, "hint: name a new folder");
          assert(!r.stderr.includes("    at "), "no stack trace");
          assertEquals(await contents(dir), before, `${command}: nothing written into ${dir}`);
          await assertKept(dir, files, command);
        }
      }
    });
  },
});

Deno.test({
  name:
    "own files: a site's re-runs leave the person's files in index.html, media/, photos/ and assets/ alone",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withSimulator({ photos: 10, videos: 1, favorites: 3, seed: 72 }, async (f) => {
      assertEquals((await runArchive(f.runOptions)).status, "done");
      const site = join(f.dir, "site");
      const first = await runMain(["site", site, "--archive", f.archive], {});
      assertEquals(first.code, 0, first.stderr);
      assert((await listFiles(join(site, "media"))).length > 0, "media copied");

      // The person edits the site's index.html and adds files of their own beside the site's.
      const theirs: Record<string, string> = {
        "index.html": "<h1>My own index</h1>",
        "todo.txt": "buy milk\n",
        "media/mynote.txt": "the good ones are in 2019",
        "media/holiday.jpg": "my holiday",
        "photos/mine.html": "my page",
        "assets/my.css": "body { color: red }",
      };
      await putFiles(site, theirs);
      // A photo uploaded on Flickr and archived: where the site will write its page and copy its
      // files, the person has put files first.
      const uploaded = String((await f.mutate("upload")).id);
      await f.mutate("comment");
      assertEquals((await runArchive(f.runOptions)).status, "done");
      const newFiles = await filesOf(f.archive, uploaded);
      assert(newFiles.length > 0, "the upload was archived");
      theirs[`photos/${uploaded}.html`] = "my page that happens to have that name";
      for (const file of newFiles) theirs[`media/${file.path}`] = `my ${file.kind}`;
      await putFiles(site, theirs);

      const second = await runMain(["site", site, "--archive", f.archive], {});
      assertEquals(second.code, 1, second.stderr);
      assertStringIncludes(second.stderr, "left alone");
      assertStringIncludes(second.stderr, `photos/${uploaded}.html`);
      await assertKept(site, theirs, "re-run");
      // The rest of the site was brought up to date: the upload is in the stream's later pages or
      // its search, and nothing of the person's was taken for the site's.
      const manifest = await Deno.readTextFile(join(site, ".flickrvault-site"));
      for (const rel of Object.keys(theirs)) {
        assert(!manifest.includes(`\t${rel}\n`), `${rel} is not listed as the site's`);
      }

      // Nothing changed since: the same files are left alone, again.
      const third = await runMain(["site", site, "--archive", f.archive], {});
      assertEquals(third.code, 1, third.stderr);
      await assertKept(site, theirs, "third run");

      // Once the person moves their page away, the site writes its own there.
      await Deno.remove(join(site, `photos/${uploaded}.html`));
      delete theirs[`photos/${uploaded}.html`];
      const fourth = await runMain(["site", site, "--archive", f.archive], {});
      assertEquals(fourth.code, 1, fourth.stderr);
      assertStringIncludes(
        await Deno.readTextFile(join(site, `photos/${uploaded}.html`)),
        "<!doctype html>",
      );
      await assertKept(site, theirs, "fourth run");
    });
  },
});

Deno.test({
  name: "own files: an export's re-runs leave the person's files and a copy edited in place alone",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withSimulator({ photos: 10, videos: 1, favorites: 3, seed: 73 }, async (f) => {
      assertEquals((await runArchive(f.runOptions)).status, "done");
      const out = join(f.dir, "export");
      const first = await runMain(["export", out, "--archive", f.archive, "--by", "date"], {});
      assertEquals(first.code, 0, first.stdout + first.stderr);
      const copies = (await listFiles(out))
        .filter((p) => /\.jpe?g$/i.test(p) && !p.startsWith("Favorites/"));
      assert(copies.length > 1);

      // The person adds files, and an app edits one copy in place.
      const theirs: Record<string, string> = {
        "notes.txt": "to print",
        "Favorites/mine.jpg": "my own photo",
        [copies[0]]: "edited in place by another app",
      };
      await putFiles(out, theirs);
      // Uploaded on Flickr and archived: where its copy goes, the person has a file already.
      const uploaded = String((await f.mutate("upload")).id);
      assertEquals((await runArchive(f.runOptions)).status, "done");
      const names = (await filesOf(f.archive, uploaded)).map((x) => x.path.split("/").pop()!);
      const scratch = join(f.dir, "scratch");
      assertEquals(
        (await runMain(["export", scratch, "--archive", f.archive, "--by", "date"], {})).code,
        0,
      );
      const place = (await listFiles(scratch)).find((p) => names.includes(p.split("/").pop()!));
      assert(place, "the upload is exported");
      theirs[place] = "mine, same name";
      await putFiles(out, theirs);

      const second = await runMain(["export", out, "--archive", f.archive, "--by", "date"], {});
      assertEquals(second.code, 1, second.stdout + second.stderr);
      assertStringIncludes(second.stdout, "2 files were left alone");
      assertStringIncludes(second.stdout, `  ${copies[0]}\n`);
      assertStringIncludes(second.stdout, `  ${place}\n`);
      await assertKept(out, theirs, "re-run by date");
      // By album now: every copy by date is removed, except the edited one, which is the
      // person's now (the export no longer lists it, and says no more about it).
      const third = await runMain(["export", out, "--archive", f.archive, "--by", "album"], {});
      assertEquals(third.code, 0, third.stdout + third.stderr);
      await assertKept(out, theirs, "re-run by album");
      const left = await listFiles(out);
      for (const c of copies.slice(1)) assert(!left.includes(c), `${c}: the export's, moved`);
    });
  },
});
