import { join } from "node:path";
import { assertEquals } from "../../tests/assert.ts";
import { removeIfPresent, removeStaleTempFiles, tempName } from "./temp_files.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_temp_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const names = async (dir: string) =>
  (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();

Deno.test("tempName: a fresh name beside the destination each time, which the sweep recognises", async () => {
  await withDir(async (dir) => {
    const dest = join(dir, "photo 写真.jpg");
    const a = tempName(dest);
    const b = tempName(dest);
    assertEquals(a !== b, true);
    assertEquals(a.startsWith(`${dest}.part-`) && b.startsWith(`${dest}.part-`), true);
    await Deno.writeTextFile(a, "partial");
    await Deno.writeTextFile(dest, "whole");
    assertEquals(await removeStaleTempFiles(dir), 1);
    assertEquals(await names(dir), ["photo 写真.jpg"]);
  });
});

Deno.test("removeStaleTempFiles: with a filter, only the temporary files of what the writer writes; links are not followed", async () => {
  await withDir(async (dir) => {
    const site = join(dir, "site");
    await Deno.mkdir(join(site, "photos"), { recursive: true });
    await Deno.writeTextFile(join(site, "photos", `1.html.part-ab12`), "ours");
    // A person's own file whose name looks like a temporary one.
    await Deno.writeTextFile(join(site, "thesis.part-2"), "theirs");
    // The filter sees the final name the temporary file was for.
    const ours = (finalName: string) => finalName === "photos/1.html";
    assertEquals(await removeStaleTempFiles(site, ours), 1);
    assertEquals(await names(site), ["photos", "thesis.part-2"]);
    assertEquals(await names(join(site, "photos")), []);
    // A link to a folder elsewhere is not walked into.
    const elsewhere = join(dir, "elsewhere");
    await Deno.mkdir(elsewhere);
    await Deno.writeTextFile(join(elsewhere, "x.jpg.part-1"), "not under the root");
    await Deno.symlink(elsewhere, join(site, "link"));
    await Deno.remove(join(site, "thesis.part-2"));
    await Deno.writeTextFile(join(site, "y.jpg.part-3"), "ours");
    assertEquals(await removeStaleTempFiles(site), 1, "y.jpg.part-3 only, not through the link");
    assertEquals(await names(elsewhere), ["x.jpg.part-1"]);
  });
});

Deno.test("removeIfPresent: a file that is already gone is not an error; other failures are", async () => {
  await withDir(async (dir) => {
    await removeIfPresent(join(dir, "never-there"));
    await Deno.writeTextFile(join(dir, "f"), "x");
    await removeIfPresent(join(dir, "f"));
    assertEquals(await names(dir), []);
    await Deno.mkdir(join(dir, "full"));
    await Deno.writeTextFile(join(dir, "full", "x"), "x");
    let failed = false;
    await removeIfPresent(join(dir, "full")).catch(() => failed = true);
    assertEquals(failed, true, "a folder with files in it is not removed");
  });
});
