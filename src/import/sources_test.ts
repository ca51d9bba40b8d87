import { zipSync } from "fflate";
import { join, resolve } from "node:path";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { ImportInputError, isExportJson, openInputs, photoJsonId, zipNumber } from "./sources.ts";

const enc = new TextEncoder();

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_sources_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A zip of these entries (text), as Flickr's export holds them. */
function zip(entries: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, enc.encode(v)])));
}

Deno.test("zipNumber: the export's numbered zips under each naming scheme, nothing for others", () => {
  assertEquals(zipNumber("72157720_9b1c3a_part3.zip"), {
    kind: "metadata",
    series: "72157720_9b1c3a_part",
    n: 3,
  });
  assertEquals(zipNumber("data-download-12.zip"), {
    kind: "media",
    series: "data-download-",
    n: 12,
  });
  // The scheme since 2025.
  assertEquals(zipNumber("data_72157720_9b1c3a_2.zip"), {
    kind: "media",
    series: "data_72157720_9b1c3a_",
    n: 2,
  });
  assertEquals(zipNumber("DATA-DOWNLOAD-1.ZIP")?.n, 1, "any case, as Windows may show it");
  // A browser's second download of the same zip keeps its place in the series.
  assertEquals(zipNumber("data-download-3 (1).zip"), {
    kind: "media",
    series: "data-download-",
    n: 3,
  });
  assertEquals(zipNumber("data_72157720_9b1c3a_2(2).zip")?.n, 2);
  assertEquals(zipNumber("72157720_9b1c3a_part1 (1).zip")?.kind, "metadata");
  assertEquals(zipNumber("data-download-3 (copy).zip"), undefined);
  assertEquals(zipNumber("holiday.zip"), undefined);
  assertEquals(zipNumber("data-download-.zip"), undefined);
});

Deno.test("photoJsonId and isExportJson: the export's JSON files by name, in any folder", () => {
  assertEquals(photoJsonId("photo_53012345678.json"), "53012345678");
  assertEquals(photoJsonId("some/folder/photo_7.json"), "7");
  assertEquals(photoJsonId("photo_7.json.bak"), undefined);
  assertEquals(photoJsonId("photo_x.json"), undefined);
  for (
    const name of [
      "albums.json",
      "albums_part2.json",
      "faves_part1.json",
      "account_profile.json",
      "x/galleries.json",
    ]
  ) {
    assertEquals(isExportJson(name), true, name);
  }
  for (const name of ["faves.json", "notes.json", "albums.json.txt", "photo_.json"]) {
    assertEquals(isExportJson(name), false, name);
  }
});

