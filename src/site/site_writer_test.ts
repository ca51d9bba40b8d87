import { join } from "node:path";
import { assert, assertEquals } from "../../tests/assert.ts";
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

Deno.test("SiteWriter: after an interrupted run, its temporary files are removed", async () => {
  const root = await Deno.makeTempDir();
  try {
    const first = await SiteWriter.open(root);
    first.put("photos/a.html", "A");
    // Interrupted between writing a temporary file and renaming it; finish() never ran.
    await Deno.writeTextFile(join(root, "photos/b.html.part-x1"), "half");
    const second = await SiteWriter.open(root);
    assertEquals([...Deno.readDirSync(join(root, "photos"))].map((e) => e.name), ["a.html"]);
    second.put("photos/a.html", "A");
    await second.finish();
    // A finished run leaves no marker: the next one does not walk the folder.
    assertEquals(
      [...Deno.readDirSync(root)].map((e) => e.name).sort(),
      [".flickrvault-site", "photos"],
    );
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
