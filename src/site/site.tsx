/**
 * `flickrvault site DIR`: the whole archive as a static website that opens from `file://`. Every
 * page is rendered by the viewer's own views (same look as `serve`), then its links are made
 * relative (rewrite.ts, site_paths.ts). Lists are walked with the catalog's keyset queries a page
 * at a time, and pages go to disk in batches, so memory stays flat whatever the archive's size.
 * @module
 */
import type { Child } from "hono/jsx";
import { type RawBuilder, sql } from "kysely";
import type { Catalog } from "../catalog/db.ts";
import {
  type GridItem,
  listPage,
  type ListRef,
  listRefParam,
  ownItemCount,
  timeline,
  type TimelineMonth,
} from "../catalog/browse.ts";
import { DETAIL_BATCH, getPhotoDetails, type PhotoDetail } from "../catalog/browse_photo.ts";
import {
  collectionTree,
  getGallery,
  listAlbums,
  listGalleries,
  listGroups,
} from "../catalog/browse_sets.ts";
import { listTags } from "../catalog/browse_tags.ts";
import { placeName } from "../catalog/place.ts";
import {
  listPeople,
  PERSON_FIRST,
  PERSON_SECTIONS,
  personComments,
  personList,
  personOverview,
} from "../catalog/browse_people.ts";
import { deletedItems, failingFiles, manualVideos, recentRuns } from "../catalog/browse_status.ts";
import { archiveStatus } from "../catalog/status.ts";
import { accountOwner } from "../catalog/account_owner.ts";
import { raw } from "hono/html";
import denoJson from "../../deno.json" with { type: "json" };
import { Layout, type LayoutProps } from "../../views/layout.tsx";
import { Empty, titleOf } from "../../views/components.tsx";
import { GridSection, StreamPage, Timeline } from "../../views/grid_pages.tsx";
import { PhotoPage } from "../../views/photo_page.tsx";
import {
  AlbumHead,
  AlbumsPage,
  CollectionsPage,
  GalleriesPage,
  GalleryPage,
  GroupHead,
  GroupsPage,
} from "../../views/sets_pages.tsx";
import { TagHead, TagsPage } from "../../views/tags_page.tsx";
import {
  CommentItems,
  PeoplePage,
  PersonPage,
  PersonSectionHead,
  personSectionHeading,
} from "../../views/people_pages.tsx";
import { SearchPage } from "../../views/search_page.tsx";
import { ManualPage, StatusPage } from "../../views/status_pages.tsx";
import { Pager } from "../../views/pager.tsx";
import { withQuery } from "../../views/urls.ts";
import { flickrHtmlToText } from "../../views/sanitize.ts";
import { linkedMedia, rewritePage } from "./rewrite.ts";
import { encodePath, siteFileOf, type SiteMap } from "./site_paths.ts";
import { SiteWriter, type WriteCounts } from "./site_writer.ts";
import { type MediaCounts, type MediaMode, SiteMedia } from "./site_media.ts";
import { assetPath, SITE_PATHS, siteAssets } from "./site_assets.ts";
import { SearchShards } from "./search_shards.ts";
import {
  allListFingerprints,
  EMPTY_LIST,
  itemFingerprints,
  type ListFingerprint,
  listFingerprint,
  setsDigest,
} from "./fingerprints.ts";

/** Tiles per page of a list in the site (serve loads 60 at a time as one scrolls). */
export const PAGE_SIZE = 100;
/** Pages rendered before their media are looked up and they are written. */
const BATCH = 200;

/** Options of {@link writeSite}. */
export interface SiteOptions {
  catalog: Catalog;
  archiveDir: string;
  siteDir: string;
  media: MediaMode;
  /** Progress lines (phase starts and ends) and the live status line. */
  progress?: { line(text: string): void; status(text: string): void };
  /** The time written on the "about" page (tests pass a fixed one). */
  now?: Date;
}