Deno.test("openInputs: a folder of zips and unpacked files is sorted into metadata and media", async () => {
  await withDir(async (dir) => {
    const meta = join(dir, "123_abc_part1.zip");
    await Deno.writeFile(
      meta,
      zip({ "photo_11111111.json": "{}", "albums.json": "{}", "readme.txt": "x" }),
    );
    const media = join(dir, "data-download-2.zip");
    await Deno.writeFile(media, zip({ "sunset_11111111_o.jpg": "jpeg", "IMG_0001.JPG": "jpeg" }));
    await Deno.mkdir(join(dir, "unpacked", "deeper"), { recursive: true });
    await Deno.writeTextFile(join(dir, "unpacked", "photo_22222222.json"), "{}");
    await Deno.writeTextFile(join(dir, "unpacked", "deeper", "café_22222222_o.png"), "png");
    // Loose files must carry an id to be taken: the person's other pictures stay out.
    await Deno.writeTextFile(join(dir, "unpacked", "DSC_0026.jpg"), "mine");
    await Deno.writeTextFile(join(dir, "unpacked", ".hidden_33333333_o.jpg"), "hidden");
    // The same zip named again, by another path, is read once.
    const inputs = await openInputs([dir, join(dir, "unpacked", "..", "123_abc_part1.zip")]);
    try {
      assertEquals(inputs.sources.map((s) => s.kind).sort(), ["folder", "zip", "zip"]);
      assertEquals(
        inputs.metadata.map((s) => s.label).sort(),
        [resolve(dir), resolve(meta)].sort(),
      );
      const names = [...inputs.media].map((m) => `${m.entry.name}:${m.name.candidates.join(",")}`)
        .sort();
      // In a zip any picture is the export's; loose ones only with an id in their name.
      assertEquals(names, [
        "IMG_0001.JPG:",
        "sunset_11111111_o.jpg:11111111",
        "unpacked/deeper/café_22222222_o.png:22222222",
      ]);
      assertEquals(inputs.numbered.sort((a, b) => a.n - b.n).map((n) => `${n.kind}${n.n}`), [
        "metadata1",
        "media2",
      ]);
      assertEquals(inputs.broken, []);
      const folder = inputs.sources.find((s) => s.kind === "folder")!;
      const json = folder.entries.find((e) => e.name === "unpacked/photo_22222222.json")!;
      assertEquals(new TextDecoder().decode(await folder.bytes(json)), "{}");
      const zipped = [...inputs.media].find((m) => m.entry.name.startsWith("sunset"))!;
      const chunks: Uint8Array[] = [];
      for await (const c of zipped.source.read(zipped.entry)) chunks.push(c);
      assertEquals(new TextDecoder().decode(chunks[0]), "jpeg");
      // Once the metadata is read the lists go; the media entries stay usable.
      inputs.forgetEntries();
      assertEquals(inputs.sources.map((s) => s.entries.length), [0, 0, 0]);
      assertEquals(inputs.media.length, 3);
      assertEquals(inputs.media.at(0)!.name.ext.length > 0, true);
    } finally {
      inputs.close();
    }
  });
});

Deno.test("openInputs: a zip cut short is set aside and named; the rest is imported", async () => {
  await withDir(async (dir) => {
    const good = join(dir, "1_a_part1.zip");
    await Deno.writeFile(good, zip({ "photo_11111111.json": "{}" }));
    const whole = zip({ "photo_22222222.json": "{}".repeat(2000) });
    const cut = join(dir, "1_a_part2.zip");
    await Deno.writeFile(cut, whole.subarray(0, whole.length - 30));
    const inputs = await openInputs([good, cut]);
    try {
      assertEquals(inputs.broken.map((b) => b.label), [resolve(cut)]);
      assert(inputs.broken[0].message.includes("1_a_part2.zip"), inputs.broken[0].message);
      // A broken zip does not count as seen, so the report can say part 2 is missing.
      assertEquals(inputs.numbered.map((n) => n.n), [1]);
    } finally {
      inputs.close();
    }
    // When every input is broken there is nothing to import.
    const e = await assertRejects(() => openInputs([cut]), "Cannot import: ");
    assert(e instanceof ImportInputError);
    assert(e.hint?.includes("download that zip from Flickr again"), e.hint);
  });
});

Deno.test("openInputs: what cannot be used at all is refused with one line and a hint", async () => {
  await withDir(async (dir) => {
    const refused = async (inputs: string[], says: string) => {
      const e = await assertRejects(() => openInputs(inputs), says);
      assert(e instanceof ImportInputError, String(e));
      assert(!e.message.includes("\n"), "one line");
      return e;
    };
    const none = await refused([], "Cannot import: no zips or folders given");
    assert(none.hint);
    await refused([join(dir, "nowhere.zip")], "nowhere.zip does not exist");
    await Deno.mkdir(join(dir, "empty"));
    await Deno.writeTextFile(join(dir, "empty", "notes.txt"), "x");
    const empty = await refused([join(dir, "empty")], "holds no Flickr export zips or files");
    assert(empty.hint?.includes("data-download-N.zip"), empty.hint);
    await Deno.writeTextFile(join(dir, "text.zip"), "this is not a zip file at all, just text");
    await refused([join(dir, "text.zip")], "text.zip is not a zip file");
    await Deno.writeFile(join(dir, "holiday.zip"), zip({ "notes.txt": "x", "IMG.txt": "y" }));
    await refused([join(dir, "holiday.zip")], "holiday.zip is not part of a Flickr data export");
  });
});
