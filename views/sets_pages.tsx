/**
 * Albums, collections, galleries and groups.
 * @module
 */
import type { FC } from "hono/jsx";
import type { GridItem, Thumb } from "../src/catalog/browse.ts";
import type {
  AlbumSummary,
  CollectionNode,
  GalleryEntry,
  GallerySummary,
  GroupSummary,
} from "../src/catalog/browse_sets.ts";
import { plural } from "./format.ts";
import { Empty, FlickrHtml, ListHead, Tile, titleOf } from "./components.tsx";
import { albumUrl, galleryUrl, groupUrl, thumbUrl, URLS } from "./urls.ts";

const Cover: FC<{ thumb: Thumb | null; alt: string }> = ({ thumb, alt }) => {
  const src = thumbUrl(thumb);
  return (
    <div class="cover">
      {src && (
        <img
          src={src}
          alt={alt}
          width={thumb?.width ?? undefined}
          height={thumb?.height ?? undefined}
          loading="lazy"
          decoding="async"
        />
      )}
    </div>
  );
};

/**
 * "3 photos, 1 video" from Flickr's counts. A count Flickr omitted is unknown and left out (never
 * "0 photos"); null when both are unknown.
 */
function setCounts(photos: number | null, videos: number | null): string | null {
  const parts: string[] = [];
  if (photos !== null) parts.push(plural(photos, "photo"));
  if (videos !== null && (videos > 0 || photos === null)) parts.push(plural(videos, "video"));
  return parts.length ? parts.join(", ") : null;
}

/** What the archive holds of an album, worded as such (for when Flickr's counts are unknown). */
function archivedText(n: number): string {
  return `${plural(n, "item")} archived`;
}

/** Album cards and, when there are more, the sentinel for the next page. */
export const AlbumCards: FC<{ albums: AlbumSummary[]; nextUrl: string | null }> = (
  { albums, nextUrl },
) => (
  <>
    {albums.map((a) => (
      <a class="card" href={albumUrl(a.id)}>
        <Cover thumb={a.cover} alt={titleOf(a.title)} />
        <div class="meta">
          <div class="title">{titleOf(a.title)}</div>
          <div class="muted small">
            {setCounts(a.countPhotos, a.countVideos) ?? archivedText(a.archived)}
          </div>
        </div>
      </a>
    ))}
    {nextUrl && (
      <div class="more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={nextUrl}>More albums</a>
      </div>
    )}
  </>
);

/** The albums page's body. */
export const AlbumsPage: FC<{ albums: AlbumSummary[]; nextUrl: string | null }> = (props) => (
  <>
    <div class="page-head">
      <div>
        <h1>Albums</h1>
        <p class="muted">In the order you gave them on Flickr.</p>
      </div>
    </div>
    {props.albums.length
      ? (
        <div class="cards" id="albums">
          <AlbumCards {...props} />
        </div>
      )
      : (
        <Empty title="No albums archived" glyph="🗂">
          <p>
            Albums you made on Flickr appear here after <code>flickrvault archive</code> has run.
          </p>
        </Empty>
      )}
  </>
);

/** Heading of a group's page (the person's photos in its pool). */
export const GroupHead: FC<{ group: GroupSummary }> = ({ group }) => (
  <ListHead
    back={URLS.groups}
    backLabel="Groups"
    title={group.name || group.id}
    note="Your photos in this group's pool, most recently added first."
  />
);

/** Album head's counts line: Flickr's counts when known, with how many the archive holds. */
function albumCountLine(album: AlbumSummary): string {
  const counts = setCounts(album.countPhotos, album.countVideos);
  if (counts === null) return archivedText(album.archived);
  const archived = album.archived.toLocaleString("en");
  if (album.countPhotos === null || album.countVideos === null) {
    return `${counts} (${archived} archived)`;
  }
  return album.archived < album.countPhotos + album.countVideos
    ? `${counts} (${archived} archived so far)`
    : counts;
}

/** Heading of an album page. */
export const AlbumHead: FC<{ album: AlbumSummary }> = ({ album }) => (
  <div>
    <p class="small muted">
      <a href={URLS.albums}>← Albums</a>
    </p>
    <h1>{titleOf(album.title)}</h1>
    <p class="muted">{albumCountLine(album)}</p>
    {album.description && <FlickrHtml class="desc" html={album.description} />}
  </div>
);

