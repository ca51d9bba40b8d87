/**
 * The viewer's pages. Each list answers as a full page, as an htmx fragment (the next page of
 * tiles for infinite scroll, or the results block for search) and as JSON.
 * @module
 */
import type { Context, Hono } from "hono";
import type { Catalog } from "../catalog/db.ts";
import {
  type GridItem,
  listPage,
  type ListRef,
  listRefParam,
  monthStart,
  neighbours,
  ownItemCount,
  type Page,
  parseListRef,
  timeline,
} from "../catalog/browse.ts";
import { getPhotoDetail } from "../catalog/browse_photo.ts";
import {
  collectionTree,
  getAlbum,
  getGallery,
  getGroup,
  listAlbums,
  listGalleries,
  listGroups,
} from "../catalog/browse_sets.ts";
import { getTag, listTags } from "../catalog/browse_tags.ts";
import {
  getPerson,
  listPeople,
  PERSON_SECTIONS,
  personComments,
  personList,
  personOverview,
} from "../catalog/browse_people.ts";
import { searchItems } from "../catalog/browse_search.ts";
import { deletedItems, failingFiles, manualVideos, recentRuns } from "../catalog/browse_status.ts";
import { archiveStatus } from "../catalog/status.ts";
import { accountOwner } from "../catalog/account_owner.ts";
import { duplicateGroups } from "../catalog/duplicates.ts";
import { DuplicatesPage } from "../../views/duplicates_page.tsx";
import { Tiles, titleOf } from "../../views/components.tsx";
import { GridSection, StreamPage, Timeline } from "../../views/grid_pages.tsx";
import { PhotoPage } from "../../views/photo_page.tsx";
import {
  AlbumCards,
  AlbumHead,
  AlbumsPage,
  CollectionsPage,
  GalleriesPage,
  GalleryPage,
  GroupHead,
  GroupsPage,
} from "../../views/sets_pages.tsx";
import { TagHead, TagItems, TagsPage } from "../../views/tags_page.tsx";
import {
  CommentItems,
  PeopleItems,
  PeoplePage,
  PersonPage,
  PersonSectionHead,
  personSectionHeading,
} from "../../views/people_pages.tsx";
import { SearchPage, SearchResults } from "../../views/search_page.tsx";
import { ManualList, ManualPage, StatusPage } from "../../views/status_pages.tsx";
import { NotFoundPage } from "../../views/error_page.tsx";
import { Empty } from "../../views/components.tsx";
import { fileUrl, photoUrl, withQuery } from "../../views/urls.ts";
import { fragment, isPartial, json, page, wantsJson } from "./respond.ts";
import { flickrHtmlToText, sanitizeFlickrHtml } from "../../views/sanitize.ts";

/** A grid item as JSON: the catalog's fields plus the URLs to its page and thumbnail. */
function itemJson(item: GridItem, inList?: string | null) {
  return {
    ...item,
    url: photoUrl(item.id, inList),
    thumbUrl: item.thumb ? fileUrl(item.thumb) : null,
  };
}

