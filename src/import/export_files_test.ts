import { assertEquals } from "../../tests/assert.ts";
import { emptyReport } from "./report.ts";
import { jsonReader, locate } from "./export_files.ts";
import { type ExportInputs, type ExportSource, photoJsonId, type SourceEntry } from "./sources.ts";

/** A source holding these files (name → text), modified at `modified` (epoch ms). */
function source(label: string, files: Record<string, string>, modified = 0): ExportSource {
  const entries: SourceEntry[] = Object.keys(files).map((name) => ({
    name,
    size: files[name].length,
  }));
  return {
    kind: "zip",
    label,
    modified,
    entries,
    bytes: (e) => Promise.resolve(new TextEncoder().encode(files[e.name])),
    read: () => {
      throw new Error("not used");
    },
    close() {},
  };
}

/** The photo records `locate` found, by photo id. */
function photosOf(files: ReturnType<typeof locate>) {
  return new Map([...files.photos].map((at) => [photoJsonId(at.entry.name)!, at]));
}

Deno.test("locate: photo records by id, other files by name, the first of each across sources; numbered parts in order", () => {
  const a = source("/dl/1_a_part1.zip", {
    "photo_11.json": "{}",
    "albums.json": "{}",
    "faves_part2.json": "{}",
    "faves_part1.json": "{}",
  });
  const b = source("/dl/1_a_part2.zip", {
    "sub/photo_11.json": "{}",
    "photo_12.json": "{}",
    "albums.json": "{}",
  });
  const files = locate({ metadata: [a, b] } as unknown as ExportInputs);
  assertEquals(files.photos.length, 2);
  assertEquals([...photosOf(files).keys()].sort(), ["11", "12"]);
  assertEquals(
    photosOf(files).get("11")!.source.label,
    "/dl/1_a_part1.zip",
    "the first source's copy",
  );
  assertEquals(files.named.get("albums.json")!.source.label, "/dl/1_a_part1.zip");
  assertEquals(files.parts("faves_part").map((p) => p.entry.name), [
    "faves_part1.json",
    "faves_part2.json",
  ]);
  assertEquals(files.parts("photos_comments_part"), []);
});

Deno.test("locate: where an older and a newer export hold the same file, the zip modified last wins", () => {
  const older = source("/dl/1_a_part1.zip", { "photo_11.json": "{}", "albums.json": "{}" }, 1000);
  const newer = source("/dl/1_b_part1.zip", { "photo_11.json": "{}", "albums.json": "{}" }, 2000);
  for (const metadata of [[older, newer], [newer, older]]) {
    const files = locate({ metadata } as unknown as ExportInputs);
    assertEquals(files.photos.length, 1);
    assertEquals(photosOf(files).get("11")!.source.label, "/dl/1_b_part1.zip");
    assertEquals(files.named.get("albums.json")!.source.label, "/dl/1_b_part1.zip");
  }
});

Deno.test("jsonReader: a JSON object, or undefined with the file named as damaged", async () => {
  const s = source("/dl/1_a_part1.zip", {
    "ok.json": '{"id":"1","name":"Café"}',
    "bad.json": '{"id": ',
    "list.json": "[1, 2]",
    "null.json": "null",
  });
  const report = emptyReport();
  const read = jsonReader(report);
  const at = (name: string) => ({ source: s, entry: s.entries.find((e) => e.name === name)! });
  assertEquals(await read(at("ok.json")), { id: "1", name: "Café" });
  for (const name of ["bad.json", "list.json", "null.json"]) {
    assertEquals(await read(at(name)), undefined, name);
  }
  assertEquals(report.damaged.length, 3);
  assertEquals(report.damaged[1], "1_a_part1.zip: list.json cannot be read (not a JSON object)");
  assertEquals(report.damaged[0].startsWith("1_a_part1.zip: bad.json cannot be read ("), true);
});
