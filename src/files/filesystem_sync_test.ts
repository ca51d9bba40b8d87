import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { canSyncFilesystems, disableFilesystemSync, syncFilesystems } from "./filesystem_sync.ts";

Deno.test("syncFilesystems: used on Linux with FFI allowed, off on request", async () => {
  // The archive's batch flush is what CI (Linux, -A) runs; elsewhere callers fsync per file.
  assertEquals(canSyncFilesystems(), Deno.build.os === "linux");
  if (!canSyncFilesystems()) return;
  const root = await Deno.makeTempDir({ prefix: "fv_syncfs_" });
  try {
    await Deno.mkdir(join(root, "a"));
    await Deno.writeTextFile(join(root, "a", "f.txt"), "x");
    // Several paths on one filesystem, files and directories alike.
    await syncFilesystems([root, join(root, "a"), join(root, "a", "f.txt"), root]);
    await syncFilesystems([]);
    const missing = await assertRejects(() => syncFilesystems([join(root, "missing")]));
    assert(missing instanceof Deno.errors.NotFound, String(missing));

    disableFilesystemSync(true);
    assert(!canSyncFilesystems());
    await assertRejects(() => syncFilesystems([root]), "syncfs is not available");
  } finally {
    disableFilesystemSync(false);
    await Deno.remove(root, { recursive: true });
  }
});