/** `?limit=` for API clients (bounded by the browse functions); undefined for the default. */
function limitOf(c: Context): number | undefined {
  const n = Number(c.req.query("limit"));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function nextUrlOf(c: Context, next: string | null): string | null {
  if (!next) return null;
  const u = new URL(c.req.url);
  return withQuery(u.pathname + u.search, { after: next, from: null, format: null });
}

/** 404 in the form the request asked for. */
export async function notFound(c: Context, what: string): Promise<Response> {
  if (wantsJson(c)) return json(c, { error: what }, 404);
  if (isPartial(c)) return await fragment(c, <p class="muted">{what}</p>, 404);
  return await page(c, { title: "Not found" }, <NotFoundPage what={what} />, 404);
}

/**
 * Answers a grid list: JSON, the next tiles (htmx), or the full page from `full`.
 */
async function gridAnswer(
  c: Context,
  ref: ListRef,
  result: Page<GridItem>,
  full: (nextUrl: string | null) => Promise<Response>,
  extra: Record<string, unknown> = {},
): Promise<Response> {
  const inList = listRefParam(ref);
  const nextUrl = nextUrlOf(c, result.next);
  if (wantsJson(c)) {
    return json(c, {
      ...extra,
      items: result.items.map((i) => itemJson(i, inList)),
      next: result.next,
      nextUrl,
    });
  }
  if (isPartial(c)) {
    return await fragment(c, <Tiles items={result.items} nextUrl={nextUrl} inList={inList} />);
  }
  return await full(nextUrl);
}

/** Options of {@link pageRoutes}. */
export interface PageRoutesOptions {
  archiveDir: string;
  catalog: Catalog;
}

/** Adds every page route to `app`. */
export function pageRoutes(app: Hono, opts: PageRoutesOptions): void {
  const db = opts.catalog.db;

  app.get("/", async (c) => {
    const order = c.req.query("order") === "uploaded" ? "uploaded" : "taken";
    const from = c.req.query("from") ?? null;
    const start = from ? monthStart(order, from) : null;
    const ref: ListRef = { kind: "stream", order };
    const result = await listPage(db, ref, {
      after: c.req.query("after"),
      limit: limitOf(c),
      startBelow: start ?? undefined,
    });
    return await gridAnswer(c, ref, result, async (nextUrl) => {
      const count = await ownItemCount(db);
      const owner = await accountOwner(db);
      return await page(
        c,
        { title: "Photostream", section: "/" },
        <StreamPage
          order={order}
          from={start !== null ? from : null}
          items={result.items}
          nextUrl={nextUrl}
          total={count}
          owner={owner?.name}
        />,
      );
    }, { order });
  });

  app.get("/timeline", async (c) => {
    const order = c.req.query("order") === "uploaded" ? "uploaded" : "taken";
    const t = await timeline(db, order);
    if (wantsJson(c)) return json(c, { order, ...t });
    const body = (
      <Timeline order={order} months={t.months} unknown={t.unknown} current={c.req.query("from")} />
    );
    if (isPartial(c)) return await fragment(c, body);
    return await page(c, { title: "Timeline", section: "/" }, body);
  });

  app.get("/favorites", async (c) => {
    const ref: ListRef = { kind: "favorites" };
    const result = await listPage(db, ref, { after: c.req.query("after"), limit: limitOf(c) });
    return await gridAnswer(c, ref, result, (nextUrl) =>
      page(
        c,
        { title: "Favorites", section: "/favorites" },
        <GridSection
          heading={<h1>Favorites</h1>}
          intro={<p class="muted">Other people's photos you faved, most recent first.</p>}
          items={result.items}
          nextUrl={nextUrl}
          inList="favorites"
          empty={
            <Empty title="No favorites archived" glyph="★">
              <p>
                Photos by others that you faved on Flickr are archived with their comments and
                appear here.
              </p>
            </Empty>
          }
        />,
      ));
  });

  app.get("/photos/:id", async (c) => {
    const id = c.req.param("id");
    const d = await getPhotoDetail(db, id);
    if (!d) return await notFound(c, `There is no photo or video ${id} in this archive.`);
    const explicit = parseListRef(c.req.query("in"));
    const ref: ListRef = explicit ??
      (d.item.is_mine ? { kind: "stream", order: "taken" } : { kind: "favorites" });
    const n = await neighbours(db, ref, id);
    const inList = explicit ? listRefParam(ref) : null;
    if (wantsJson(c)) {
      return json(c, {
        ...d,
        item: { ...d.item, descriptionHtml: sanitizeFlickrHtml(d.item.description) },
        comments: d.comments.map((cm) => ({
          ...cm,
          html: sanitizeFlickrHtml(cm.html),
          text: flickrHtmlToText(cm.html),
        })),
        prev: n.prev,
        next: n.next,
        in: listRefParam(ref),
      });
    }
    const back = await backLink(c, ref);
    return await page(
      c,
      { title: titleOf(d.item.title) },
      <PhotoPage d={d} ctx={{ inList, neighbours: n, back }} />,
    );
  });

  async function backLink(_c: Context, ref: ListRef): Promise<[string, string] | null> {
    switch (ref.kind) {
      case "stream":
        return ["Photostream", ref.order === "uploaded" ? "/?order=uploaded" : "/"];
      case "favorites":
        return ["Favorites", "/favorites"];
      case "album": {
        const a = await getAlbum(db, ref.id);
        return [`Album: ${titleOf(a?.title)}`, `/albums/${encodeURIComponent(ref.id)}`];
      }
      case "tag":
        return [`Tag: ${ref.tag}`, `/tags/${encodeURIComponent(ref.tag)}`];
      case "group": {
        const g = await getGroup(db, ref.id);
        return [`Group: ${g?.name ?? ref.id}`, `/groups/${encodeURIComponent(ref.id)}`];
      }
      case "faved-by":
      case "tagged":
      case "favorites-by": {
        const p = await getPerson(db, ref.nsid);
        return [p?.name ?? ref.nsid, `/people/${encodeURIComponent(ref.nsid)}`];
      }
    }
  }

  app.get("/albums", async (c) => {
    const result = await listAlbums(db, { after: c.req.query("after"), limit: limitOf(c) });
    const nextUrl = nextUrlOf(c, result.next);
    if (wantsJson(c)) return json(c, { items: result.items, next: result.next, nextUrl });
    if (isPartial(c)) {
      return await fragment(c, <AlbumCards albums={result.items} nextUrl={nextUrl} />);
    }
    return await page(
      c,
      { title: "Albums", section: "/albums" },
      <AlbumsPage albums={result.items} nextUrl={nextUrl} />,
    );
  });

  app.get("/albums/:id", async (c) => {
    const album = await getAlbum(db, c.req.param("id"));
    if (!album) return await notFound(c, "There is no such album in this archive.");
    const ref: ListRef = { kind: "album", id: album.id };
    const result = await listPage(db, ref, { after: c.req.query("after"), limit: limitOf(c) });
    return await gridAnswer(c, ref, result, (nextUrl) =>
      page(
        c,
        { title: titleOf(album.title), section: "/albums" },
        <GridSection
          heading={<AlbumHead album={album} />}
          items={result.items}
          nextUrl={nextUrl}
          inList={listRefParam(ref)}
          empty={
            <Empty title="No archived photos in this album" glyph="🗂">
              <p>The album's photos appear here once they are archived.</p>
            </Empty>
          }
        />,
      ), { album });
  });

  app.get("/collections", async (c) => {
    const tree = await collectionTree(db);
    if (wantsJson(c)) return json(c, { items: tree, next: null });
    return await page(
      c,
      { title: "Collections", section: "/collections" },
      <CollectionsPage tree={tree} />,
    );
  });

  app.get("/galleries", async (c) => {
    const galleries = await listGalleries(db);
    if (wantsJson(c)) return json(c, { items: galleries, next: null });
    return await page(
      c,
      { title: "Galleries", section: "/galleries" },
      <GalleriesPage galleries={galleries} />,
    );
  });

  app.get("/galleries/:id", async (c) => {
    const g = await getGallery(db, c.req.param("id"));
    if (!g) return await notFound(c, "There is no such gallery in this archive.");
    if (wantsJson(c)) {
      return json(c, {
        gallery: g.gallery,
        items: g.entries.map((e) => ({ ...e, item: e.item ? itemJson(e.item) : null })),
        next: null,
      });
    }
    return await page(
      c,
      { title: titleOf(g.gallery.title), section: "/galleries" },
      <GalleryPage gallery={g.gallery} entries={g.entries} />,
    );
  });

  app.get("/groups", async (c) => {
    const groups = await listGroups(db);
    if (wantsJson(c)) return json(c, { items: groups, next: null });
    return await page(c, { title: "Groups", section: "/groups" }, <GroupsPage groups={groups} />);
  });

  app.get("/groups/:id", async (c) => {
    const group = await getGroup(db, c.req.param("id"));
    if (!group) return await notFound(c, "There is no such group in this archive.");
    const ref: ListRef = { kind: "group", id: group.id };
    const result = await listPage(db, ref, { after: c.req.query("after"), limit: limitOf(c) });
    return await gridAnswer(c, ref, result, (nextUrl) =>
      page(
        c,
        { title: group.name, section: "/groups" },
        <GridSection
          heading={<GroupHead group={group} />}
          items={result.items}
          nextUrl={nextUrl}
          inList={listRefParam(ref)}
          empty={<Empty title="None of your archived photos are in this group" />}
        />,
      ), { group });
  });

  app.get("/tags", async (c) => {
    const machine = c.req.query("machine") === "1";
    const result = await listTags(db, { machine, after: c.req.query("after"), limit: limitOf(c) });
    const nextUrl = nextUrlOf(c, result.next);
    if (wantsJson(c)) return json(c, { items: result.items, next: result.next, nextUrl });
    if (isPartial(c)) return await fragment(c, <TagItems tags={result.items} nextUrl={nextUrl} />);
    return await page(
      c,
      { title: machine ? "Machine tags" : "Tags", section: "/tags" },
      <TagsPage machine={machine} tags={result.items} nextUrl={nextUrl} />,
    );
  });

  app.get("/tags/:tag", async (c) => {
    const tag = await getTag(db, c.req.param("tag"));
    if (!tag) return await notFound(c, "No archived photo carries this tag.");
    const ref: ListRef = { kind: "tag", tag: tag.tag };
    const result = await listPage(db, ref, { after: c.req.query("after"), limit: limitOf(c) });
    return await gridAnswer(c, ref, result, (nextUrl) =>
      page(
        c,
        { title: `Tag: ${tag.raw}`, section: "/tags" },
        <GridSection
          heading={<TagHead tag={tag} back={tag.tag.includes(":") ? "/tags?machine=1" : "/tags"} />}
          items={result.items}
          nextUrl={nextUrl}
          inList={listRefParam(ref)}
          empty={<Empty title="Nothing tagged" />}
        />,
      ), { tag });
  });

  app.get("/people", async (c) => {
    const result = await listPeople(db, { after: c.req.query("after"), limit: limitOf(c) });
    const nextUrl = nextUrlOf(c, result.next);
    if (wantsJson(c)) return json(c, { items: result.items, next: result.next, nextUrl });
    if (isPartial(c)) {
      return await fragment(c, <PeopleItems people={result.items} nextUrl={nextUrl} />);
    }
    return await page(
      c,
      { title: "People", section: "/people" },
      <PeoplePage people={result.items} nextUrl={nextUrl} />,
    );
  });

  app.get("/people/:nsid", async (c) => {
    const person = await getPerson(db, c.req.param("nsid"));
    if (!person) return await notFound(c, "This person does not appear in the archive.");
    const base = `/people/${encodeURIComponent(person.nsid)}`;
    const lists = await personOverview(db, person.nsid);
    const { comments, faved, tagged, favorites } = lists;
    const more = (section: string, next: string | null) =>
      next ? withQuery(`${base}/${section}`, { after: next }) : null;
    if (wantsJson(c)) {
      return json(c, {
        person,
        comments: {
          items: comments.items.map((cm) => ({ ...cm, html: sanitizeFlickrHtml(cm.html) })),
          next: comments.next,
        },
        faved: { items: faved.items.map((i) => itemJson(i)), next: faved.next },
        tagged: { items: tagged.items.map((i) => itemJson(i)), next: tagged.next },
        favorites: { items: favorites.items.map((i) => itemJson(i)), next: favorites.next },
      });
    }
    return await page(
      c,
      { title: person.name, section: "/people" },
      <PersonPage person={person} lists={lists} more={more} />,
    );
  });

  app.get("/people/:nsid/comments", async (c) => {
    const person = await getPerson(db, c.req.param("nsid"));
    if (!person) return await notFound(c, "This person does not appear in the archive.");
    const result = await personComments(db, person.nsid, {
      after: c.req.query("after"),
      limit: limitOf(c),
    });
    const nextUrl = nextUrlOf(c, result.next);
    if (wantsJson(c)) {
      return json(c, {
        items: result.items.map((cm) => ({ ...cm, html: sanitizeFlickrHtml(cm.html) })),
        next: result.next,
        nextUrl,
      });
    }
    const body = <CommentItems comments={result.items} nextUrl={nextUrl} />;
    if (isPartial(c)) return await fragment(c, body);
    return await page(
      c,
      { title: `Comments by ${person.name}`, section: "/people" },
      <>
        <p class="small muted">
          <a href={`/people/${encodeURIComponent(person.nsid)}`}>← {person.name}</a>
        </p>
        <h1>Comments by {person.name}</h1>
        <ol class="comments panel">{body}</ol>
      </>,
    );
  });

  for (const section of PERSON_SECTIONS) {
    app.get(`/people/:nsid/${section}`, async (c) => {
      const person = await getPerson(db, c.req.param("nsid"));
      if (!person) return await notFound(c, "This person does not appear in the archive.");
      const ref = personList(section, person.nsid);
      const result = await listPage(db, ref, { after: c.req.query("after"), limit: limitOf(c) });
      const heading = personSectionHeading(section, person.name);
      return await gridAnswer(c, ref, result, (nextUrl) =>
        page(
          c,
          { title: heading, section: "/people" },
          <GridSection
            heading={<PersonSectionHead person={person} section={section} />}
            items={result.items}
            nextUrl={nextUrl}
            inList={listRefParam(ref)}
            empty={<Empty title="Nothing here" />}
          />,
        ), { person });
    });
  }

  app.get("/search", async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 200);
    const after = c.req.query("after");
    const result = await searchItems(db, q, { after, limit: limitOf(c) });
    const nextUrl = nextUrlOf(c, result.next);
    if (wantsJson(c)) {
      return json(c, {
        q,
        items: result.items.map((i) => itemJson(i)),
        next: result.next,
        nextUrl,
      });
    }
    if (isPartial(c)) {
      // The next page of tiles for infinite scroll, or the whole results block as one types.
      return await fragment(
        c,
        after
          ? <Tiles items={result.items} nextUrl={nextUrl} />
          : <SearchResults q={q} items={result.items} nextUrl={nextUrl} />,
      );
    }
    return await page(
      c,
      { title: q ? `Search: ${q}` : "Search", q },
      <SearchPage q={q} items={result.items} nextUrl={nextUrl} />,
    );
  });

  app.get("/videos/manual", async (c) => {
    const videos = await manualVideos(db);
    if (wantsJson(c)) {
      return json(c, {
        items: videos.map((v) => ({ ...v, item: itemJson(v.item) })),
        next: null,
        archive: opts.archiveDir,
      });
    }
    if (isPartial(c)) {
      return await fragment(c, <ManualList videos={videos} archiveDir={opts.archiveDir} />);
    }
    return await page(
      c,
      { title: "Videos to download by hand" },
      <ManualPage videos={videos} archiveDir={opts.archiveDir} />,
    );
  });

  app.get("/duplicates", async (c) => {
    const groups = await duplicateGroups(db);
    if (wantsJson(c)) {
      return json(c, {
        items: groups.map((g) => ({ items: g.items.map((i) => itemJson(i)), reasons: g.reasons })),
        next: null,
      });
    }
    return await page(c, { title: "Duplicates" }, <DuplicatesPage groups={groups} />);
  });

  app.get("/status", async (c) => {
    const [status, runs, failing, deleted] = await Promise.all([
      archiveStatus(opts.catalog, opts.archiveDir),
      recentRuns(db),
      failingFiles(db),
      deletedItems(db),
    ]);
    if (wantsJson(c)) {
      return json(c, {
        status,
        runs,
        failing,
        deleted: deleted.map((i) => itemJson(i)),
      });
    }
    return await page(
      c,
      { title: "Archive status" },
      <StatusPage status={status} runs={runs} failing={failing} deleted={deleted} />,
    );
  });
}
