/**
 * What the archive holds and when this copy was made, and the videos to download by hand.
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
