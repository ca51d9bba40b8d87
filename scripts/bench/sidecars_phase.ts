/**
 * The sidecars phase alone, on a large catalog made by `make_catalog.ts` (no network, no
 * simulator): seconds and microseconds per item for the first pass (every sidecar written) and a
 * second pass with nothing changed (none written), in wall time and in CPU time (which a machine
 * shared with other work disturbs far less). Scenario 7 of `deno task bench` measures the
 * same phase inside real archive runs; this one isolates it from the downloads' noise.
 *
 * `deno run -A scripts/bench/sidecars_phase.ts [--items N] [--dir DIR]`
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { openCatalog } from "../../src/catalog/db.ts";
import { writeSidecars } from "../../src/tree/sidecars.ts";
import { makeCatalog } from "./make_catalog.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { items: { type: "string", default: "100000" }, dir: { type: "string" } },
});
const items = Number(values.items);
const dir = values.dir ?? await Deno.makeTempDir({ prefix: "flickrvault-sidecars-" });
try {
  const made = await makeCatalog(dir, { items });
  console.log(`catalog of ${items} items made in ${made.seconds} s`);
  const catalog = await openCatalog(dir);
  try {
    for (const pass of ["first (all written)", "second (nothing changed)"]) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const s = await writeSidecars(catalog, dir, { naming: "file" });
      const seconds = (performance.now() - t0) / 1000;
      const c1 = process.cpuUsage(c0);
      const cpu = (c1.user + c1.system) / 1e6;
      console.log(
        `${pass}: ${s.items} items, ${s.written} written, ${s.unchanged} unchanged in ` +
          `${seconds.toFixed(2)} s (${((seconds * 1e6) / s.items).toFixed(0)} µs per item), ` +
          `CPU ${cpu.toFixed(2)} s (${((cpu * 1e6) / s.items).toFixed(0)} µs per item; ` +
          `${(c1.system / 1e6).toFixed(2)} s of it in the kernel)`,
      );
    }
  } finally {
    await catalog.close();
  }
} finally {
  if (!values.dir) await Deno.remove(dir, { recursive: true });
}
