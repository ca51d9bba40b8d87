/**
 * `flickrvault site DIR`: the whole archive as a static website that opens from `file://`. Every
 * page is an entry of the viewer's own table of pages (`src/pages/table.ts`), rendered by its own
 * view (same look as `serve`), then its links are made relative (rewrite.ts, site_paths.ts).
 * Lists are walked with the catalog's keyset queries a page at a time, and pages go to disk in
 * batches, so memory stays flat whatever the archive's size.
 *
 * The build is a list of steps, one module per section of the site (`steps/`), run in order: the
 * photo pages add the search documents that the search step then writes.
 * @module
 */
import type { Catalog } from "../catalog/db.ts";
import type { Audience } from "../catalog/audience.ts";
import { openShownCopy } from "../catalog/shown_copy.ts";
import { SITE_PAGES } from "../pages/table.ts";
import type { AnyPage } from "../pages/page.ts";
import { SiteWriter, type WriteCounts } from "./site_writer.ts";
import { type MediaCounts, type MediaMode, SiteMedia } from "./site_media.ts";
import { siteAssets } from "./site_assets.ts";
import { type RenderedPage, SiteBuild } from "./build.tsx";
import { phase, type ProgressSink } from "./site_progress.ts";
import type { SiteStep } from "./steps/step.ts";
import { streamStep } from "./steps/stream.tsx";
import { photosStep } from "./steps/photos.ts";
import { setsStep } from "./steps/sets.ts";
import { tagsStep } from "./steps/tags.ts";
import { peopleStep } from "./steps/people.ts";
import { searchStep } from "./steps/search.ts";
import { statusStep } from "./steps/status.ts";

export { PAGE_SIZE } from "./build.tsx";

/** The site's build, in order. */
export const SITE_STEPS: readonly SiteStep[] = [
  streamStep,
  photosStep,
  setsStep,
  tagsStep,
  peopleStep,
  searchStep,
  statusStep,
];

/**
 * The entries of the table that no step writes, or that more than one does: none, or the site
 * would lack a page the viewer has (checked by each run, and by the tests).
 */
export function unwrittenPages(
  steps: readonly SiteStep[] = SITE_STEPS,
  pages: readonly AnyPage[] = SITE_PAGES,
): string[] {
  return pages.filter((p) => steps.filter((s) => s.pages.includes(p)).length !== 1)
    .map((p) => p.name);
}

/** Options of {@link writeSite}. */
export interface SiteOptions {
  catalog: Catalog;
  archiveDir: string;
  siteDir: string;
  media: MediaMode;
  /** Progress lines (phase starts and ends) and the live status line. */
  progress?: ProgressSink;
  /** The time written on the "about" page (tests pass a fixed one). */
  now?: Date;
  /** Hears of every page rendered (not of those kept from the last run). */
  onPage?: (page: RenderedPage) => void;
  /**
   * Writes beside each page its JSON twin (`albums/ID.json`: what serve answers to
   * `?format=json`) and links it from the page's head. Off by default: it doubles the site's
   * files and bytes (measured in docs/performance.md).
   */
  json?: boolean;
  /**
   * Only what Flickr showed to this audience (default "all"): the site is built from a copy of
   * the catalog that holds nothing else (`src/catalog/shown_copy.ts`), and the pages and media an
   * earlier run wrote of what is now left out are removed.
   */
  privacy?: Audience;
  /** Where that copy is made (default: the system's temporary folder, `TMPDIR`). */
  tempDir?: string;
}

/** What a run wrote. */
export interface SiteSummary {
  pages: WriteCounts;
  /** The first few files left alone (not the site's), relative to the site. */
  leftAlone: string[];
  media: MediaCounts;
  items: number;
  /** Items the site holds that Flickr did not show to everyone (unknown privacy included). */
  notPublic: number;
  /** Items of the archive left out by {@link SiteOptions.privacy}. */
  leftOut: number;
  seconds: number;
}

/**
 * Writes (or brings up to date) the static site; see the module doc. Refuses (UsageError) a folder
 * that holds other files and is not a site.
 */
export async function writeSite(opts: SiteOptions): Promise<SiteSummary> {
  const started = performance.now();
  const unwritten = unwrittenPages();
  if (unwritten.length) throw new Error(`No single step writes these pages: ${unwritten}`);
  const privacy = opts.privacy ?? "all";
  const writer = await SiteWriter.open(opts.siteDir, privacy === "all" ? "" : `privacy:${privacy}`);
  let catalog = opts.catalog;
  try {
    let leftOut = 0;
    if (privacy !== "all") {
      const p = phase(opts.progress, `items not shown to ${privacy}, left out`, 0);
      opts.progress?.status(`Copying the catalog without what Flickr did not show to ${privacy}…`);
      const copy = await openShownCopy(opts.catalog, privacy, opts.tempDir);
      catalog = copy;
      leftOut = copy.leftOut;
      p.tick(leftOut);
      p.end();
    }
    const media = new SiteMedia(catalog.db, opts.archiveDir, opts.siteDir, opts.media, writer);
    const build = await SiteBuild.open({ ...opts, catalog, writer, media });
    for (const a of siteAssets) writer.put(a.path, a.body);
    for (const step of SITE_STEPS) await step.run(build);
    await build.finish();
    await media.prune();
    await writer.finish();
    return {
      pages: writer.counts,
      leftAlone: writer.leftAlone,
      media: media.counts,
      items: build.counts.items,
      notPublic: build.counts.notPublic,
      leftOut,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    writer.abandon();
    throw e;
  } finally {
    if (catalog !== opts.catalog) await catalog.close();
  }
}
