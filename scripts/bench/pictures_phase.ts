/**
 * The pictures phase alone on an archive whose catalog records originals (scenario 10 of
 * `deno task bench` times this process): prints the phase's summary as JSON.
 *
 * `deno run -A scripts/bench/pictures_phase.ts ARCHIVE_DIR`
 * @module
 */
import { openCatalog } from "../../src/catalog/db.ts";
import { makeMissingPictures } from "../../src/tree/pictures.ts";

const dir = Deno.args[0];
if (!dir) throw new Error("usage: pictures_phase.ts ARCHIVE_DIR");
const catalog = await openCatalog(dir);
try {
  const problems: string[] = [];
  const s = await makeMissingPictures(catalog, dir, { problem: (t) => problems.push(t) });
  console.log(JSON.stringify({ ...s, problems: problems.slice(0, 5) }));
  if (s.failed > 0) Deno.exitCode = 1;
} finally {
  await catalog.close();
}
