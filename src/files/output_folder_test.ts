import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../tests/assert.ts";
import { Journal, refuseForeignFolder } from "./output_folder.ts";
import { SITE_JOURNAL, SITE_MANIFEST } from "./output_markers.ts";
import { UsageError } from "../usage_error.ts";

const MARKERS = [SITE_MANIFEST, SITE_JOURNAL];

Deno.test("refuseForeignFolder: a new, empty or own folder is taken; one with a person's files is refused, naming them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_output_" });
  try {
    await refuseForeignFolder(join(dir, "new"), "site", MARKERS);
    await refuseForeignFolder(dir, "site", MARKERS);
    // What a file manager leaves in any folder does not count.
    await Deno.writeTextFile(join(dir, ".DS_Store"), "");
    await Deno.writeTextFile(join(dir, "Thumbs.db"), "");
    await refuseForeignFolder(dir, "site", MARKERS);

    // A home folder.
    for (const f of [".bashrc", "todo.txt", "notes.md", "a.txt", "b.txt"]) {
      await Deno.writeTextFile(join(dir, f), "mine");
    }
    await Deno.mkdir(join(dir, "Pictures"));
    const e = await assertRejects(() => refuseForeignFolder(dir, "site", MARKERS));
    assert(e instanceof UsageError, "exit 2 with a hint, not a stack trace");
    assertStringIncludes(e.message, `Cannot write the site into ${dir}`);
    assertStringIncludes(e.message, "holds 6 files and folders flickrvault did not write");
    assertStringIncludes(e.message, "(.bashrc, a.txt, b.txt, notes.md, Pictures/ and 1 more)");
    assertStringIncludes((e as UsageError).hint!, join(dir, "flickr-site"));

    // The same folder once it is a site's (its manifest, or a killed run's journal).
    await Deno.writeTextFile(join(dir, SITE_JOURNAL), "");
    await refuseForeignFolder(dir, "site", MARKERS);
    // ... but not another command's.
    await assertRejects(
      () => refuseForeignFolder(dir, "export", [".flickrvault-export.json"]),
      "Cannot write the export into",
    );
    // A file where the folder should be.
    await assertRejects(
      () => refuseForeignFolder(join(dir, "todo.txt"), "export", MARKERS),
      "it is a file, not a folder",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Journal: what a killed run appended is read back, a line cut short is dropped, a completed run leaves none", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_journal_" });
  const path = join(dir, "journal");
  try {
    const first = Journal.open(path);
    assertEquals([first.left, first.interrupted], [[], false]);
    first.journal.append("+\ta.html\n=\th\tk\t1\ta.html\n");
    first.journal.close(); // killed
    // The kill came in the middle of a line.
    await Deno.writeTextFile(path, "+\tb.ht", { append: true });

    const second = Journal.open(path);
    assertEquals(second.interrupted, true);
    assertEquals(second.left, ["+\ta.html", "=\th\tk\t1\ta.html"]);
    second.journal.append("+\tc.html\n");
    second.journal.close();

    const third = Journal.open(path);
    assertEquals(third.left.at(-1), "+\tc.html", "a line of its own");
    await third.journal.finish();
    const fourth = Journal.open(path);
    assertEquals(fourth.interrupted, false);
    fourth.journal.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
