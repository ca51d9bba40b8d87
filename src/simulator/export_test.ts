import { unzipSync } from "fflate";
import { createHash } from "node:crypto";
import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { fixturePath } from "../../tests/fixtures.ts";
import { Account } from "./account.ts";
import { writeExport } from "./export.ts";
import { FileStore } from "./files.ts";
import { computeTruth } from "./truth.ts";

type Rec = Record<string, unknown>;

async function withExport(
  fn: (dir: string, account: Account, files: FileStore) => Promise<void>,
  opts: { mediaFilesPerZip?: number; photosPerMetadataPart?: number; mediaZipNames?: "2025" } = {},
) {
  const dir = await Deno.makeTempDir({ prefix: "fv_export_" });
  try {
    const account = new Account({ seed: 7, photos: 40, videos: 6 });
    const files = new FileStore(account);
    await writeExport(account, dir, { files, ...opts });
    await fn(dir, account, files);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function unzip(path: string): Promise<Record<string, Uint8Array>> {
  return unzipSync(await Deno.readFile(path));
}

function json(bytes: Uint8Array): Rec {
  return JSON.parse(new TextDecoder().decode(bytes));
}

Deno.test("writeExport names and splits zips like Flickr's export", async () => {
  await withExport(async (dir) => {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const metadata = names.filter((n) => /^\d+_[0-9a-f]+_part\d+\.zip$/.test(n));
    const media = names.filter((n) => /^data-download-\d+\.zip$/.test(n));
    assertEquals(metadata.length, 3, names.join(" "));
    assertEquals(media.length, 5, names.join(" "));
    assertEquals(names.length, metadata.length + media.length, "no other files, no .part left");
    const part1 = await unzip(`${dir}/${metadata.find((n) => n.endsWith("_part1.zip"))}`);
    for (const f of ["account_profile.json", "albums.json", "galleries.json", "groups.json"]) {
      assert(part1[f], `${f} in part 1`);
    }
    assert(part1["faves_part001.json"], "faves_part001.json in part 1");
  }, { mediaFilesPerZip: 10, photosPerMetadataPart: 20 });
});

Deno.test("writeExport names media zips the 2025 way when asked, and files as real exports do", async () => {
  await withExport(async (dir, account) => {
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    const media = names.filter((n) => /^data_\d+_[0-9a-f]+_\d+\.zip$/.test(n));
    assertEquals(media.length, 5, names.join(" "));
    assertEquals(names.filter((n) => n.startsWith("data-download")), []);
    const entries: string[] = [];
    for (const m of media) entries.push(...Object.keys(await unzip(`${dir}/${m}`)));
    // Untitled uploads are named by id and original secret; titled ones by slug and id.
    const untitled = [...account.ownLive()].map((i) => account.item("own", i))
      .filter((i) => i.title === "" && i.media === "photo");
    assert(untitled.length > 0, "the account has untitled photos");
    for (const i of untitled) {
      assert(entries.includes(`${i.id}_${i.originalsecret}_o.${i.originalformat}`), i.id);
    }
    assert(entries.some((e) => /^[a-z].*_\d{11}_o\.[a-z0-9]+$/.test(e)), "titled names");
  }, { mediaFilesPerZip: 10, mediaZipNames: "2025" });
});

Deno.test("privacy is one of the three words real exports write", async () => {
  await withExport(async (dir, account) => {
    const meta = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith("_part1.zip"))!.name;
    const entries = await unzip(`${dir}/${meta}`);
    const words = new Map<string, string>();
    for (const i of account.ownLive()) {
      const item = account.item("own", i);
      const rec = entries[`photo_${item.id}.json`];
      if (!rec) continue;
      const kind = item.ispublic ? "public" : item.isfriend || item.isfamily ? "some" : "none";
      words.set(kind, String(json(rec).privacy));
    }
    assertEquals(words.get("public"), "public");
    assertEquals(words.get("some"), "friend & family");
    assertEquals(words.get("none"), "private");
  });
});

Deno.test("photo records mirror the real export record's keys and types", async () => {
  const real = JSON.parse(
    await Deno.readTextFile(fixturePath("flickr-export", "photo_2634391576.json")),
  ) as Rec;
  await withExport(async (dir, account) => {
    const meta = [...Deno.readDirSync(dir)].find((e) => e.name.endsWith("_part1.zip"))!.name;
    const entries = await unzip(`${dir}/${meta}`);
    const photos = Object.keys(entries).filter((n) => /^photo_\d+\.json$/.test(n));
    assertEquals(photos.length, account.ownLive().length);
    let withGeo = 0;
    let withExif = 0;
    for (const name of photos) {
      const rec = json(entries[name]);
      assertEquals(Object.keys(rec), Object.keys(real), `key order of ${name}`);
      for (
        const k of ["count_views", "count_faves", "count_comments", "count_tags", "count_notes"]
      ) {
        assertMatch(String(rec[k]), /^\d+$/);
        assertEquals(typeof rec[k], "string", `${k} is a string`);
      }
      assertMatch(String(rec.date_imported), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      if (Array.isArray(rec.geo)) assertEquals(rec.geo, []);
      else {
        withGeo++;
        const geo = rec.geo as Rec;
        assertMatch(String(geo.latitude), /^-?\d+$/);
        assertMatch(String(geo.longitude), /^-?\d+$/);
      }
      for (const [key, value] of Object.entries(rec.exif as Rec)) {
        withExif++;
        assertMatch(key, /^[A-Za-z0-9]+:[A-Za-z0-9]+$/);
        assertEquals(Object.keys(value as Rec), ["full", "label", "value", "raw_value"]);
        assertEquals((value as Rec).full, key);
      }
      for (const t of rec.tags as Rec[]) {
        assertEquals(Object.keys(t), ["tag", "user", "date_create"]);
      }
      for (const c of rec.comments as Rec[]) {
        assertEquals(Object.keys(c), ["id", "date", "user", "comment", "url"]);
        assertMatch(String(c.user), /^\d+@N\d\d$/);
      }
    }
    assert(withGeo > 0 && withExif > 0, "some records carry geo and EXIF");
  });
});

Deno.test("the export agrees with the truth: originals' sha256, counts, albums", async () => {
  await withExport(async (dir, account, files) => {
    const truth = computeTruth(account, files);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    const media: Record<string, Uint8Array> = {};
    for (const n of names.filter((n) => n.startsWith("data-download-"))) {
      Object.assign(media, await unzip(`${dir}/${n}`));
    }
    const byId = new Map(truth.items.map((i) => [i.id, i]));
    const mediaIds = new Set<string>();
    for (const [name, bytes] of Object.entries(media)) {
      const m = /^(?:.*_)?(\d{11})(?:_[0-9a-f]{10})?_o\.(jpg|mp4)$/.exec(name);
      assert(m, `media name ${name}`);
      const item = byId.get(m[1]);
      assert(item && !item.is_favorite_of_mine, `media ${name} is an own item`);
      assertEquals(createHash("sha256").update(bytes).digest("hex"), item.original_sha256);
      assertEquals(m[2], item.media === "video" ? "mp4" : "jpg");
      mediaIds.add(m[1]);
    }
    for (const item of truth.items.filter((i) => !i.is_favorite_of_mine)) {
      assertEquals(mediaIds.has(item.id), item.original_sha256 !== null, `media of ${item.id}`);
    }

    const records: Rec[] = [];
    let albums: Rec[] = [];
    let faves: Rec[] = [];
    for (const n of names.filter((n) => n.includes("_part"))) {
      const entries = await unzip(`${dir}/${n}`);
      for (const [name, bytes] of Object.entries(entries)) {
        if (name.startsWith("photo_")) records.push(json(bytes));
        if (name === "albums.json") albums = json(bytes).albums as Rec[];
        if (name.startsWith("faves_part")) faves = faves.concat(json(bytes).faves as Rec[]);
      }
    }
    for (const rec of records) {
      const item = byId.get(String(rec.id))!;
      assertEquals(Number(rec.count_comments), item.comments);
      assertEquals((rec.comments as Rec[]).length, item.comments);
      assertEquals(Number(rec.count_faves), item.faves);
      assertEquals((rec.notes as Rec[]).length, item.notes);
      assertEquals(rec.name, item.title);
    }
    assertEquals(albums.length, truth.albums);
    assertEquals(faves.length, truth.favorites);
    assertEquals(
      records.length,
      truth.photos + truth.videos,
    );
  });
});

Deno.test("a free account's export holds every original the API limits to 1,024 px", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_export_free_" });
  try {
    const free = new Account({ seed: 7, photos: 40, videos: 6, plan: "free" });
    const written = await writeExport(free, dir);
    // The bytes are those of the same account on Pro, where the API serves every original.
    const pro = new Account({ seed: 7, photos: 40, videos: 6 });
    const proTruth = computeTruth(pro, new FileStore(pro));
    const freeTruth = computeTruth(free, new FileStore(free));
    assert(freeTruth.photos_limited_to_1024 > 10, "limited photos");
    const media: Record<string, Uint8Array> = {};
    for (const n of written.mediaZips) Object.assign(media, await unzip(`${dir}/${n}`));
    // Media are named `<title>_<id>_o.<ext>`, or `<id>_<secret>_o.<ext>` when untitled.
    const ids = new Set(proTruth.items.map((i) => i.id));
    const sha = new Map(
      Object.entries(media).map(([name, bytes]) => [
        name.match(/\d+/g)!.find((run) => ids.has(run))!,
        createHash("sha256").update(bytes).digest("hex"),
      ]),
    );
    for (const item of proTruth.items.filter((i) => !i.is_favorite_of_mine)) {
      assertEquals(sha.get(item.id) ?? null, item.original_sha256, `original of ${item.id}`);
    }
    const profile = json(
      (await unzip(`${dir}/${written.metadataZips[0]}`))["account_profile.json"],
    );
    assertEquals(profile.pro_user, "no");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
