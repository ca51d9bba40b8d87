/**
 * A test bench for the archive phases that fill in what a photo page shows (details, people,
 * structure, videos, manual videos): a simulator on 127.0.0.1, a catalog in a temp dir, and a
 * minimal listing of its own (own items and favourites into `items`, photo originals with a
 * `checksum:md5=` tag downloaded), so the phases can run without the pipeline core.
 * @module
 */
import { join } from "node:path";
import { sql } from "kysely";
import { assert, assertEquals } from "./assert.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { type Catalog, openCatalog } from "../src/catalog/db.ts";
import { markDeleted, startRun, upsertFiles, upsertItems } from "../src/catalog/writes.ts";
import type { NewItem } from "../src/catalog/schema.ts";
import { FlickrClient } from "../src/flickr/client.ts";
import { FetchFileClient } from "../src/flickr/fetch_file_client.ts";
import { Http1Client } from "../src/flickr/http1_client.ts";
import type { ListedPhoto, PhotoList } from "../src/flickr/types.ts";
import type { ArchiveContext } from "../src/archive/context.ts";
import { downloadToFile } from "../src/archive/download.ts";
import { originalPath, resolveInArchive } from "../src/tree/layout.ts";
import { memorySink, Progress } from "../src/progress.ts";
import { type RunningSimulator, startSimulator } from "../src/simulator/server.ts";
import { type Truth, TRUTH_COUNTERS } from "../src/simulator/truth.ts";