/** What a run wrote. */
export interface SiteSummary {
  pages: WriteCounts;
  /** The first few files left alone (not the site's), relative to the site. */
  leftAlone: string[];
  media: MediaCounts;
  items: number;
  seconds: number;
}

/** A photo page to write, with its place in the list it is written from. */
interface PhotoEntry {
  id: string;
  prev: string | null;
  next: string | null;
  back: [string, string] | null;
  /** Leave out the account's own items (written from the stream). */
  skipOwn: boolean;
}

interface PendingPage {
  path: string;
  html: string;
  scripts?: string[];
  key?: string;
}

/**
 * What, besides a page's own inputs, decides how it renders: this module and the assets (their
 * hashed URLs are in every page). A new version of flickrvault renders every page again.
 */
const RENDER_VERSION = JSON.stringify([
  denoJson.version,
  // The site's own code changes what pages hold without a new version number: bump on such edits.
  "site-2",
  siteAssets.map((a) => a.url ?? a.path),
  PAGE_SIZE,
]);

async function render(node: unknown): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
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

function pagesOf(count: number): number {
  return Math.max(1, Math.ceil(count / PAGE_SIZE));
}

/**
 * Writes (or brings up to date) the static site; see the module doc. Refuses (UsageError) a folder
 * that holds other files and is not a site.
 */
