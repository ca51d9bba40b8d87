/**
 * A run of `flickrvault site` while it writes: the writer, the media, the search index, and how a
 * page of the table (`src/pages/table.ts`) becomes a file of the site: rendered by the entry's own
 * view, queued, its links made relative once the media it shows are placed, and written in
 * batches; with `json`, each with its JSON twin beside it (`albums/1.json`, what the viewer
 * answers to `?format=json`, its URLs made relative too), linked from its head. The steps (`steps/`) decide which pages there are; this module writes them.
 * @module
 */
import type { Child } from "hono/jsx";
import { sql } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import type { GridItem, Page } from "../catalog/browse.ts";
import { listPage, ownItemCount, timeline, type TimelineMonth } from "../catalog/browse.ts";
import { accountOwner } from "../catalog/account_owner.ts";
import type {
  AnyPage,
  PageDef,
  PageOut,
  PageRequest,
  PageSource,
  SiteCopy,
} from "../pages/page.ts";
import type { GridPageDef } from "../pages/grid.tsx";
import type { StreamTimeline } from "../pages/stream.tsx";
import denoJson from "../../deno.json" with { type: "json" };
import { Layout } from "../../views/layout.tsx";
import { Pager } from "../../views/pager.tsx";
import { jsonTwinUrl, withQuery } from "../../views/urls.ts";
import { linkedMedia, type LinkTargets, rewriteJson, rewritePage } from "./rewrite.ts";
import { jsonTwinFile, siteFileOf, type SiteMap } from "./site_paths.ts";
import type { PageKey, SiteWriter } from "./site_writer.ts";
import type { SiteMedia } from "./site_media.ts";
import { assetPath, SITE_PATHS, siteAssets } from "./site_assets.ts";
import { SearchShards } from "./search_shards.ts";
import { type ListFingerprint, listFingerprint } from "./fingerprints.ts";
import { type Phase, phase, type ProgressSink } from "./site_progress.ts";

/** Tiles per page of a list in the site (serve loads 60 at a time as one scrolls). */
export const PAGE_SIZE = 100;
/** Pages rendered before their media are looked up and they are written. */
export const BATCH = 200;
/**
 * Or fewer: the characters of HTML queued before they are written. A list page is some 50,000
 * characters (as two-byte strings, where a title has one), so 200 of them held 18 MB at the end
 * of the photostream; the lookups cost the same for the same files in fewer batches.
 */
export const BATCH_CHARS = 2_000_000;

/**
 * What, besides a page's own inputs, decides how it renders: the site's code and the assets
 * (their hashed URLs are in every page). A new version of flickrvault renders every page again.
 */
export const RENDER_VERSION = JSON.stringify([
  denoJson.version,
  // The site's own code changes what pages hold without a new version number: bump on such edits.
  "site-4",
  siteAssets.map((a) => a.url ?? a.path),
  PAGE_SIZE,
]);

/** A page rendered, waiting for its media before it is written. */
interface PendingPage {
  path: string;
  html: string;
  /** The JSON twin, with the viewer's URLs (when the site has twins). */
  json: string | null;
  /** The catalog files and avatars the page and its twin link. */
  files: number[];
  avatars: string[];
  scripts?: string[];
  key?: PageKey;
}

/** How a page is queued by {@link SiteBuild.emit}. */
export interface EmitOptions {
  /** Its page number in its list (1 for a page that is not a list's). */
  page?: number;
  /** Rendered after the entry's view (a list's pager). */
  after?: Child;
  /** Site paths of extra scripts (loaded with `defer`). */
  scripts?: string[];
  /** The page's reuse key, computed (and checked) by the caller. */
  key?: string;
  /**
   * Everything the page is rendered from, as JSON: a page whose inputs are the last run's is
   * kept without rendering it.
   */
  inputs?: unknown;
}

/** A page the build rendered, as {@link SiteBuildOptions.onPage} hears of it. */
export interface RenderedPage {
  /** The table entry's name. */
  entry: string;
  /** The viewer's URL of the page. */
  url: string;
  /** The site file. */
  path: string;
}

