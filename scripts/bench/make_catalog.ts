/**
 * Makes a large, realistic archive for the viewer benchmark quickly: catalog rows written through
 * the archiver's own batched writers (items, files, tags, comments, faves, people, albums, groups,
 * the search index), deterministic for a seed, without generating media per item. Every file row
 * points at its own path, and every path is a hard link to one of a handful of small real JPEGs
 * written once, so the viewer can serve any of them and `verify` finds them whole.
 *
 * Shape, for `n` items: 97 % own photos, 1 % own videos, 2 % favourites of others' photos; tags
 * drawn with a Zipf law from a pool of about 3,000 (a few on a large share of the items, most on
 * few); about 15 % of the items with comments and 25 % with faves (a long tail past 500); one
 * album per 125 items; six groups.
 *
 * `deno run -A scripts/bench/make_catalog.ts DIR [--items N] [--seed S]`
 *
 * @example
 * ```ts
 * const made = await makeCatalog("/tmp/big-archive", { items: 100_000 });
 * console.log(made.commonTag, made.seconds);
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { openCatalog } from "../../src/catalog/db.ts";
import type { NewComment, NewFave, NewFile, NewItem, NewTag } from "../../src/catalog/schema.ts";
import {
  type ChildRows,
  finishRun,
  refreshSearch,
  replaceAlbums,
  replaceCommentsBulk,
  replaceFavesBulk,
  replaceGroups,
  replaceTagsBulk,
  setMeta,
  startRun,
  upsertFiles,
  upsertItems,
  upsertLicenses,
  upsertPeople,
} from "../../src/catalog/writes.ts";
import { jpegFile } from "../../src/simulator/media.ts";
import { Rng } from "../../src/simulator/prng.ts";
import {
  CAMERAS,
  COMMENTS,
  DESCRIPTIONS,
  FAMILY_NAMES,
  FIRST_NAMES,
  LICENSES,
  normaliseTag,
  PLACES,
  RAW_TAGS,
  TITLES,
} from "../../src/simulator/vocabulary.ts";

/** Options of {@link makeCatalog}. */
export interface MakeCatalogOptions {
  /** Items in all (own photos and videos, and favourites). */
  items: number;
  /** Default 1. */
  seed?: number;
}

/** What {@link makeCatalog} made: handy ids and words for requests that find something. */
export interface MadeCatalog {
  dir: string;
  items: number;
  ownIds: string[];
  /** The tag carried by the most items, and how many carry it. */
  commonTag: string;
  commonTagCount: number;
  /** A tag on about 1 % of the items. */
  midTag: string;
  /** A word found by search in about 1 % of the items (ranked by relevance). */
  rankedWord: string;
  /** A word found in a large share of the items (listed newest first). */
  broadWord: string;
  seconds: number;
}

