/**
 * A second `flickrvault site` after the account changed (a new comment, an edited title, a photo
 * deleted on Flickr; then `archive` again) rewrites only the pages whose content changed: checked
 * on the file system (inode, mtime and bytes of every other file unchanged).
 * @module
 */
import { join } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { runMain, simulatorEnv } from "./cli_process.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";

interface Seen {
  ino: number | null;
  mtime: number;
  text: string;
}

async function snapshot(site: string): Promise<Map<string, Seen>> {
  const out = new Map<string, Seen>();
  for (const rel of await listFiles(site)) {
    const full = join(site, rel);
    const st = await Deno.stat(full);
    out.set(rel, {
      ino: st.ino,
      mtime: st.mtime?.getTime() ?? 0,
      text: await Deno.readTextFile(full),
    });
  }
  return out;
}

Deno.test({
  name: "site: a re-run after a new comment, a title edit and a deletion rewrites only those pages",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await withSimulator({ photos: 60, videos: 2, favorites: 8, seed: 23 }, async (f) => {
      const archive = async () => {
        const r = await runMain(
          ["archive", "--archive", f.archive, "--flickr-origin", f.sim.origin, "--rate", "0"],
          simulatorEnv(f.sim),
        );
        assertEquals(r.code, 0, r.stderr);
      };
      const site = join(f.archive, "site");
      const writeSite = async () => {
        const r = await runMain(["site", "--archive", f.archive, site], {});
        assertEquals(r.code, 0, r.stderr);
        return r.stderr;
      };
      await archive();
      await writeSite();
      const before = await snapshot(site);
      // Inside the archive, pages link the archive's own files.
      const anyPhoto = [...before.keys()].find((p) => p.startsWith("photos/"))!;
      assert(/src="\.\.\/\.\.\/(thumbs|display|photos)\//.test(before.get(anyPhoto)!.text));

      // Nothing changed: nothing is written.
      const same = await writeSite();
      const sameAfter = await snapshot(site);
      const touched = [...sameAfter].filter(([p, s]) =>
        p !== "status.html" && p !== ".flickrvault-site" &&
        (s.ino !== before.get(p)?.ino || s.mtime !== before.get(p)?.mtime)
      );
      assertEquals(touched.map(([p]) => p), [], `an unchanged archive rewrites nothing\n${same}`);

      // Three changes over the simulated Flickr: a deleted photo, a new comment, an edited title.
      const deleted = String((await f.mutate("delete")).id);
      const commented = String((await f.mutate("comment")).id);
      // The title is edited on a third photo, so that each change must be seen on its own.
      let edited: Record<string, unknown> | null = null;
      for (const p of [...before.keys()].filter((p) => /^photos\/\d+\.html$/.test(p)).sort()) {
        const id = p.slice("photos/".length, -".html".length);
        if (id === deleted || id === commented) continue;
        edited = await f.mutate("edit_title", id).catch(() => null); // others' photos refused
        if (edited) break;
      }
      assert(edited, "an own photo to edit");
      const editedId = String(edited.id);
      await archive();
      const summary = await writeSite();
      const after = await snapshot(site);

      const changed = [...after.keys()].filter((p) => {
        const a = after.get(p)!;
        const b = before.get(p);
        return !b || a.ino !== b.ino || a.mtime !== b.mtime || a.text !== b.text;
      });
      const changedPhotos = changed.filter((p) => p.startsWith("photos/")).sort();
      const expected = [deleted, commented, editedId].map((id) => `photos/${id}.html`);
      assertEquals(changedPhotos, expected.sort(), "only the changed photos' pages");
      // The content moved where a person would look for it.
      assert(after.get(`photos/${deleted}.html`)!.text.includes("deleted on Flickr"));
      assert(
        after.get(`photos/${editedId}.html`)!.text.includes(
          String(edited.title).replace(/&/g, "&amp;"),
        ),
      );
      // Lists that show the edited photo (photostream, tags, albums...) show its new title.
      const htmlTitle = String(edited.title).replace(/&/g, "&amp;");
      const lists = [...after].filter(([p, a]) =>
        p.endsWith(".html") && !p.startsWith("photos/") && a.text.includes(`${editedId}.html`)
      );
      assert(lists.length >= 2, `lists that show ${editedId}`);
      for (const [p, a] of lists) {
        assert(a.text.includes(htmlTitle), `${p} shows the new title`);
      }
      // The search index has the new title, and it is in the one shard that holds the photo.
      const title = JSON.stringify(String(edited.title)).slice(1, -1).replace(/</g, "\\u003c");
      const shardsWithTitle = changed.filter((p) =>
        p.startsWith("search/shard-") && after.get(p)!.text.includes(title)
      );
      assertEquals(shardsWithTitle.length, 1, `the edited title in a rewritten shard: ${changed}`);
      // Unchanged pages kept their bytes, inode and mtime; so did most of the site.
      for (const [p, b] of before) {
        if (changed.includes(p)) continue;
        const a = after.get(p);
        assert(a && a.ino === b.ino && a.mtime === b.mtime, `${p} left alone`);
      }
      assert(
        changed.length < before.size / 3,
        `${changed.length} of ${before.size} files rewritten: ${changed.join(", ")}`,
      );
      console.log(
        `  re-run after 3 changes: ${changed.length} of ${after.size} files rewritten ` +
          `(${changedPhotos.length} photo pages)\n  ${summary.trim().split("\n").at(-2)}`,
      );
    });
  },
});
