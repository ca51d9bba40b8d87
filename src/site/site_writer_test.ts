import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { UsageError } from "../usage_error.ts";
import { SiteWriter } from "./site_writer.ts";

Deno.test("SiteWriter: writes what changed, keeps the rest, removes what is gone", async () => {
  const root = await Deno.makeTempDir();
  try {
    const first = await SiteWriter.open(root);
    first.put("a.html", "A");
    first.put("photos/b.html", "B");
    first.put("photos/c.html", "C");
    await first.finish();
    const before = await Deno.stat(join(root, "photos/b.html"));

    const second = await SiteWriter.open(root);
    second.put("a.html", "A2");
    second.put("photos/b.html", "B");
    await second.finish();
    assertEquals(second.counts.written, 1);
    assertEquals(second.counts.unchanged, 1);
    assertEquals(second.counts.removed, 1);
    const after = await Deno.stat(join(root, "photos/b.html"));
    assertEquals([after.ino, after.mtime?.getTime()], [before.ino, before.mtime?.getTime()]);
    assertEquals(await Deno.readTextFile(join(root, "a.html")), "A2");
    await Deno.stat(join(root, "photos/c.html")).then(
      () => assert(false, "c.html removed"),
      () => {},
    );
    // A page deleted by hand is written again even though the manifest knows it.
    await Deno.remove(join(root, "a.html"));
    const third = await SiteWriter.open(root);
    third.put("a.html", "A2");
    third.put("photos/b.html", "B");
    await third.finish();
    assertEquals(third.counts.written, 1);
    assertEquals([...Deno.readDirSync(join(root, "photos"))].map((e) => e.name), ["b.html"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: after an interrupted run, its temporary files are removed, not the person's", async () => {
  const root = await Deno.makeTempDir();
  try {
    const first = await SiteWriter.open(root);
    first.put("photos/a.html", "A");
    first.put("photos/b.html", "B");
    // Interrupted between writing b.html's temporary file and renaming it; finish() never ran.
    await Deno.rename(join(root, "photos/b.html"), join(root, "photos/b.html.part-x1"));
    first.abandon();
    await Deno.writeTextFile(join(root, "photos/thesis.part-2"), "the person's");
    // A kill while the manifest itself was being written leaves its temporary file too.
    await Deno.writeTextFile(join(root, ".flickrvault-site.part-x2"), "half a manifest");
    const second = await SiteWriter.open(root);
    assertEquals(
      [...Deno.readDirSync(join(root, "photos"))].map((e) => e.name).sort(),
      ["a.html", "thesis.part-2"],
    );
    second.put("photos/a.html", "A");
    await second.finish();
    // A finished run leaves no marker: the next one does not walk the folder.
    assertEquals(
      [...Deno.readDirSync(root)].map((e) => e.name).sort(),
      [".flickrvault-site", "photos"],
    );
    assertEquals(await Deno.readTextFile(join(root, "photos/thesis.part-2")), "the person's");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: a group of pages is kept whole under its first page's key, or not at all", async () => {
  const root = await Deno.makeTempDir();
  try {
    const first = await SiteWriter.open(root);
    first.put("tags/x.html", "X1", "list-key-1");
    first.put("tags/x.2.html", "X2");
    await first.finish();

    // Same key, all files there: kept without being written, and they stay in the manifest.
    const second = await SiteWriter.open(root);
    assert(second.reuseAll(["tags/x.html", "tags/x.2.html"], "list-key-1"));
    await second.finish();
    assertEquals([second.counts.unchanged, second.counts.written, second.counts.removed], [
      2,
      0,
      0,
    ]);

    // Another key, or a page the last run did not write (the list grew): nothing is kept.
    const third = await SiteWriter.open(root);
    assert(!third.reuseAll(["tags/x.html", "tags/x.2.html"], "list-key-2"));
    assert(!third.reuseAll(["tags/x.html", "tags/x.2.html", "tags/x.3.html"], "list-key-1"));
    assertEquals(third.counts.unchanged, 0);
    // A page lost from the disk is not kept either.
    await Deno.remove(join(root, "tags/x.2.html"));
    assert(!third.reuseAll(["tags/x.html", "tags/x.2.html"], "list-key-1"));
    third.put("tags/x.html", "X1", "list-key-1");
    await third.finish();
    // What this run neither kept nor wrote is gone.
    assertEquals(third.counts.removed, 0);
    assertEquals([...Deno.readDirSync(join(root, "tags"))].map((e) => e.name), ["x.html"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: a file given in chunks is written whole, and kept when it is the same", async () => {
  const root = await Deno.makeTempDir();
  const enc = new TextEncoder();
  // One buffer reused for every chunk, as a file read in blocks is.
  function* chunks(text: string) {
    const buf = new Uint8Array(3);
    for (let i = 0; i < text.length; i += 3) {
      const got = enc.encodeInto(text.slice(i, i + 3), buf).written;
      yield buf.subarray(0, got);
    }
  }
  try {
    const first = await SiteWriter.open(root);
    first.putChunks("search/s.js", chunks("fvSearchAdd([1,2]);"));
    await first.finish();
    assertEquals(await Deno.readTextFile(join(root, "search/s.js")), "fvSearchAdd([1,2]);");
    const before = await Deno.stat(join(root, "search/s.js"));

    const same = await SiteWriter.open(root);
    same.putChunks("search/s.js", chunks("fvSearchAdd([1,2]);"));
    await same.finish();
    assertEquals([same.counts.written, same.counts.unchanged], [0, 1]);
    const after = await Deno.stat(join(root, "search/s.js"));
    assertEquals([after.ino, after.mtime?.getTime()], [before.ino, before.mtime?.getTime()]);

    const changed = await SiteWriter.open(root);
    changed.putChunks("search/s.js", chunks("fvSearchAdd([1,3]);"));
    await changed.finish();
    assertEquals(changed.counts.written, 1);
    assertEquals(await Deno.readTextFile(join(root, "search/s.js")), "fvSearchAdd([1,3]);");
    // No temporary file left beside it.
    assertEquals([...Deno.readDirSync(join(root, "search"))].map((e) => e.name), ["s.js"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

/** Identity of a file: a file rewritten gets another inode or modification time. */
async function identity(path: string): Promise<string> {
  const st = await Deno.stat(path);
  return `${st.ino}:${st.mtime?.getTime()}`;
}

Deno.test("SiteWriter: a file the site did not write, or one changed since, is neither overwritten nor removed", async () => {
  const root = await Deno.makeTempDir();
  const at = (p: string) => join(root, p);
  try {
    const first = await SiteWriter.open(root);
    for (const p of ["index.html", "photos/1.html", "photos/2.html", "photos/3.html"]) {
      first.put(p, `first ${p}`);
    }
    await first.finish();

    // The person edits two of the site's pages, and puts files of their own beside them, one
    // where the next run writes a new page.
    await Deno.writeTextFile(at("photos/2.html"), "my edit of 2");
    await Deno.writeTextFile(at("photos/3.html"), "my edit of 3, no longer a page of the site");
    await Deno.writeTextFile(at("photos/4.html"), "mine");
    await Deno.writeTextFile(at("photos/notes.txt"), "my notes");

    const second = await SiteWriter.open(root);
    second.put("index.html", "second index.html");
    second.put("photos/1.html", "first photos/1.html");
    second.put("photos/2.html", "second photos/2.html");
    second.put("photos/4.html", "second photos/4.html");
    await second.finish();
    assertEquals(await Deno.readTextFile(at("index.html")), "second index.html");
    assertEquals(await Deno.readTextFile(at("photos/2.html")), "my edit of 2");
    assertEquals(
      await Deno.readTextFile(at("photos/3.html")),
      "my edit of 3, no longer a page of the site",
    );
    assertEquals(await Deno.readTextFile(at("photos/4.html")), "mine");
    assertEquals(await Deno.readTextFile(at("photos/notes.txt")), "my notes");
    assertEquals(second.counts.leftAlone, 3);
    assertEquals(second.leftAlone.sort(), ["photos/2.html", "photos/3.html", "photos/4.html"]);
    assertEquals([second.counts.written, second.counts.unchanged, second.counts.removed], [
      1,
      1,
      0,
    ]);
    // They are the person's from now on: the manifest no longer lists them.
    const listed = (await Deno.readTextFile(at(".flickrvault-site"))).trim().split("\n")
      .map((l) => l.split("\t")[3]).sort();
    assertEquals(listed, ["index.html", "photos/1.html"]);

    const third = await SiteWriter.open(root);
    third.put("index.html", "second index.html");
    third.put("photos/2.html", "third photos/2.html");
    await third.finish();
    assertEquals(await Deno.readTextFile(at("photos/2.html")), "my edit of 2");
    assertEquals(third.counts.leftAlone, 1);
    // photos/1.html is the site's and no longer written: removed.
    assertEquals(third.counts.removed, 1);
    assert(!existsSync(at("photos/1.html")));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: after a kill, the files the killed run wrote are the site's: kept when right, replaced or removed", async () => {
  const root = await Deno.makeTempDir();
  const at = (p: string) => join(root, p);
  try {
    const first = await SiteWriter.open(root);
    first.put("kept.html", "K");
    first.put("changed.html", "C1");
    first.put("dropped.html", "D");
    first.abandon(); // killed: no manifest
    const kept = await identity(at("kept.html"));
    // Put there while the site was not running: not named by the journal.
    await Deno.writeTextFile(at("mine.html"), "mine");

    const second = await SiteWriter.open(root);
    second.put("kept.html", "K");
    second.put("changed.html", "C2");
    second.put("mine.html", "the site's mine.html");
    await second.finish();
    assertEquals(await identity(at("kept.html")), kept, "a complete file is not written again");
    assertEquals(await Deno.readTextFile(at("changed.html")), "C2");
    assert(!existsSync(at("dropped.html")), "the killed run's file no longer wanted is removed");
    assertEquals(await Deno.readTextFile(at("mine.html")), "mine");
    assertEquals(
      [
        second.counts.unchanged,
        second.counts.written,
        second.counts.removed,
        second.counts.leftAlone,
      ],
      [1, 1, 1, 1],
    );
    assertEquals(
      [...Deno.readDirSync(root)].map((e) => e.name).sort(),
      [".flickrvault-site", "changed.html", "kept.html", "mine.html"],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: after a run of an earlier version was interrupted (a marker, no journal), its files are taken back, not left alone", async () => {
  const root = await Deno.makeTempDir();
  const at = (p: string) => join(root, p);
  try {
    const first = await SiteWriter.open(root);
    first.put("a.html", "A1");
    first.put("b.html", "B1");
    await first.finish();
    // What the earlier version's Ctrl-C'd re-run left: a page rewritten, a new page, a temporary
    // file, and its empty "running" marker; the person's note is beside them.
    await Deno.writeTextFile(at("a.html"), "A2");
    await Deno.writeTextFile(at("c.html"), "C1");
    await Deno.writeTextFile(at("d.html.part-x1"), "half");
    await Deno.writeTextFile(at(".flickrvault-site-running"), "");
    await Deno.writeTextFile(at("notes.txt"), "mine");
    const a = await identity(at("a.html"));
    const c = await identity(at("c.html"));

    const second = await SiteWriter.open(root);
    second.put("a.html", "A2");
    second.put("b.html", "B1");
    second.put("c.html", "C1");
    second.put("d.html", "D1");
    await second.finish();
    assertEquals(second.counts.leftAlone, 0);
    assertEquals([second.counts.unchanged, second.counts.written], [3, 1]);
    assertEquals([await identity(at("a.html")), await identity(at("c.html"))], [a, c]);
    assertEquals(
      [...Deno.readDirSync(root)].map((e) => e.name).sort(),
      [".flickrvault-site", "a.html", "b.html", "c.html", "d.html", "notes.txt"],
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SiteWriter: a folder with other files that is not a site is refused before anything is written", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(root, "todo.txt"), "mine");
    const e = await assertRejects(() => SiteWriter.open(root), "holds 1 file or folder");
    assert(e instanceof UsageError, "a usage error: exit 2, one line and a hint");
    assertEquals([...Deno.readDirSync(root)].map((e) => e.name), ["todo.txt"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

function existsSync(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