/** What {@link SiteBuild.open} needs. */
export interface SiteBuildOptions {
  catalog: Catalog;
  archiveDir: string;
  siteDir: string;
  writer: SiteWriter;
  media: SiteMedia;
  progress?: ProgressSink;
  now?: Date;
  onPage?: (page: RenderedPage) => void;
  /** Writes each page's JSON twin beside it (see {@link SiteOptions.json}). */
  json?: boolean;
}

/** The site file of page `page` of a list whose first page's URL is `url`. */
export function pagePath(url: string, page: number): string {
  return siteFileOf(withQuery(url, { page: page > 1 ? page : null }), NO_MONTHS)!;
}

/** A list of `count` items takes this many pages (one at least: an empty list has its page). */
export function pagesOf(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/** Stream pages where each month begins, so the timeline's links land on the right page. */
function monthPages(months: TimelineMonth[]): Map<string, number> {
  const out = new Map<string, number>();
  let before = 0;
  for (const m of months) {
    out.set(m.month, Math.floor(before / PAGE_SIZE) + 1);
    before += m.count;
  }
  return out;
}

/** The request of a page that takes no parameters (the site reads it as the viewer would). */
const BARE_REQUEST: PageRequest = {
  param: () => "",
  query: () => undefined,
  after: undefined,
  limit: undefined,
  want: "page",
};

/** A map for pages whose links do not depend on the timeline. */
export const NO_MONTHS: SiteMap = { monthPage: () => null };

/** The HTML of a rendered JSX node. */
export async function render(node: unknown): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

/** A run of the site; see the module doc. */
export class SiteBuild {
  readonly db: Catalog["db"];
  /** What the status and search pages say of the copy (the shards' count comes last). */
  readonly copy: SiteCopy;
  /** Where the timeline's months begin in the stream, by order. */
  readonly map: SiteMap;
  /** Links of pages rendered without their media (the timeline, rendered once per folder). */
  readonly linksWithoutMedia: LinkTargets;
  readonly shards: SearchShards;
  #pending: PendingPage[] = [];
  /** Characters of the queued pages and their twins. */
  #pendingChars = 0;
  #turnAt = performance.now();

  private constructor(
    readonly opts: SiteBuildOptions,
    readonly writer: SiteWriter,
    readonly media: SiteMedia,
    /** The photostream's months, by order. */
    readonly timelines: Record<"taken" | "uploaded", StreamTimeline>,
    /**
     * Every item, the account's own, and its owner's name; the items Flickr did not show to
     * everyone, counted by the photo pages' step as it meets them.
     */
    readonly counts: { items: number; own: number; owner: string | null; notPublic: number },
  ) {
    this.db = opts.catalog.db;
    this.copy = { madeAt: opts.now ?? new Date(), shards: 0 };
    const months = {
      taken: monthPages(timelines.taken.months),
      uploaded: monthPages(timelines.uploaded.months),
    };
    this.map = { monthPage: (order, month) => months[order].get(month) ?? null };
    this.linksWithoutMedia = {
      page: (url) => siteFileOf(url, this.map),
      file: () => null,
      avatar: () => SITE_PATHS.avatar,
      asset: assetPath,
    };
    this.shards = SearchShards.open(opts.siteDir, counts.items);
  }

  /** Reads what every step needs (the timelines, the counts) and opens the search index. */
  static async open(opts: SiteBuildOptions): Promise<SiteBuild> {
    const db = opts.catalog.db;
    const timelines = {
      taken: await timeline(db, "taken"),
      uploaded: await timeline(db, "uploaded"),
    };
    const items = Number(
      (await sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(db)).rows[0].n,
    );
    const own = await ownItemCount(db);
    const owner = (await accountOwner(db))?.name ?? null;
    return new SiteBuild(opts, opts.writer, opts.media, timelines, {
      items,
      own,
      owner,
      notPublic: 0,
    });
  }

  /** A phase's progress: counts and, once under way, the time left. */
  phase(name: string, total: number): Phase {
    return phase(this.opts.progress, name, total);
  }

  /** How a page of the site links on: the next page of its list, another list's first page. */
  out(url: string, page: number): PageOut {
    return {
      site: this.copy,
      next: (cursor) => cursor ? withQuery(url, { page: page + 1 }) : null,
      more: (other, cursor) => cursor ? other : null,
    };
  }

  /**
   * Renders `entry`'s page at `url` from `data` and queues it for writing (see
   * {@link EmitOptions} for what keeps a page unrendered).
   */
  async emit(entry: AnyPage, url: string, data: unknown, o: EmitOptions = {}): Promise<void> {
    // Pages are written with sync calls and read with native ones that never hand the event
    // loop a turn: give it one every 100 ms, so that a stop signal (SIGTERM, Ctrl-C) is heard.
    if (performance.now() - this.#turnAt > 100) {
      await new Promise((r) => setTimeout(r, 0));
      this.#turnAt = performance.now();
    }
    const path = siteFileOf(url, this.map);
    if (!path) throw new Error(`No site file for ${url}`);
    const out = this.out(url, o.page ?? 1);
    const { layout, body } = entry.view(data, out);
    let key = o.key;
    if (key === undefined && o.inputs !== undefined) {
      key = JSON.stringify([RENDER_VERSION, layout, o.inputs]);
      if (this.reuse([path], key)) return;
    }
    const twins = this.opts.json === true;
    const page = (
      <>
        {body}
        {o.after}
      </>
    );
    const html = "<!doctype html>" +
      await render(Layout({ ...layout, json: twins ? jsonTwinUrl(url) : null, children: page }));
    const json = twins ? JSON.stringify(entry.json(data, out)) : null;
    // The media are read off the page now, not at the flush: the scan also flattens the page,
    // which the JSX renderer hands over as a rope of thousands of pieces, several times its size
    // in the heap (the 200 pages of a batch of lists held 40 MB at 30,000 items).
    const media = linkedMedia(html);
    const twin = json === null ? null : linkedMedia(json);
    this.#pending.push({
      path,
      html,
      json,
      files: twin ? [...media.files, ...twin.files] : media.files,
      avatars: twin ? [...media.avatars, ...twin.avatars] : media.avatars,
      scripts: o.scripts,
      key: key === undefined ? undefined : this.writer.pageKey(this.#withTwins(key)),
    });
    this.opts.onPage?.({ entry: entry.name, url, path });
    this.#pendingChars += html.length + (json?.length ?? 0);
    if (this.#pending.length >= BATCH || this.#pendingChars >= BATCH_CHARS) await this.flush();
  }

  /** Places the media the queued pages show, then writes them with their links made relative. */
  async flush(): Promise<void> {
    const files: number[] = [];
    const nsids: string[] = [];
    for (const p of this.#pending) {
      files.push(...p.files);
      nsids.push(...p.avatars);
    }
    await this.media.load(files, nsids);
    const targets: LinkTargets = {
      page: (url) => siteFileOf(url, this.map),
      file: (id) => this.media.file(id),
      avatar: (nsid) => this.media.avatar(nsid) ?? SITE_PATHS.avatar,
      asset: assetPath,
    };
    for (const p of this.#pending) {
      this.writer.put(
        p.path,
        rewritePage(p.html, { path: p.path, targets, scripts: p.scripts }),
        p.key,
      );
      if (p.json === null) continue;
      const twin = jsonTwinFile(p.path);
      this.writer.put(twin, rewriteJson(p.json, { path: twin, targets }));
    }
    this.#pending = [];
    this.#pendingChars = 0;
    // Let the event loop turn. The driver's promises settle without a turn and pages are written
    // synchronously, so the loop would stay still for the whole run; V8's own housekeeping
    // (finishing collections, freeing buffers) waits for a turn. Without one the photo pages
    // alone held 50 MB more at 100,000 items.
    await new Promise((r) => setTimeout(r, 0));
  }

  /**
   * Keeps `paths` (and their JSON twins, when the site has them) as the last run wrote them when
   * the first one's `key` is the last run's (see {@link SiteWriter.reuseAll}); answers whether it
   * did.
   */
  reuse(paths: string[], key: string): boolean {
    if (!this.opts.json) return this.writer.reuseAll(paths, this.#withTwins(key));
    return this.writer.reuseAll(paths.flatMap((p) => [p, jsonTwinFile(p)]), this.#withTwins(key));
  }

  /** A page's key, told apart by whether it links a twin (its head differs). */
  #withTwins<K extends string | undefined>(key: K): K {
    return (this.opts.json && key !== undefined ? `${key}+json` : key) as K;
  }

  /**
   * Writes every page of a grid entry's list for `subject`, a page of {@link PAGE_SIZE} tiles
   * with a pager at a time; answers the number of pages. The whole list is kept, unread, when its
   * fingerprint (`known`, when read in bulk) and its heading are the last run's. `subjectFor`
   * gives a page its own subject (the stream's timeline, linked from each page's folder).
   */
  async grid<S>(
    entry: GridPageDef<S>,
    subject: S,
    o: { known?: ListFingerprint; subjectFor?: (page: number) => S } = {},
  ): Promise<number> {
    const ref = entry.grid.ref(subject);
    const url = entry.grid.url(subject);
    const count = entry.grid.count(subject);
    const inputs = entry.grid.key(subject);
    const lf = o.known ?? await listFingerprint(this.db, ref);
    const listKey = JSON.stringify([RENDER_VERSION, "list", url, count, inputs, lf.fp]);
    const all = Array.from({ length: pagesOf(lf.count) }, (_, i) => pagePath(url, i + 1));
    if (this.reuse(all, listKey)) return all.length;
    let after: string | null = null;
    let page = 1;
    const pages = count === null ? null : pagesOf(count);
    do {
      const list: Page<GridItem> = await listPage(this.db, ref, { after, limit: PAGE_SIZE });
      const next = list.next ? withQuery(url, { page: page + 1 }) : null;
      const prev = page > 1 ? withQuery(url, { page: page - 1 }) : null;
      const pager = (
        <Pager prev={prev} next={next} page={page} pages={pages ?? (next ? page + 1 : page)} />
      );
      const s = o.subjectFor?.(page) ?? subject;
      // The first page carries the list's key; the others their own, to be kept if unchanged.
      await this.emit(entry, withQuery(url, { page: page > 1 ? page : null }), {
        subject: s,
        list,
      }, {
        page,
        after: pager,
        ...(page === 1 ? { key: listKey } : { inputs: [inputs, list.items, next, page, pages] }),
      });
      after = list.next;
      page++;
    } while (after);
    return page - 1;
  }

  /**
   * Writes the pages of an index list (albums, tags, people) `limit` at a time, and hands each
   * page's rows to `each` (to write their own pages).
   */
  async index<T>(
    entry: AnyPage,
    url: string,
    read: (after: string | null) => Promise<Page<T>>,
    data: (list: Page<T>) => unknown,
    each: (items: T[]) => Promise<void>,
  ): Promise<void> {
    let after: string | null = null;
    let page = 1;
    do {
      const list = await read(after);
      await this.emit(entry, withQuery(url, { page: page > 1 ? page : null }), data(list), {
        page,
      });
      await each(list.items);
      after = list.next;
      page++;
    } while (after);
  }

  /** Where the table's `load` reads from. */
  get source(): PageSource {
    return { db: this.db, catalog: this.opts.catalog, archiveDir: this.opts.archiveDir };
  }

  /**
   * Reads a page that takes no parameters (the collections, the status) with the table's own
   * `load`, as the viewer does, and writes it; answers what it read.
   */
  async single<D>(entry: PageDef<D>, url: string): Promise<D> {
    const data = await entry.load(this.source, BARE_REQUEST);
    if (data === null) throw new Error(`${entry.name}: the page read nothing`);
    await this.emit(entry, url, data);
    return data;
  }

  /** Writes what is queued; call once every step has run. */
  async finish(): Promise<void> {
    await this.flush();
  }
}
