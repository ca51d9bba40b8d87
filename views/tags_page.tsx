/**
 * The tags page: every tag with its count, alphabetically, machine tags apart.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";
import type { TagCount } from "../src/catalog/browse_tags.ts";
import { Empty, ListHead } from "./components.tsx";
import { tagsUrl, tagUrl } from "./urls.ts";

/** Tag chips and the sentinel for the next page. */
export const TagItems: FC<{ tags: TagCount[]; nextUrl: string | null }> = ({ tags, nextUrl }) => (
  <>
    {tags.map((t) => (
      <li>
        <a href={tagUrl(t.tag)}>
          <span>{t.raw}</span>
          <span class="count">{t.count.toLocaleString("en")}</span>
        </a>
      </li>
    ))}
    {nextUrl && (
      <li class="more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={nextUrl}>More tags</a>
      </li>
    )}
  </>
);

/** The tags page's body. */
export const TagsPage: FC<{ machine: boolean; tags: TagCount[]; nextUrl: string | null }> = (
  { machine, tags, nextUrl },
) => (
  <>
    <div class="page-head">
      <div>
        <h1>{machine ? "Machine tags" : "Tags"}</h1>
        <p class="muted">With how many photos and videos carry each.</p>
      </div>
      <nav class="tabs" aria-label="Kind of tags">
        <a href={tagsUrl(false)} aria-current={machine ? undefined : "true"}>Tags</a>
        <a href={tagsUrl(true)} aria-current={machine ? "true" : undefined}>Machine tags</a>
      </nav>
    </div>
    {tags.length
      ? (
        <ul class="tag-cloud" id="tags">
          <TagItems tags={tags} nextUrl={nextUrl} />
        </ul>
      )
      : (
        <Empty title={machine ? "No machine tags" : "No tags yet"} glyph="#">
          <p>Tags you and others put on your photos appear here once they are archived.</p>
        </Empty>
      )}
  </>
);

/** Heading of a tag's page; `back` is the tag list it belongs to. */
export const TagHead: FC<{ tag: TagCount; back: string }> = ({ tag, back }) => (
  <ListHead
    back={back}
    backLabel="Tags"
    title={tag.raw}
    note={`${tag.count.toLocaleString("en")} tagged`}
  />
);
