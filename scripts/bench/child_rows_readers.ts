/**
 * The two readers of an item's child rows, side by side on a large catalog made by
 * `make_catalog.ts`: `loadSidecarPage` (what the sidecars phase reads for every item on every run:
 * the XMP's facts, 500 items per page by id range) and `getPhotoDetails` (what a photo page shows:
 * whole rows, comments and faves too, 200 items per batch by id). The figures are why the sidecars
 * phase keeps its own reader (docs/architecture.md, "One meaning per name").
 *
 * `deno run -A scripts/bench/child_rows_readers.ts [--items N] [--dir DIR]`
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { openCatalog } from "../../src/catalog/db.ts";
import { loadSetNames, loadSidecarPage } from "../../src/catalog/sidecar_items.ts";
import { DETAIL_BATCH, getPhotoDetails } from "../../src/catalog/browse_photo.ts";
import { makeCatalog } from "./make_catalog.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { items: { type: "string", default: "20000" }, dir: { type: "string" } },
});
const items = Number(values.items);
const dir = values.dir ?? await Deno.makeTempDir({ prefix: "flickrvault-readers-" });
try {
  await makeCatalog(dir, { items });
  const catalog = await openCatalog(dir, { readonly: true });
  try {
    const measure = async (name: string, pass: () => Promise<number>) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const n = await pass();
      const seconds = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      const cpu = (c1.user + c1.system) / 1e6;
      console.log(
        `${name}: ${n} items in ${seconds.toFixed(2)} s (${((seconds * 1e6) / n).toFixed(0)} µs ` +
          `per item), CPU ${cpu.toFixed(2)} s, RSS ${(Deno.memoryUsage().rss / 1e6).toFixed(0)} MB`,
      );
    };
    for (let round = 0; round < 2; round++) {
      await measure("loadSidecarPage", async () => {
        const names = await loadSetNames(catalog.db);
        let n = 0;
        for (let after = "";;) {
          const page = await loadSidecarPage(catalog.db, names, after);
          if (page.length === 0) return n;
          n += page.length;
          after = page[page.length - 1].xmp.id;
        }
      });
      await measure("getPhotoDetails", async () => {
        let n = 0;
        for (let after = "";;) {
          const ids = (await catalog.db.selectFrom("items").select("id").where("id", ">", after)
            .orderBy("id").limit(DETAIL_BATCH).execute()).map((r) => r.id);
          if (ids.length === 0) return n;
          n += (await getPhotoDetails(catalog.db, ids)).size;
          after = ids[ids.length - 1];
        }
      });
    }
  } finally {
    await catalog.close();
  }
} finally {
  if (!values.dir) await Deno.remove(dir, { recursive: true });
}
