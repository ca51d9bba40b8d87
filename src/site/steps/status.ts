/**
 * What the archive holds and when this copy was made, and the videos to download by hand.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import { PAGES } from "../../pages/table.ts";
import { URLS } from "../../../views/urls.ts";
import type { SiteBuild } from "../build.tsx";
import type { SiteStep } from "./step.ts";

async function writeStatus(build: SiteBuild): Promise<void> {
  await build.single(PAGES.status, URLS.status);
  await build.single(PAGES.manualVideos, URLS.manualVideos);
}

/** The status page (the copy's own) and the manual downloads. */
export const statusStep: SiteStep = {
  name: "status",
  pages: [PAGES.status, PAGES.manualVideos],
  run: writeStatus,
};
