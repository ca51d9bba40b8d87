import { zipSync } from "fflate";
import { join } from "node:path";
import { assertEquals } from "../../tests/assert.ts";
import { EntryListBuilder } from "./entry_list.ts";
import { openZip } from "./zip_reader.ts";
import type { ExportSource } from "./sources.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

async function readAll(source: ExportSource, entry: ExportSource["entries"][number]) {
  const parts: Uint8Array[] = [];
  for await (const c of source.read(entry)) parts.push(c);
  return dec.decode(new Uint8Array(parts.flatMap((p) => [...p])));
}

Deno.test("EntryList: entries kept as columns read back the same bytes, from zips and folders alike", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_entry_list_" });
  const zips = [];
  try {
    // One stored and one deflated entry in each of two zips; names with non-ASCII letters.
    const sources: ExportSource[] = [];
    for (const n of [1, 2]) {
      const path = join(dir, `data-download-${n}.zip`);
      await Deno.writeFile(
        path,
        zipSync({
          [`café_5100000000${n}_o.jpg`]: [enc.encode(`jpeg ${n} `.repeat(500)), { level: 6 }],
          [`clip_5200000000${n}_o.mp4`]: [enc.encode(`mp4 ${n}`), { level: 0 }],
        }),
      );
      const zip = await openZip(path);
      zips.push(zip);
      sources.push({
        kind: "zip",
        label: path,
        modified: 0,
        entries: zip.entries,
        read: (e) => zip.read(e as never),
        bytes: (e) => zip.bytes(e as never),
        close: zip.close,
      });
    }
    const folder: ExportSource = {
      kind: "folder",
      label: dir,
      modified: 0,
      entries: [{ name: "loose/sunset_53000000001_o.png", size: 3 }],
      async *read() {
        yield enc.encode("png");
      },
      bytes: () => Promise.resolve(enc.encode("png")),
      close() {},
    };
    sources.push(folder);

    const builder = new EntryListBuilder();
    const expected: string[] = [];
    for (const s of sources) {
      for (const e of s.entries) {
        builder.add(s, e);
        expected.push(`${s.label}|${e.name}|${e.size}|${await readAll(s, e)}`);
      }
    }
    const media = builder.doneAsMedia();
    assertEquals(media.length, 5);
    const got: string[] = [];
    for (const m of media) {
      got.push(
        `${m.source.label}|${m.entry.name}|${m.entry.size}|${await readAll(m.source, m.entry)}`,
      );
    }
    assertEquals(got, expected);
    assertEquals(media.nameAt(4), "loose/sunset_53000000001_o.png");
    assertEquals(media.at(1)?.name, { ext: "mp4", candidates: ["52000000001"] });
    assertEquals([media.at(-1), media.at(5)], [undefined, undefined]);

    media.clear();
    assertEquals([media.length, [...media]], [0, []]);
  } finally {
    zips.forEach((z) => z.close());
    await Deno.remove(dir, { recursive: true });
  }
});
