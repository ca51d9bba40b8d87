import { assert, assertEquals } from "../../tests/assert.ts";
import { join } from "node:path";
import { memorySink } from "../progress.ts";
import { importExport } from "./pipeline.ts";

/** An unpacked export of one photo record, with or without `albums.json`. */
async function exportDir(dir: string, albums: unknown): Promise<string> {
  const at = join(dir, "export");
  await Deno.mkdir(at, { recursive: true });
  await Deno.writeTextFile(join(at, "account_profile.json"), JSON.stringify({ nsid: "1000@N01" }));
  await Deno.writeTextFile(
    join(at, "photo_51000000001.json"),
    JSON.stringify({ id: "51000000001", name: "Quay", date_imported: "2019-07-04 10:00:00" }),
  );
  if (albums !== undefined) {
    await Deno.writeTextFile(join(at, "albums.json"), JSON.stringify(albums));
  }
  return at;
}

async function metadataLine(albums: unknown): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "fv_import_pipeline_" });
  try {
    const sink = memorySink();
    const report = await importExport({
      archiveDir: join(dir, "archive"),
      inputs: [await exportDir(dir, albums)],
      sink,
      noSidecars: true,
      noPictures: true,
    });
    assertEquals(report.photos, 1);
    // The line after the records are in (the first one says how many records were found).
    const line = sink.lines.findLast((l) => l.startsWith("Metadata: ") && l.includes("comments"));
    assert(line, sink.lines.join("\n"));
    return line;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("importExport: the Metadata line counts albums when the export has albums.json, says nothing of them without it", async () => {
  const none = await metadataLine(undefined);
  assert(!none.includes("album"), `no albums file: how many is unknown, not 0 (${none})`);
  const empty = await metadataLine({ albums: [] });
  assert(empty.includes(" 0 albums, "), `an empty file is 0 (${empty})`);
});
