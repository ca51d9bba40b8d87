/**
 * The photostream in both orders, a page of tiles at a time, with the timeline beside it.
 *
 * Tested by src/site/site_test.ts, tests/pages_serve_site_test.ts and src/site/site_resume_test.ts.
 * @module
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { PAGES } from "../../pages/table.ts";
import type { StreamSubject } from "../../pages/stream.tsx";
import { Timeline } from "../../../views/grid_pages.tsx";
import { streamUrl } from "../../../views/urls.ts";
import { rewritePage } from "../rewrite.ts";
import { pagePath, pagesOf, render, type SiteBuild } from "../build.tsx";
import type { SiteStep } from "./step.ts";

async function writeStream(build: SiteBuild): Promise<void> {
  const { own, owner } = build.counts;
  const p = build.phase("photostream pages", pagesOf(own) * 2);
  for (const order of ["taken", "uploaded"] as const) {
    const tl = build.timelines[order];
    // The timeline is the same on every page of the stream: rendered and linked once per folder.
    const html = await render(<Timeline order={order} months={tl.months} unknown={tl.unknown} />);
    const byFolder = new Map<string, Child>();
    const timelineFor = (path: string) => {
      const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/") + 1) : "";
      let done = byFolder.get(folder);
      if (!done) {
        done = raw(
          rewritePage(html, { path: `${folder}x.html`, targets: build.linksWithoutMedia }),
        );
        byFolder.set(folder, done);
      }
      return done;
    };
    const subject: StreamSubject = {
      order,
      from: null,
      start: null,
      total: own,
      owner,
      months: tl,
    };
    await build.grid(PAGES.stream, subject, {
      subjectFor: (page) => ({
        ...subject,
        timeline: timelineFor(pagePath(streamUrl(order), page)),
      }),
    });
    p.tick(pagesOf(own));
  }
  p.end();
}

/** The photostream. */
export const streamStep: SiteStep = {
  name: "photostream",
  pages: [PAGES.stream],
  run: writeStream,
};