const CollectionTree: FC<{ nodes: CollectionNode[] }> = ({ nodes }) => (
  <ul class="tree">
    {nodes.map((n) => (
      <li class="node">
        <h3>{titleOf(n.title)}</h3>
        {n.description && <FlickrHtml class="muted small" html={n.description} />}
        {n.albums.length > 0 && (
          <div class="mini-albums">
            {n.albums.map((a) => {
              const src = thumbUrl(a.cover);
              return (
                <a href={albumUrl(a.id)}>
                  {src
                    ? <img src={src} alt="" width={44} height={44} loading="lazy" />
                    : <span class="ph"></span>}
                  <span>{titleOf(a.title)}</span>
                </a>
              );
            })}
          </div>
        )}
        {n.children.length > 0 && <CollectionTree nodes={n.children} />}
      </li>
    ))}
  </ul>
);

/** The collections page's body. */
export const CollectionsPage: FC<{ tree: CollectionNode[] }> = ({ tree }) => (
  <>
    <div class="page-head">
      <div>
        <h1>Collections</h1>
        <p class="muted">Your albums, grouped the way you grouped them.</p>
      </div>
    </div>
    {tree.length ? <CollectionTree nodes={tree} /> : (
      <Empty title="No collections" glyph="🌳">
        <p>
          Collections group albums on Flickr. If you made any, they appear here after an archive
          run.
        </p>
      </Empty>
    )}
  </>
);

/** The galleries page's body. */
export const GalleriesPage: FC<{ galleries: GallerySummary[] }> = ({ galleries }) => (
  <>
    <div class="page-head">
      <div>
        <h1>Galleries</h1>
        <p class="muted">Other people's photos you curated.</p>
      </div>
    </div>
    {galleries.length
      ? (
        <div class="cards">
          {galleries.map((g) => (
            <a class="card" href={galleryUrl(g.id)}>
              <Cover thumb={g.cover} alt={titleOf(g.title)} />
              <div class="meta">
                <div class="title">{titleOf(g.title)}</div>
                {(g.countPhotos !== null || g.countVideos !== null) && (
                  <div class="muted small">
                    {g.countPhotos !== null && g.countVideos !== null
                      ? plural(g.countPhotos + g.countVideos, "item")
                      : setCounts(g.countPhotos, g.countVideos)}
                  </div>
                )}
              </div>
            </a>
          ))}
        </div>
      )
      : (
        <Empty title="No galleries" glyph="🖼">
          <p>Galleries you curated on Flickr appear here after an archive run.</p>
        </Empty>
      )}
  </>
);

/** A gallery page's body: archived entries as tiles, the others as what Flickr said of them. */
export const GalleryPage: FC<{ gallery: GallerySummary; entries: GalleryEntry[] }> = (
  { gallery, entries },
) => (
  <>
    <div class="page-head">
      <div>
        <p class="small muted">
          <a href={URLS.galleries}>← Galleries</a>
        </p>
        <h1>{titleOf(gallery.title)}</h1>
        {gallery.description && <FlickrHtml class="desc" html={gallery.description} />}
        {gallery.url && (
          <p class="small">
            <a href={gallery.url} rel="noopener noreferrer">On Flickr</a>
          </p>
        )}
      </div>
    </div>
    {entries.length
      ? (
        <div class="grid">
          {entries.map((e) =>
            e.item ? <Tile key={e.id} item={e.item as GridItem} /> : (
              <a
                class="tile"
                href={`https://www.flickr.com/photo.gne?id=${encodeURIComponent(e.id)}`}
                rel="noopener noreferrer"
                title="Not in the archive: opens on Flickr"
              >
                <span class="noimg">{titleOf(e.title)} (not archived)</span>
              </a>
            )
          )}
        </div>
      )
      : <Empty title="This gallery is empty" />}
  </>
);

/** The groups page's body. */
export const GroupsPage: FC<{ groups: GroupSummary[] }> = ({ groups }) => (
  <>
    <div class="page-head">
      <div>
        <h1>Groups</h1>
        <p class="muted">Groups whose pools hold your photos.</p>
      </div>
    </div>
    {groups.length
      ? (
        <div class="cards">
          {groups.map((g) => (
            <a class="card" href={groupUrl(g.id)}>
              <Cover thumb={g.cover} alt={g.name} />
              <div class="meta">
                <div class="title">{g.name || g.id}</div>
                <div class="muted small">{plural(g.items, "of your items", "of your items")}</div>
              </div>
            </a>
          ))}
        </div>
      )
      : (
        <Empty title="No groups" glyph="👥">
          <p>Groups you added photos to appear here after an archive run.</p>
        </Empty>
      )}
  </>
);
