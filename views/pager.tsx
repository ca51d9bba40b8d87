/**
 * Previous and next links between the pages of a long list, for pages that cannot load more as one
 * scrolls (the static site, read from `file://`).
 *
 * Tested by tests/pages_serve_site_test.ts and src/site/build_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";

/** "← Newer · page 3 of 40 · Older →"; links are viewer URLs. */
export const Pager: FC<{ prev: string | null; next: string | null; page: number; pages: number }> =
  (
    { prev, next, page, pages },
  ) =>
    pages > 1
      ? (
        <nav class="tabs pager" aria-label="Pages">
          {prev
            ? <a href={prev} rel="prev">← Previous page</a>
            : <span class="muted">← Previous page</span>}
          <span class="muted">
            Page {page.toLocaleString("en")} of {pages.toLocaleString("en")}
          </span>
          {next
            ? <a href={next} rel="next">Next page →</a>
            : <span class="muted">Next page →</span>}
        </nav>
      )
      : null;
