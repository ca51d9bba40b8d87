/**
 * A step of the site's build: a section of the site, and the table's entries it writes.
 *
 * Types only.
 * @module
 */
import type { AnyPage } from "../../pages/page.ts";
import type { SiteBuild } from "../build.tsx";

/** One section of the site (the photostream, the photo pages, the tags...). */
export interface SiteStep {
  name: string;
  /** The entries of the table of pages this step writes. */
  pages: readonly AnyPage[];
  run(build: SiteBuild): Promise<void>;
}