export async function writeSite(opts: SiteOptions): Promise<SiteSummary> {
  const started = performance.now();
  const writer = await SiteWriter.open(opts.siteDir);
  try {
    const media = new SiteMedia(opts.catalog.db, opts.archiveDir, opts.siteDir, opts.media, writer);
    const items = await writePages(opts, writer, media);
    await media.prune();
    await writer.finish();
    return {
      pages: writer.counts,
      leftAlone: writer.leftAlone,
      media: media.counts,
      items,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    writer.abandon();
    throw e;
  }
}

/** Writes every page (and the media they show); answers the number of items. */
async function writePages(
  opts: SiteOptions,
  writer: SiteWriter,
  media: SiteMedia,
): Promise<number> {
  const db = opts.catalog.db;
  const progress = opts.progress ?? { line() {}, status() {} };
  const now = opts.now ?? new Date();

  const timelines = {
    taken: await timeline(db, "taken"),
    uploaded: await timeline(db, "uploaded"),
  };
  const months = {
    taken: monthPages(timelines.taken.months),
    uploaded: monthPages(timelines.uploaded.months),
  };
  const map: SiteMap = {
    monthPage: (order, month) => months[order].get(month) ?? null,
  };
  const totalItems = Number(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM items`.execute(db)).rows[0].n,
  );
  const ownCount = await ownItemCount(db);
  const owner = await accountOwner(db);

  for (const a of siteAssets) writer.put(a.path, a.body);

  const pageTargets = {
    page: (url: string) => siteFileOf(url, map),
    file: () => null,
    avatar: () => SITE_PATHS.avatar,
    asset: assetPath,
  };
  let pending: PendingPage[] = [];
  const flush = async () => {
    const files: number[] = [];
    const nsids: string[] = [];
    for (const p of pending) {
      const m = linkedMedia(p.html);
      files.push(...m.files);
      nsids.push(...m.avatars);
    }
    await media.load(files, nsids);
    const targets = {
      page: (url: string) => siteFileOf(url, map),
      file: (id: number) => media.file(id),
      avatar: (nsid: string) => media.avatar(nsid) ?? SITE_PATHS.avatar,
      asset: assetPath,
    };
    for (const p of pending) {
      writer.put(
        p.path,
        rewritePage(p.html, { path: p.path, targets, scripts: p.scripts }),
        p.key,
      );
    }
    pending = [];
    // Let the event loop turn. The driver's promises settle without a turn and pages are written
    // synchronously, so the loop would stay still for the whole run; V8's own housekeeping
    // (finishing collections, freeing buffers) waits for a turn. Without one the photo pages
    // alone held 50 MB more at 100,000 items.
    await new Promise((r) => setTimeout(r, 0));
  };
  /**
   * Renders a page and queues it for writing. With `inputs` (everything the page is rendered
   * from, as JSON), a page whose inputs are the last run's is kept without rendering it.
   */
  // Pages are written with sync calls and read with native ones that never hand the event loop a
  // turn: give it one every 100 ms, so that a stop signal (SIGTERM, Ctrl-C) is heard at once.
  let turnAt = performance.now();
  const emit = async (
    url: string,
    layout: LayoutProps,
    body: Child,
    scripts?: string[],
    inputs?: unknown,
  ) => {
    if (performance.now() - turnAt > 100) {
      await new Promise((r) => setTimeout(r, 0));
      turnAt = performance.now();
    }
    const path = siteFileOf(url, map);
    if (!path) throw new Error(`No site file for ${url}`);
    const key = inputs === undefined
      ? undefined
      : inputs instanceof PageKey
      ? inputs.key
      : JSON.stringify([RENDER_VERSION, layout, inputs]);
    if (key !== undefined && !(inputs instanceof PageKey) && writer.reuse(path, key)) return;
    const html = "<!doctype html>" + await render(Layout({ ...layout, children: body }));
    pending.push({ path, html, scripts, key });
    if (pending.length >= BATCH) await flush();
  };

  // A phase's progress: counts and, once under way, the time left.
  const phase = (name: string, total: number) => {
    const t0 = performance.now();
    let done = 0;
    let shownAt = 0;
    return {
      tick(n = 1) {
        done += n;
        const t = performance.now();
        if (t - shownAt < 500) return;
        shownAt = t;
        const rate = done / ((t - t0) / 1000);
        const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
        progress.status(
          total > 0
            ? `${name}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")}, ` +
              `about ${Math.ceil(left)} s left`
            : `${name}: ${done.toLocaleString("en")}`,
        );
      },
      end() {
        progress.line(
          `${name}: ${done.toLocaleString("en")} in ${
            ((performance.now() - t0) / 1000).toFixed(1)
          } s`,
        );
      },
    };
  };

  /**
   * Walks a grid list page by page and emits each page; `body` renders one page given its items
   * and its pager. Answers the number of pages.
   */
  const gridPages = async (
    ref: ListRef,
    url: string,
    count: number | null,
    /** What the page's heading shows besides the items (album, tag, person...), as JSON. */
    inputs: unknown,
    make: (
      items: GridItem[],
      nextUrl: string | null,
      pager: Child,
      page: number,
    ) => { layout: LayoutProps; body: Child },
    /** The list's fingerprint when it was read in bulk. */
    known?: ListFingerprint,
  ) => {
    // The whole list is kept, unread, when its fingerprint and heading are the last run's.
    const lf = known ?? await listFingerprint(db, ref);
    const listKey = JSON.stringify([RENDER_VERSION, "list", url, count, inputs, lf.fp]);
    const all = Array.from({ length: pagesOf(lf.count) }, (_, i) => pagePath(url, i + 1));
    if (writer.reuseAll(all, listKey)) return all.length;
    let after: string | null = null;
    let page = 1;
    const pages = count === null ? null : pagesOf(count);
    do {
      const result = await listPage(db, ref, { after, limit: PAGE_SIZE });
      const nextUrl = result.next ? withQuery(url, { page: page + 1 }) : null;
      const prevUrl = page > 1 ? withQuery(url, { page: page - 1 }) : null;
      const pager = (
        <Pager
          prev={prevUrl}
          next={nextUrl}
          page={page}
          pages={pages ?? (nextUrl ? page + 1 : page)}
        />
      );
      const { layout, body } = make(result.items, nextUrl, pager, page);
      // The first page carries the list's key; the others their own, to be kept if unchanged.
      await emit(
        withQuery(url, { page: page > 1 ? page : null }),
        layout,
        body,
        undefined,
        page === 1 ? new PageKey(listKey) : [inputs, result.items, nextUrl, page, pages],
      );
      after = result.next;
      page++;
    } while (after);
    return page - 1;
  };

  /** A list page as {@link gridPages} makes it: the heading and tiles, then the pager. */
  const grid = (
    layout: LayoutProps,
    section: Omit<Parameters<typeof GridSection>[0], "items" | "nextUrl">,
  ) =>
  (items: GridItem[], nextUrl: string | null, pager: Child) => ({
    layout,
    body: (
      <>
        <GridSection {...section} items={items} nextUrl={nextUrl} />
        {pager}
      </>
    ),
  });

  // The photostream in both orders, with the timeline beside it.
  {
    const p = phase("photostream pages", pagesOf(ownCount) * 2);
    for (const order of ["taken", "uploaded"] as const) {
      const tl = timelines[order];
      // The timeline is the same on every page of the stream: rendered and linked once per folder.
      const tlHtml = await render(
        <Timeline order={order} months={tl.months} unknown={tl.unknown} />,
      );
      const tlAt = new Map<string, Child>();
      const timelineFor = (path: string) => {
        const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
        let done = tlAt.get(folder);
        if (!done) {
          done = raw(rewritePage(tlHtml, { path: `${folder}x.html`, targets: pageTargets }));
          tlAt.set(folder, done);
        }
        return done;
      };
      await gridPages(
        { kind: "stream", order },
        `/?order=${order}`,
        ownCount,
        tl,
        (items, next, pager, page) => ({
          layout: { title: "Photostream", section: "/" },
          body: (
            <>
              <StreamPage
                order={order}
                from={null}
                items={items}
                nextUrl={next}
                total={ownCount}
                timeline={timelineFor(pathOf(order, page))}
                owner={owner?.name}
              />
              {pager}
            </>
          ),
        }),
      );
      p.tick(pagesOf(ownCount));
    }
    p.end();
  }

  // Photo pages: own items in stream order, then favourites, then any others, each with its
  // neighbours in that list (as serve opens a photo by default).
  const shards = SearchShards.open(opts.siteDir, totalItems);
  const sets = await setsDigest(db);
  /** Adds the search documents of items just read. */
  const addSearchDocs = async (details: PhotoDetail[]) => {
    const thumbs = new Map<string, number>();
    for (const d of details) {
      const thumb = d.files.find((f) => f.kind === "thumb");
      if (thumb) thumbs.set(d.item.id, thumb.id);
    }
    await media.load(thumbs.values(), []);
    for (const d of details) {
      const thumb = thumbs.get(d.item.id);
      shards.add(searchDoc(d, thumb === undefined ? null : media.file(thumb)));
    }
  };
  {
    const p = phase("photo and video pages", totalItems);
    const photoBatch = async (entries: PhotoEntry[]) => {
      // Pages whose fingerprint (and place in their list) is the last run's are kept unread; their
      // search documents stay in the shards as they are.
      const fps = await itemFingerprints(db, entries.map((e) => e.id));
      const toRead: { e: PhotoEntry; key: string }[] = [];
      for (const e of entries) {
        const f = fps.get(e.id);
        // Own items are written from the stream; a favourite list never holds them, but be sure.
        if (!f || (e.skipOwn && f.mine)) continue;
        const key = JSON.stringify([
          RENDER_VERSION,
          "photo",
          sets,
          shards.count,
          f.fp,
          e.prev,
          e.next,
          e.back,
        ]);
        if (writer.reuse(photoPath(e.id), key)) shards.keep(e.id);
        else toRead.push({ e, key });
      }
      const details: { d: PhotoDetail; e: PhotoEntry; key: string }[] = [];
      for (let i = 0; i < toRead.length; i += DETAIL_BATCH) {
        const part = toRead.slice(i, i + DETAIL_BATCH);
        const got = await getPhotoDetails(db, part.map((r) => r.e.id));
        for (const r of part) {
          const d = got.get(r.e.id);
          if (d) details.push({ d, ...r });
        }
      }
      for (const { d, e, key } of details) {
        await emit(
          `/photos/${encodeURIComponent(e.id)}`,
          { title: titleOf(d.item.title) },
          <PhotoPage
            d={d}
            ctx={{
              inList: null,
              back: e.back,
              neighbours: { prev: e.prev, next: e.next, inList: true },
            }}
          />,
          undefined,
          new PageKey(key),
        );
      }
      await flush();
      await addSearchDocs(details.map((x) => x.d));
      p.tick(entries.length);
    };
    const walk = async (
      ref: ListRef,
      back: (index: number) => [string, string] | null,
      skipOwn: boolean,
    ) => {
      let after: string | null = null;
      let index = 0;
      const queue: PhotoEntry[] = [];
      // The list in order, through a window of one: an item is emitted once its next is known.
      let last: string | null = null;
      let lastIndex = 0;
      let beforeLast: string | null = null;
      do {
        const result = await listPage(db, ref, { after, limit: 500 });
        for (const item of result.items) {
          if (last !== null) {
            queue.push({
              id: last,
              prev: beforeLast,
              next: item.id,
              back: back(lastIndex),
              skipOwn,
            });
          }
          beforeLast = last;
          last = item.id;
          lastIndex = index++;
          if (queue.length >= BATCH) await photoBatch(queue.splice(0));
        }
        after = result.next;
      } while (after);
      if (last !== null) {
        queue.push({ id: last, prev: beforeLast, next: null, back: back(lastIndex), skipOwn });
      }
      await photoBatch(queue.splice(0));
    };
    await walk(
      { kind: "stream", order: "taken" },
      (i) => ["Photostream", withQuery("/", { order: "taken", page: pageNumber(i) })],
      false,
    );
    await walk(
      { kind: "favorites" },
      (i) => ["Favorites", withQuery("/favorites", { page: pageNumber(i) })],
      true,
    );
    // Items in neither list (others' photos reached through a gallery, say).
    let afterId = "";
    for (;;) {
      const rows = await db.selectFrom("items").select("id")
        .where("is_mine", "=", 0).where("is_favorite_of_mine", "=", 0)
        .where("id", ">", afterId).orderBy("id").limit(BATCH).execute();
      if (!rows.length) break;
      await photoBatch(
        rows.map((r) => ({ id: r.id, prev: null, next: null, back: null, skipOwn: false })),
      );
      afterId = rows.at(-1)!.id;
    }
    p.end();
  }
  // Favourites, albums, collections, galleries, groups.
  {
    const p = phase(
      "albums, groups and galleries",
      await countOf(
        db,
        sql`(SELECT count(*) FROM albums) + (SELECT count(*) FROM galleries) +
        (SELECT count(*) FROM groups)`,
      ),
    );
    const favCount = Number(
      (await db.selectFrom("list_counts").select("count").where("list", "=", "favorites")
        .executeTakeFirst())?.count ?? 0,
    );
    await gridPages(
      { kind: "favorites" },
      "/favorites",
      favCount || null,
      null,
      grid({ title: "Favorites", section: "/favorites" }, {
        heading: <h1>Favorites</h1>,
        intro: <p class="muted">Other people's photos you faved, most recent first.</p>,
        empty: (
          <Empty title="No favorites archived" glyph="★">
            <p>Photos by others that you faved on Flickr are archived with their comments.</p>
          </Empty>
        ),
      }),
    );

    let after: string | null = null;
    let page = 1;
    do {
      const result = await listAlbums(db, { after, limit: 500 });
      const next = result.next ? withQuery("/albums", { page: page + 1 }) : null;
      await emit(withQuery("/albums", { page: page > 1 ? page : null }), {
        title: "Albums",
        section: "/albums",
      }, <AlbumsPage albums={result.items} nextUrl={next} />);
      for (const album of result.items) {
        const ref: ListRef = { kind: "album", id: album.id };
        await gridPages(
          ref,
          `/albums/${encodeURIComponent(album.id)}`,
          album.archived || null,
          album,
          grid({ title: titleOf(album.title), section: "/albums" }, {
            heading: <AlbumHead album={album} />,
            inList: listRefParam(ref),
            empty: (
              <Empty title="No archived photos in this album" glyph="🗂">
                <p>The album's photos appear here once they are archived.</p>
              </Empty>
            ),
          }),
        );
        p.tick();
      }
      after = result.next;
      page++;
    } while (after);

    await emit(
      "/collections",
      { title: "Collections", section: "/collections" },
      (
        <CollectionsPage tree={await collectionTree(db)} />
      ),
    );
    const galleries = await listGalleries(db);
    await emit(
      "/galleries",
      { title: "Galleries", section: "/galleries" },
      (
        <GalleriesPage galleries={galleries} />
      ),
    );
    for (const summary of galleries) {
      const g = await getGallery(db, summary.id);
      if (!g) continue;
      await emit(`/galleries/${encodeURIComponent(summary.id)}`, {
        title: titleOf(g.gallery.title),
        section: "/galleries",
      }, <GalleryPage gallery={g.gallery} entries={g.entries} />);
      p.tick();
    }
    const groups = await listGroups(db);
    await emit("/groups", { title: "Groups", section: "/groups" }, <GroupsPage groups={groups} />);
    for (const group of groups) {
      const ref: ListRef = { kind: "group", id: group.id };
      await gridPages(
        ref,
        `/groups/${encodeURIComponent(group.id)}`,
        null,
        group,
        grid({ title: group.name, section: "/groups" }, {
          heading: <GroupHead group={group} />,
          inList: listRefParam(ref),
          empty: <Empty title="None of your archived photos are in this group" />,
        }),
      );
      p.tick();
    }
    p.end();
  }

  // Tags, plain and machine, each with its pages.
  {
    const p = phase(
      "tag pages",
      await countOf(
        db,
        sql`(SELECT count(*) FROM list_counts WHERE list > 'tag:' AND list < 'tag;')`,
      ),
    );
    const tagFps = await allListFingerprints(db, "tag");
    for (const machine of [false, true]) {
      let after: string | null = null;
      let page = 1;
      const base = machine ? "/tags?machine=1" : "/tags";
      do {
        const result = await listTags(db, { machine, after, limit: 1000 });
        const next = result.next ? withQuery(base, { page: page + 1 }) : null;
        await emit(withQuery(base, { page: page > 1 ? page : null }), {
          title: machine ? "Machine tags" : "Tags",
          section: "/tags",
        }, <TagsPage machine={machine} tags={result.items} nextUrl={next} />);
        for (const tag of result.items) {
          const ref: ListRef = { kind: "tag", tag: tag.tag };
          await gridPages(
            ref,
            `/tags/${encodeURIComponent(tag.tag)}`,
            tag.count,
            [tag, machine],
            grid({ title: `Tag: ${tag.raw}`, section: "/tags" }, {
              heading: <TagHead tag={tag} back={base} />,
              inList: listRefParam(ref),
              empty: <Empty title="Nothing tagged" />,
            }),
            tagFps.get(tag.tag) ?? EMPTY_LIST,
          );
          p.tick();
        }
        after = result.next;
        page++;
      } while (after);
    }
    p.end();
  }

  /** The fingerprints of everyone's lists, read in bulk before the people's pages. */
  let personFps: Record<
    "comments" | "faved" | "tagged" | "favorites",
    Map<string, ListFingerprint>
  >;

  // People: the list, each person's page, and their comments, faves, tags and favourites.
  {
    const p = phase("people pages", await countOf(db, sql`(SELECT count(*) FROM people)`));
    personFps = {
      comments: await allListFingerprints(db, "comments"),
      faved: await allListFingerprints(db, "faved-by"),
      tagged: await allListFingerprints(db, "tagged"),
      favorites: await allListFingerprints(db, "favorites-by"),
    };
    let after: string | null = null;
    let page = 1;
    do {
      const result = await listPeople(db, { after, limit: 500 });
      const next = result.next ? withQuery("/people", { page: page + 1 }) : null;
      await emit(withQuery("/people", { page: page > 1 ? page : null }), {
        title: "People",
        section: "/people",
      }, <PeoplePage people={result.items} nextUrl={next} />);
      for (const person of result.items) {
        await personPages(person);
        p.tick();
      }
      after = result.next;
      page++;
    } while (after);
    p.end();
  }

  async function personPages(person: Awaited<ReturnType<typeof listPeople>>["items"][number]) {
    const base = `/people/${encodeURIComponent(person.nsid)}`;
    // All of a person's pages are kept, unread, when nothing they show changed.
    const [cf, ff, tf, vf] = (["comments", "faved", "tagged", "favorites"] as const).map((k) =>
      personFps[k].get(person.nsid) ?? EMPTY_LIST
    );
    const personKey = JSON.stringify([RENDER_VERSION, "person", person, cf, ff, tf, vf]);
    const paths = [pagePath(base, 1)];
    if (cf.count > PERSON_FIRST.comments) {
      for (let i = 1; i <= Math.ceil(cf.count / 200); i++) {
        paths.push(pagePath(`${base}/comments`, i));
      }
    }
    for (const [section, f] of [["faved", ff], ["tagged", tf], ["favorites", vf]] as const) {
      if (f.count > PERSON_FIRST.tiles) {
        for (let i = 1; i <= pagesOf(f.count); i++) paths.push(pagePath(`${base}/${section}`, i));
      }
    }
    if (writer.reuseAll(paths, personKey)) return;
    const lists = await personOverview(db, person.nsid);
    const more = (section: string, next: string | null) => next ? `${base}/${section}` : null;
    await emit(
      base,
      { title: person.name, section: "/people" },
      <PersonPage person={person} lists={lists} more={more} />,
      undefined,
      new PageKey(personKey),
    );
    if (lists.comments.next) {
      let after: string | null = null;
      let page = 1;
      do {
        const result = await personComments(db, person.nsid, { after, limit: 200 });
        const url = `${base}/comments`;
        const nextUrl = result.next ? withQuery(url, { page: page + 1 }) : null;
        await emit(
          withQuery(url, { page: page > 1 ? page : null }),
          {
            title: `Comments by ${person.name}`,
            section: "/people",
          },
          (
            <>
              <p class="small muted">
                <a href={base}>← {person.name}</a>
              </p>
              <h1>Comments by {person.name}</h1>
              <ol class="comments panel">
                <CommentItems comments={result.items} nextUrl={nextUrl} />
              </ol>
            </>
          ),
        );
        after = result.next;
        page++;
      } while (after);
    }
    for (const section of PERSON_SECTIONS) {
      if (!lists[section].next) continue;
      const ref = personList(section, person.nsid);
      await gridPages(
        ref,
        `${base}/${section}`,
        null,
        person,
        grid({ title: personSectionHeading(section, person.name), section: "/people" }, {
          heading: <PersonSectionHead person={person} section={section} />,
          inList: listRefParam(ref),
          empty: <Empty title="Nothing here" />,
        }),
        { faved: ff, tagged: tf, favorites: vf }[section],
      );
    }
  }

  // Search: the page, and the index it loads shard by shard.
  const shardCount = await shards.finish(
    (path, key) => writer.reuse(path, key),
    (path, chunks, key) => writer.putChunks(path, chunks, key),
    // Documents a kept page's shard did not have (its file was lost): read them again.
    async (ids) => {
      for (let i = 0; i < ids.length; i += DETAIL_BATCH) {
        const got = await getPhotoDetails(db, ids.slice(i, i + DETAIL_BATCH));
        await addSearchDocs([...got.values()]);
      }
    },
  );
  await emit(
    "/search",
    { title: "Search" },
    (
      <>
        <div id="site-search" data-shards={String(shardCount)} data-base="search/"></div>
        <SearchPage q="" items={[]} nextUrl={null} />
      </>
    ),
    [SITE_PATHS.miniSearch, SITE_PATHS.search],
  );

  // What the archive holds, and when this copy was made.
  const [status, runs, failing, deleted, manual] = await Promise.all([
    archiveStatus(opts.catalog, opts.archiveDir),
    recentRuns(db),
    failingFiles(db),
    deletedItems(db),
    manualVideos(db),
  ]);
  await emit(
    "/status",
    { title: "About this archive" },
    (
      <>
        <p class="callout ok">
          This is a copy of a Flickr archive made by <b>flickrvault site</b> on{" "}
          <time datetime={now.toISOString()}>
            {now.toLocaleString("en-GB", {
              dateStyle: "long",
              timeStyle: "short",
              timeZone: "UTC",
            })} UTC
          </time>. It holds {status.photos.toLocaleString("en")} photos,{" "}
          {status.videos.toLocaleString("en")} videos and {status.favorites.toLocaleString("en")}
          {" "}
          favourites, and works without a network: open <code>index.html</code>.
        </p>
        <StatusPage status={status} runs={runs} failing={failing} deleted={deleted} />
      </>
    ),
  );
  await emit(
    "/videos/manual",
    { title: "Videos to download by hand" },
    (
      <ManualPage videos={manual} archiveDir={opts.archiveDir} />
    ),
  );
  await flush();
  return totalItems;
}