/** A running bench. */
export interface Bench {
  sim: RunningSimulator;
  dir: string;
  catalog: Catalog;
  client: FlickrClient;
  ctx: ArchiveContext;
  lines: string[];
  /** Lists the account into `items` (as the listing phase would), returns the calls it made. */
  list(): Promise<number>;
  truth(): Promise<Truth>;
  /** API calls the simulator counted, by method. */
  stats(): Promise<Record<string, number>>;
  mutate(action: string, id?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Options of {@link openBench}. */
export interface BenchOptions {
  photos: number;
  videos: number;
  seed: number;
  favorites?: number;
}

async function allPages(fetchPage: (page: number) => Promise<PhotoList>): Promise<ListedPhoto[]> {
  const out: ListedPhoto[] = [];
  for (let page = 1;; page++) {
    const answer = await fetchPage(page);
    out.push(...answer.items);
    if (answer.page >= answer.pages) return out;
  }
}

function row(p: ListedPhoto, mine: boolean, now: string): NewItem {
  const r: NewItem = {
    id: p.id,
    owner: p.owner!,
    media: p.media,
    is_mine: mine ? 1 : 0,
    title: p.title,
    date_taken: p.dateTaken ?? null,
    date_taken_unknown: p.dateTakenUnknown ? 1 : 0,
    date_uploaded: p.dateUpload ?? null,
    last_update: p.lastUpdate ?? null,
    count_comments: p.countComments ?? null,
    count_faves: p.countFaves ?? null,
    tags: (p.tags ?? []).join(" "),
    machine_tags: (p.machineTags ?? []).join(" "),
    server: p.server ?? null,
    secret: p.secret ?? null,
    original_secret: p.originalSecret ?? null,
    original_format: p.originalFormat ?? null,
    path_alias: p.pathAlias ?? null,
    deleted_on_flickr: 0,
    listing_json: JSON.stringify(p.raw),
    first_seen_at: now,
    updated_at: now,
  };
  if (!mine) r.is_favorite_of_mine = 1;
  return r;
}

/** Starts a simulator and a catalog; call `close()` at the end. */
export async function openBench(opts: BenchOptions): Promise<Bench> {
  const sim = await startSimulator({ ...opts, port: 0 });
  const dir = await Deno.makeTempDir({ prefix: "fv_phases_" });
  const catalog = await openCatalog(dir);
  const client = new FlickrClient({
    origin: sim.origin,
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    oauthToken: sim.oauthToken,
    oauthTokenSecret: sim.oauthTokenSecret,
    retryBaseMs: 5,
  });
  const sink = memorySink();
  const ctx: ArchiveContext = {
    archiveDir: dir,
    catalog,
    client,
    progress: new Progress(sink, {
      callsPerHour: 3600,
      get callsMade() {
        return client.stats.calls;
      },
    }),
    userNsid: sim.userNsid,
    runId: await startRun(catalog.db, "archive"),
    concurrency: 4,
    files: new Http1Client(),
    stallTimeoutMs: 5000,
    signal: new AbortController().signal,
    downloadRetryBaseMs: 1000,
    downloadRetries: 0,
    attention: [],
  };
  const control = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${sim.origin}${path}`, init);
    return await res.json();
  };

  const list = async () => {
    const before = client.stats.calls;
    const now = new Date().toISOString();
    const own = await allPages((page) => client.getPhotos({ page }));
    const favorites = await allPages((page) => client.favoritesGetList({ page }));
    await upsertItems(catalog.db, [
      ...own.map((p) => row(p, true, now)),
      ...favorites.map((p) => row(p, false, now)),
    ]);
    const listed = new Set(own.map((p) => p.id));
    const stored = await catalog.db.selectFrom("items").select("id").where("is_mine", "=", 1)
      .execute();
    await markDeleted(catalog.db, stored.map((r) => r.id).filter((id) => !listed.has(id)));
    // Originals of photos that carry a checksum tag, so that the tag can be checked.
    for (const p of own) {
      if (p.media !== "photo" || !/checksum:md5=/.test((p.machineTags ?? []).join(" "))) continue;
      const url = p.urls.o?.url;
      if (!url) continue;
      const rel = originalPath({
        id: p.id,
        title: p.title,
        dateTaken: p.dateTaken,
        dateUploaded: p.dateUpload,
        originalFormat: p.originalFormat,
      });
      const current = await catalog.db.selectFrom("files").select("secret")
        .where("item_id", "=", p.id).where("kind", "=", "original").where("is_current", "=", 1)
        .executeTakeFirst();
      if (current?.secret === p.originalSecret) continue;
      const got = await downloadToFile({
        url,
        dest: resolveInArchive(dir, rel),
        expect: "image",
      });
      await upsertFiles(catalog.db, [{
        item_id: p.id,
        kind: "original",
        path: rel,
        bytes: got.bytes,
        sha256: got.sha256,
        secret: p.originalSecret ?? null,
        fetched_at: now,
      }]);
    }
    return client.stats.calls - before;
  };

  return {
    sim,
    dir,
    catalog,
    client,
    ctx,
    lines: sink.lines,
    list,
    truth: () => control("/__simulator/truth"),
    stats: async () => (await control("/__simulator/stats")).api_calls,
    mutate: (action, id) =>
      control("/__simulator/mutate", {
        method: "POST",
        body: JSON.stringify(id ? { action, id } : { action }),
      }),
    async close() {
      ctx.files.close();
      await catalog.close();
      await sim.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The difference between two stats snapshots (calls made in between), by method. */
export function callsBetween(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [method, n] of Object.entries(after)) {
    const d = n - (before[method] ?? 0);
    if (d > 0) out[method] = d;
  }
  return out;
}

/** Sum of a calls-by-method record. */
export function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** An archive path made absolute. */
export function inArchive(bench: Bench, rel: string): string {
  return join(bench.dir, rel);
}

/** A context for phases that make no API call (a client pointed at nothing). */
export function offlineContext(catalog: Catalog, dir: string): ArchiveContext {
  const client = new FlickrClient({ origin: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s" });
  return {
    archiveDir: dir,
    catalog,
    client,
    progress: new Progress(memorySink(), { callsPerHour: 3600, callsMade: 0 }),
    userNsid: "10000000@N00",
    runId: 1,
    concurrency: 2,
    files: new FetchFileClient(),
    stallTimeoutMs: 5000,
    signal: new AbortController().signal,
    downloadRetryBaseMs: 1000,
    downloadRetries: 0,
    attention: [],
  };
}

const COUNTERS = TRUTH_COUNTERS;

/** Per item: comments, faves, notes and albums in the catalog, for items still on Flickr. */
async function catalogItems(catalog: Catalog) {
  const { rows } = await sql<
    { id: string; comments: number; faves: number; notes: number; albums: string | null }
  >`SELECT i.id,
      (SELECT count(*) FROM comments c WHERE c.item_id = i.id) AS comments,
      (SELECT count(*) FROM faves f WHERE f.item_id = i.id) AS faves,
      (SELECT count(*) FROM notes n WHERE n.item_id = i.id) AS notes,
      (SELECT group_concat(album_id) FROM (SELECT ai.album_id FROM album_items ai
        JOIN albums a ON a.id = ai.album_id WHERE ai.item_id = i.id ORDER BY a.position)) AS albums
    FROM items i WHERE i.deleted_on_flickr = 0`.execute(catalog.db);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Asserts that the catalog holds what the truth holds, counter by counter (every counter of the
 * design contract) and item by item. Items deleted on Flickr stay in the archive with their
 * comments, faves and notes; the truth counts only items still on Flickr, so those are compared.
 */
export async function assertMatchesTruth(
  catalog: Catalog,
  dir: string,
  truth: Truth,
): Promise<void> {
  const status = await archiveStatus(catalog, dir);
  const live = { ...status, photos: status.photos_on_flickr, videos: status.videos_on_flickr };
  const items = await catalogItems(catalog);
  const sums = { comments: 0, faves: 0, notes: 0 };
  for (const r of items.values()) {
    sums.comments += r.comments;
    sums.faves += r.faves;
    sums.notes += r.notes;
  }
  for (const key of COUNTERS) {
    const ours = key in sums ? sums[key as keyof typeof sums] : live[key];
    assertEquals(ours, truth[key], `${key}: catalog ${ours}, truth ${truth[key]}`);
  }
  assertEquals(items.size, truth.items.length, "items on Flickr");
  for (const t of truth.items) {
    const ours = items.get(t.id);
    assert(ours, `item ${t.id} is in the catalog`);
    assertEquals(
      [ours.comments, ours.faves, ours.notes],
      [t.comments, t.faves, t.notes],
      `comments, faves, notes of ${t.id}`,
    );
    assertEquals(ours.albums?.split(",") ?? [], t.albums, `albums of ${t.id}`);
  }
}
