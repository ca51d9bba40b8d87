import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { copyFileAtomic, DirectoryCache, writeFileAtomic } from "./durable.ts";
import { removeStaleTempFiles } from "./temp_files.ts";

const encoder = new TextEncoder();

async function listFiles(dir: string): Promise<string[]> {
  return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
}

Deno.test("writeFileAtomic replaces files whole; removeStaleTempFiles cleans up", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const dest = join(dir, "a", "b", "meta.json");
    await writeFileAtomic(dest, "first");
    await writeFileAtomic(dest, encoder.encode("second"));
    assertEquals(await Deno.readTextFile(dest), "second");
    assertEquals(await listFiles(join(dir, "a", "b")), ["meta.json"]);

    await Deno.writeTextFile(join(dir, "a", "b", "1_x.jpg.part-k2j4"), "partial");
    await Deno.writeTextFile(join(dir, "a", "2.mp4.part-zz9"), "partial");
    await Deno.writeTextFile(join(dir, "a", "party.jpg"), "kept");
    // A static site kept inside the archive is the site command's own business.
    await Deno.mkdir(join(dir, "family-site", "photos"), { recursive: true });
    await Deno.writeTextFile(join(dir, "family-site", ".flickrvault-site"), "");
    await Deno.writeTextFile(join(dir, "family-site", "photos", "1.html.part-ab12"), "theirs");
    assertEquals(await removeStaleTempFiles(dir), 2);
    assertEquals(await listFiles(join(dir, "family-site", "photos")), ["1.html.part-ab12"]);
    assertEquals(await listFiles(join(dir, "a")), ["b", "party.jpg"]);
    assertEquals(await removeStaleTempFiles(join(dir, "absent")), 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("DirectoryCache creates each folder once and knows which ones this run made", async () => {
  const root = await Deno.makeTempDir({ prefix: "fv_dirs_" });
  try {
    await Deno.mkdir(join(root, "old"));
    const dirs = new DirectoryCache();
    await dirs.ensure(join(root, "old"));
    await dirs.ensure(join(root, "new", "deep", "er"));
    await Promise.all([dirs.ensure(join(root, "same")), dirs.ensure(join(root, "same"))]);
    assert((await Deno.stat(join(root, "new", "deep", "er"))).isDirectory);
    assertEquals(dirs.createdHere(join(root, "old")), false);
    assertEquals(dirs.createdHere(join(root, "new", "deep", "er")), true);
    assertEquals(dirs.createdHere(join(root, "new")), true);
    assertEquals(dirs.createdHere(join(root, "same")), true);
    // Known folders are not made again (removing one shows the cache is used).
    await Deno.remove(join(root, "new"), { recursive: true });
    await dirs.ensure(join(root, "new", "deep", "er"));
    assertEquals(await Deno.stat(join(root, "new")).catch(() => "gone"), "gone");
    await Deno.writeTextFile(join(root, "file"), "x");
    await assertRejects(() => dirs.ensure(join(root, "file", "sub")));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test({
  name: "writeFileAtomic with a mode: a new file and one replacing a wider file are both 0600",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      const path = join(dir, "secret.json");
      await writeFileAtomic(path, "{}", { mode: 0o600 });
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
      await Deno.chmod(path, 0o644);
      await writeFileAtomic(path, '{"a":1}', { mode: 0o600 });
      assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
      assertEquals(await Deno.readTextFile(path), '{"a":1}');
      assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["secret.json"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("copyFileAtomic copies whole under a temporary name and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 253);
    await Deno.writeFile(join(dir, "a.bin"), bytes);
    assertEquals(await copyFileAtomic(join(dir, "a.bin"), join(dir, "sub", "b.bin")), bytes.length);
    assertEquals(await Deno.readFile(join(dir, "sub", "b.bin")), bytes);
    assertEquals([...Deno.readDirSync(join(dir, "sub"))].map((e) => e.name), ["b.bin"]);
    await assertRejects(() => copyFileAtomic(join(dir, "gone.bin"), join(dir, "sub", "c.bin")));
    assertEquals([...Deno.readDirSync(join(dir, "sub"))].map((e) => e.name), ["b.bin"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