const OWNER = "35034350743@N01";
const TIME_START = Date.UTC(2008, 0, 1) / 1000;
const TIME_END = Date.UTC(2024, 5, 1) / 1000;
const BATCH = 5000;
const PEOPLE = 800;
/** Distinct words searched in about 1 % of the titles ("ranked" search). */
const RARE_TITLE_WORDS = ["lighthouse", "aurora", "carnival", "glacier", "orchard"];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function takenString(unix: number): string {
  const d = new Date(unix * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** About 3,000 distinct raw tags: ordinary words, places, places with years, cameras, numbered. */
export function tagPool(): string[] {
  const pool = new Set<string>(RAW_TAGS);
  const words = [
    "sky",
    "clouds",
    "river",
    "bridge",
    "night",
    "portrait",
    "flowers",
    "beach",
    "winter",
    "autumn",
    "spring",
    "architecture",
    "bw",
    "film",
    "35mm",
    "children",
    "cat",
    "sea",
    "trees",
    "snow",
    "rain",
    "city",
    "market",
    "food",
    "music",
    "concert",
    "museum",
    "train",
    "bicycle",
  ];
  for (const w of words) pool.add(w);
  for (const p of PLACES) {
    for (const name of [p.locality, p.country, p.region, p.neighbourhood]) {
      if (!name) continue;
      pool.add(name);
      for (let y = 2008; y <= 2024; y++) pool.add(`${name} ${y}`);
    }
  }
  for (const c of CAMERAS) pool.add(c.name);
  let k = 0;
  while (pool.size < 3000) pool.add(`${words[k % words.length]} ${Math.floor(k++ / words.length)}`);
  return [...pool];
}

/** An index in [0, n) drawn with a Zipf law of exponent 1 (index 0 the most frequent). */
function zipf(rng: Rng, n: number): number {
  // Inverse of the continuous approximation of the harmonic CDF.
  return Math.min(n - 1, Math.floor(Math.exp(rng.next() * Math.log(n + 1)) - 1));
}

/**
 * Writes `dir/catalog.db` and the linked files; `dir` must not hold an archive yet. Takes about
 * a minute for 100,000 items on two cores.
 */
export async function makeCatalog(dir: string, opts: MakeCatalogOptions): Promise<MadeCatalog> {
  const started = performance.now();
  const n = Math.max(10, Math.floor(opts.items));
  const rng = new Rng(opts.seed ?? 1);
  const nFav = Math.max(1, Math.round(n * 0.02));
  const nVideo = Math.max(1, Math.round(n * 0.01));
  const nOwn = n - nFav;
  const pool = tagPool();
  const tagCounts = new Map<string, number>();
  const ownIds: string[] = [];

  // A handful of real files, linked under every path the catalog names.
  const baseDir = join(dir, ".bench-base");
  await Deno.mkdir(baseDir, { recursive: true });
  // ext4 allows 65,000 links to one file: spread the paths over several copies of each size.
  const copies = Math.max(1, Math.ceil(n / 20_000));
  const bases: Record<
    string,
    { path: string; bytes: number; sha256: string; w: number; h: number }[]
  > = {};
  for (
    const [kind, w, h] of [["thumb", 320, 213], ["display", 1024, 683], [
      "original",
      1600,
      1067,
    ]] as const
  ) {
    bases[kind] = [];
    for (let c = 0; c < copies; c++) {
      const bytes = jpegFile({ width: w, height: h, key: `bench_${kind}_${c}` });
      const path = join(baseDir, `${kind}_${c}.jpg`);
      await Deno.writeFile(path, bytes);
      bases[kind].push({ path, bytes: bytes.length, sha256: await sha256Hex(bytes), w, h });
    }
  }

  const catalog = await openCatalog(dir, { create: true });
  const db = catalog.db;
  try {
    const stamp = new Date().toISOString();
    const runId = await startRun(db, "archive");
    await setMeta(db, "user_nsid", OWNER);
    const people = Array.from({ length: PEOPLE }, (_, i) => {
      const first = FIRST_NAMES[i % FIRST_NAMES.length];
      const family = FAMILY_NAMES[(i * 7) % FAMILY_NAMES.length];
      return {
        nsid: `${30000000 + i * 7919}@N0${i % 8}`,
        username: `${first.toLowerCase()}${i}`,
        realname: i % 3 === 0 ? "" : `${first} ${family}`,
        path_alias: i % 2 === 0 ? `${first.toLowerCase()}_${i}` : null,
        iconserver: "0",
        iconfarm: 0,
        updated_at: stamp,
      };
    });
    people.push({
      nsid: OWNER,
      username: "bench.keeper",
      realname: "Bench Keeper",
      path_alias: null,
      iconserver: "0",
      iconfarm: 0,
      updated_at: stamp,
    });
    await upsertPeople(db, people);
    await upsertLicenses(db, LICENSES.map((l) => ({ id: l.id, name: l.name, url: l.url || null })));

    const dirsMade = new Set<string>();
    for (let start = 0; start < n; start += BATCH) {
      const items: NewItem[] = [];
      const files: NewFile[] = [];
      const tagsBy = new Map<string, ChildRows<NewTag>[]>();
      const commentsBy = new Map<string, ChildRows<NewComment>[]>();
      const favesBy = new Map<string, ChildRows<NewFave>[]>();
      const links: [string, string][] = [];
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const mine = i < nOwn;
        const isVideo = mine && i >= nOwn - nVideo;
        const id = mine ? String(52_000_000_000 + i * 1013) : String(40_000_000_000 + i * 977);
        if (mine) ownIds.push(id);
        const owner = mine ? OWNER : people[i % PEOPLE].nsid;
        const uploaded = Math.floor(TIME_START + ((TIME_END - TIME_START) * (i + 1)) / (n + 1));
        const taken = uploaded - rng.int(0, 86400 * 60);
        const place = rng.chance(0.4) ? rng.pick(PLACES) : null;
        const camera = rng.pick(CAMERAS);
        const rare = rng.chance(0.01) ? ` ${rng.pick(RARE_TITLE_WORDS)}` : "";
        const title = `${rng.pick(TITLES)}${rare}`;
        const raws = new Set<string>();
        for (let t = rng.int(1, 6); t > 0; t--) raws.add(pool[zipf(rng, pool.length)]);
        const tags = [...raws].map((raw) => ({
          tag: normaliseTag(raw),
          raw,
          author: owner,
          is_machine: 0,
        }));
        for (const t of tags) tagCounts.set(t.tag, (tagCounts.get(t.tag) ?? 0) + 1);
        tagsBy.set(id, tags);

        const c = rng.next();
        const nComments = c < 0.85 ? 0 : c < 0.97 ? rng.int(1, 5) : rng.int(6, 60);
        const f = rng.next();
        let nFaves = f < 0.75 ? 0 : f < 0.95 ? rng.int(1, 5) : rng.int(6, 80);
        if (i === Math.floor(n / 3)) nFaves = 640;
        if (nComments) {
          commentsBy.set(
            id,
            Array.from({ length: nComments }, (_, k) => {
              const author = people[(i * 31 + k * 17) % PEOPLE];
              return {
                id: `${id}-72157${pad(k, 6)}`,
                author: author.nsid,
                authorname: author.username,
                realname: author.realname,
                date_create: uploaded + 3600 * (k + 1),
                html: rng.pick(COMMENTS),
                raw_json: "{}",
              };
            }),
          );
        }
        if (nFaves) {
          favesBy.set(
            id,
            Array.from({ length: Math.min(nFaves, PEOPLE) }, (_, k) => ({
              nsid: people[(i * 13 + k) % PEOPLE].nsid,
              fave_date: uploaded + 600 * (k + 1),
            })),
          );
        }

        const ym = takenString(taken).slice(0, 7).replace("-", "/");
        items.push({
          id,
          owner,
          media: isVideo ? "video" : "photo",
          is_mine: mine ? 1 : 0,
          is_favorite_of_mine: mine ? 0 : 1,
          faved_at: mine ? null : TIME_END - (n - i) * 3600,
          title,
          description: rng.pick(DESCRIPTIONS),
          date_taken: takenString(taken),
          date_uploaded: uploaded,
          last_update: uploaded + 3600,
          license: rng.pick(LICENSES).id,
          is_public: 1,
          is_friend: 0,
          is_family: 0,
          safety_level: 0,
          views: rng.int(0, 5000),
          count_comments: nComments,
          count_faves: nFaves,
          tags: tags.map((t) => t.tag).join(" "),
          latitude: place?.latitude ?? null,
          longitude: place?.longitude ?? null,
          accuracy: place ? 16 : 0,
          neighbourhood: place?.neighbourhood ?? null,
          locality: place?.locality ?? null,
          county: place?.county ?? null,
          region: place?.region ?? null,
          country: place?.country ?? null,
          server: "65535",
          secret: rng.hex(10),
          original_secret: rng.hex(10),
          original_format: "jpg",
          o_width: bases.original[0].w,
          o_height: bases.original[0].h,
          duration: isVideo ? 12 : null,
          photopage_url: `https://www.flickr.com/photos/${owner}/${id}/`,
          exif_json: JSON.stringify({ Make: camera.make, Model: camera.model, ISO: 200 }),
          exif_source: "file",
          camera_make: camera.make,
          camera_model: camera.model,
          listing_json: JSON.stringify({ id, owner, title }),
          info_last_update: uploaded + 3600,
          comments_synced: nComments,
          faves_synced: nFaves,
          first_seen_at: stamp,
          updated_at: stamp,
        });
        const folder = mine ? `photos/${ym}` : `favorites/${owner.replace("@", "_")}`;
        for (const kind of ["thumb", "display", "original"] as const) {
          const sub = kind === "original" ? folder : `${kind}s/${ym}`;
          const path = `${sub}/${id}_${kind}.jpg`;
          const base = bases[kind][i % copies];
          links.push([base.path, join(dir, path)]);
          if (!dirsMade.has(sub)) {
            dirsMade.add(sub);
            await Deno.mkdir(join(dir, sub), { recursive: true });
          }
          files.push({
            item_id: id,
            kind,
            path,
            bytes: base.bytes,
            sha256: base.sha256,
            content_type: "image/jpeg",
            width: base.w,
            height: base.h,
            fetched_at: stamp,
            verify_status: "ok",
          });
        }
      }
      await upsertItems(db, items);
      await upsertFiles(db, files);
      await replaceTagsBulk(db, tagsBy);
      await replaceCommentsBulk(db, commentsBy);
      await replaceFavesBulk(db, favesBy);
      for (let k = 0; k < links.length; k += 256) {
        await Promise.all(links.slice(k, k + 256).map(([from, to]) => Deno.link(from, to)));
      }
    }

    // Albums: one per 125 items, each holding a run of consecutive uploads.
    const nAlbums = Math.max(1, Math.round(n / 125));
    const itemsByAlbum = new Map<string, string[]>();
    const albums = Array.from({ length: nAlbums }, (_, a) => {
      const id = `721577${pad(a, 11)}`;
      const from = Math.floor((a * ownIds.length) / nAlbums);
      const members = ownIds.slice(from, from + rng.int(10, 250));
      itemsByAlbum.set(id, members);
      return {
        id,
        position: a,
        title: `${rng.pick(TITLES)} ${a + 1}`,
        description: "",
        primary_photo_id: members[0] ?? null,
        count_photos: members.length,
        count_videos: 0,
        count_views: a,
        date_create: TIME_START + a * 86400,
        date_update: TIME_END - a * 3600,
        raw_json: "{}",
      };
    });
    await replaceAlbums(db, albums, itemsByAlbum);
    const groups = ["Black and White", "Street", "Long Exposure", "Cats", "Travel", "Macro"];
    await replaceGroups(
      db,
      groups.map((name, g) => ({ id: `${1000 + g}@N2${g}`, name, position: g, raw_json: "{}" })),
      new Map(groups.map((_, g) => [
        `${1000 + g}@N2${g}`,
        ownIds.filter((_, k) => k % 50 === g).map((item_id, k) => ({ item_id, date_added: k })),
      ])),
    );

    for (let k = 0; k < n; k += BATCH) {
      const ids = await db.selectFrom("items").select("id").orderBy("id").limit(BATCH).offset(k)
        .execute();
      await refreshSearch(db, ids.map((r) => r.id));
    }
    await finishRun(db, runId, "done", { api_calls: 0, retries: 0 });
    await setMeta(db, "last_run", stamp);
  } finally {
    await catalog.close();
    await Deno.remove(baseDir, { recursive: true });
  }

  const byCount = [...tagCounts].sort((a, b) => b[1] - a[1]);
  const mid = byCount.find(([, c]) => c <= n / 100) ?? byCount.at(-1)!;
  return {
    dir,
    items: n,
    ownIds,
    commonTag: byCount[0][0],
    commonTagCount: byCount[0][1],
    midTag: mid[0],
    rankedWord: RARE_TITLE_WORDS[0],
    broadWord: "sunset",
    seconds: (performance.now() - started) / 1000,
  };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: { items: { type: "string", default: "100000" }, seed: { type: "string" } },
  });
  if (positionals.length !== 1) {
    console.error("Usage: make_catalog.ts DIR [--items N] [--seed S]");
    Deno.exit(2);
  }
  const made = await makeCatalog(positionals[0], {
    items: Number(values.items),
    seed: values.seed ? Number(values.seed) : undefined,
  });
  console.log(JSON.stringify({ ...made, ownIds: made.ownIds.length }));
}
