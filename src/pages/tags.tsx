/**
 * The tags, plain and machine, and each tag's page.
 *
 * Tested by tests/pages_serve_site_test.ts, src/server/routes_pages_test.ts and
 * src/site/site_paths_test.ts.
 * @module
 */
import type { Page } from "../catalog/browse.ts";
import { getTag, isMachineTag, listTags, type TagCount } from "../catalog/browse_tags.ts";
import { Empty } from "../../views/components.tsx";
import { TagHead, TagItems, TagsPage } from "../../views/tags_page.tsx";
import { PATTERNS, tagsUrl, tagUrl, URLS } from "../../views/urls.ts";
import { gridPage } from "./grid.tsx";
import { definePage } from "./page.ts";

/** `/tags` (`?machine=1`: machine tags): every tag with its count, alphabetically. */
export const tagsPage = definePage<{ machine: boolean; list: Page<TagCount> }>({
  name: "tags",
  pattern: URLS.tags,
  async load({ db }, req) {
    const machine = req.query("machine") === "1";
    return { machine, list: await listTags(db, { machine, after: req.after, limit: req.limit }) };
  },
  view: ({ machine, list }, out) => ({
    layout: { title: machine ? "Machine tags" : "Tags", section: URLS.tags },
    body: <TagsPage machine={machine} tags={list.items} nextUrl={out.next(list.next)} />,
  }),
  fragment: ({ list }, out) => <TagItems tags={list.items} nextUrl={out.next(list.next)} />,
  json: ({ list }, out) => ({ items: list.items, next: list.next, nextUrl: out.next(list.next) }),
});

/** `/tags/TAG`: the items carrying a tag. */
export const tagPage = gridPage<TagCount>({
  name: "tag",
  pattern: PATTERNS.tag,
  notFound: "No archived photo carries this tag.",
  subject: ({ db }, req) => getTag(db, req.param("tag")),
  ref: (tag) => ({ kind: "tag", tag: tag.tag }),
  url: (tag) => tagUrl(tag.tag),
  count: (tag) => tag.count,
  key: (tag) => tag,
  layout: (tag) => ({ title: `Tag: ${tag.raw}`, section: URLS.tags }),
  section: (tag) => ({
    heading: <TagHead tag={tag} back={tagsUrl(isMachineTag(tag.tag))} />,
    empty: <Empty title="Nothing tagged" />,
  }),
  extra: (tag) => ({ tag }),
});