/** A count for a phase's estimate (the people and tags the lists will walk, about). */
async function countOf(db: Catalog["db"], expr: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT ${expr} AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The site file of page `page` of the stream in `order`. */
function pathOf(order: "taken" | "uploaded", page: number): string {
  return siteFileOf(withQuery("/", { order, page }), NO_MONTHS)!;
}

function pageNumber(index: number): number | null {
  const page = Math.floor(index / PAGE_SIZE) + 1;
  return page > 1 ? page : null;
}

/** An item's search document: the words, and what a result tile shows. */
function searchDoc(
  d: PhotoDetail,
  thumb: string | null,
): { i: string } & Record<string, unknown> {
  const { item } = d;
  const place = placeName(item);
  const doc: { i: string } & Record<string, unknown> = {
    i: item.id,
    t: item.title,
    u: encodePath(siteFileOf(`/photos/${encodeURIComponent(item.id)}`, NO_MONTHS)!),
  };
  if (item.description) doc.d = flickrHtmlToText(item.description);
  const tags = [...d.tags, ...d.machineTags].map((t) => t.raw).join(" ");
  if (tags) doc.g = tags;
  if (d.comments.length) doc.c = d.comments.map((c) => flickrHtmlToText(c.html)).join("\n");
  if (place) doc.p = place;
  if (thumb) doc.h = encodePath(thumb);
  if (item.media === "video") doc.v = 1;
  if (item.deleted_on_flickr === 1) doc.x = 1;
  return doc;
}

const NO_MONTHS: SiteMap = { monthPage: () => null };

/** A page's reuse key computed by the caller, in place of the JSON of its inputs. */
class PageKey {
  constructor(readonly key: string) {}
}

/** The site file of page `page` of the list at `url`. */
function pagePath(url: string, page: number): string {
  return siteFileOf(withQuery(url, { page: page > 1 ? page : null }), NO_MONTHS)!;
}

function photoPath(id: string): string {
  return siteFileOf(`/photos/${encodeURIComponent(id)}`, NO_MONTHS)!;
}
