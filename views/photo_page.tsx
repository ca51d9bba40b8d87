/**
 * The photo page: the image (or the video playing in the page) with its notes, and everything
 * around it: words, dates, place, tags, sets, people, comments, faves and EXIF.
 * @module
 */
import type { FC } from "hono/jsx";
import type { Neighbours } from "../src/catalog/browse.ts";
import type { PhotoDetail } from "../src/catalog/browse_photo.ts";
import { formatPrivacy, formatSafety, plural } from "./format.ts";
import { licenseById } from "../src/catalog/licenses.ts";
import { placeName } from "../src/catalog/place.ts";
import { formatBytes, formatClockSeconds } from "../src/units.ts";
import { Avatar, FlickrHtml, Taken, Time, titleOf } from "./components.tsx";
import {
  albumUrl,
  fileUrl,
  galleryUrl,
  groupUrl,
  originalUrl,
  personUrl,
  photoUrl,
  tagUrl,
  URLS,
} from "./urls.ts";
import { originalTurn } from "../src/catalog/turn.ts";

/** Where the page was opened from, for the arrows and the way back. */
export interface PhotoContext {
  /** `?in=` value. */
  inList: string | null;
  /** A label and URL of the list, e.g. ["Album: Summer", "/albums/1"]. */
  back: [string, string] | null;
  neighbours: Neighbours;
}

/** The stage: the display image with notes and arrows, or the video. */
const Stage: FC<{ d: PhotoDetail; ctx: PhotoContext }> = ({ d, ctx }) => {
  const { item } = d;
  const display = d.files.find((f) => f.kind === "display");
  const original = d.files.find((f) => f.kind === "original");
  // The best stream plays everywhere; the original may be a format browsers cannot play (MOV).
  const video = d.files.find((f) => f.kind === "video") ??
    (item.media === "video" ? original : undefined);
  const thumb = d.files.find((f) => f.kind === "thumb");
  const shown = display ?? original ?? thumb;
  // A video's poster is a picture: never the video file itself (an import gives no sized copy).
  const poster = display ?? thumb;
  // An original turned on Flickr is served turned (its EXIF orientation), as Flickr shows it.
  const turn = originalTurn(item);
  const turned = turn !== null && turn >= 5;
  const shownUrl = shown && shown === original
    ? originalUrl(original, turn)
    : shown && fileUrl(shown);
  let w = shown?.width ?? item.o_width ?? 0;
  let h = shown?.height ?? item.o_height ?? 0;
  if (shown === original && turned) [w, h] = [h, w];
  // Notes are boxes on the 500px image: 500 on its longest side.
  const baseW = w && h ? (w >= h ? 500 : Math.round((500 * w) / h)) : 500;
  const baseH = w && h ? (w >= h ? Math.round((500 * h) / w) : 500) : 500;
  const title = titleOf(item.title);
  return (
    <div class="stage">
      {ctx.neighbours.prev && (
        <a
          class="arrow prev"
          rel="prev"
          data-key="ArrowLeft"
          href={photoUrl(ctx.neighbours.prev, ctx.inList)}
          title="Previous (←)"
        >
          ‹
        </a>
      )}
      {item.media === "video"
        ? (
          <div class="frame">
            {video
              ? (
                <video
                  controls
                  preload="metadata"
                  playsinline
                  src={fileUrl(video)}
                  poster={poster ? fileUrl(poster) : undefined}
                  width={video.width ?? undefined}
                  height={video.height ?? undefined}
                >
                </video>
              )
              : shown
              ? (
                <img
                  src={shownUrl!}
                  alt={title}
                  width={w || undefined}
                  height={h || undefined}
                />
              )
              : <div class="noimg">No file archived yet</div>}
          </div>
        )
        : (
          <div class="frame" data-base-w={baseW} data-base-h={baseH}>
            {shown
              ? (
                <a
                  href={original ? originalUrl(original, turn) : shownUrl!}
                  title="Open the original"
                >
                  <img
                    src={shownUrl!}
                    alt={title}
                    width={w || undefined}
                    height={h || undefined}
                    decoding="async"
                  />
                </a>
              )
              : <div class="noimg">No file archived yet</div>}
            {d.notes.map((n) => (
              <div
                class="note"
                tabindex={0}
                data-x={n.x}
                data-y={n.y}
                data-w={n.w}
                data-h={n.h}
                data-note-id={n.id}
              >
                <span class="note-text">
                  {n.authorName && <b>{n.authorName}:</b>} {n.text}
                </span>
              </div>
            ))}
          </div>
        )}
      {ctx.neighbours.next && (
        <a
          class="arrow next"
          rel="next"
          data-key="ArrowRight"
          href={photoUrl(ctx.neighbours.next, ctx.inList)}
          title="Next (→)"
        >
          ›
        </a>
      )}
    </div>
  );
};

/** The photo page's body. */
export const PhotoPage: FC<{ d: PhotoDetail; ctx: PhotoContext }> = ({ d, ctx }) => {
  const { item } = d;
  const original = d.files.find((f) => f.kind === "original");
  const video = d.files.find((f) => f.kind === "video");
  const place = placeName(item);
  const hasGeo = item.latitude !== null && item.longitude !== null && (item.accuracy ?? 1) !== 0;
  const known = d.license ? licenseById(d.license.id) : undefined;
  const license = d.license
    ? {
      name: d.license.name || known?.name || `Licence ${d.license.id}`,
      url: d.license.url || known?.url || null,
    }
    : null;
  const camera = [item.camera_make, item.camera_model].filter(Boolean).join(" ");
  return (
    <>
      <p class="small muted">
        {ctx.back
          ? (
            <a href={ctx.back[1]} rel="up" data-key="Escape">
              ← {ctx.back[0]}
            </a>
          )
          : <a href={URLS.stream} rel="up" data-key="Escape">← Photostream</a>}
      </p>
      <article class="photo" data-item-id={item.id}>
        <div>
          <Stage d={d} ctx={ctx} />
          <div class="photo-tools muted">
            {d.notes.length > 0 && (
              <button type="button" class="link" data-toggle-notes="">
                Show notes ({d.notes.length}) <span class="muted">n</span>
              </button>
            )}
            {original && (
              <a href={originalUrl(original, originalTurn(item))}>
                Original{original.width ? ` ${original.width} × ${original.height}` : ""} ·{" "}
                {formatBytes(original.bytes)}
              </a>
            )}
            {video && <a href={fileUrl(video)}>Video stream · {formatBytes(video.bytes)}</a>}
            {item.photopage_url && (
              <a href={item.photopage_url} rel="noopener noreferrer">On Flickr</a>
            )}
            <span>← → to move through the list</span>
          </div>

          <h1 class="photo-title">{titleOf(item.title)}</h1>
          <p class="muted">
            by <a href={personUrl(d.owner.nsid)}>{d.owner.name}</a>
            {item.deleted_on_flickr === 1 && (
              <>
                {" "}· <b>deleted on Flickr</b>, kept here
              </>
            )}
          </p>
          {item.description && <FlickrHtml class="desc" html={item.description} />}

          <h2 id="comments">{plural(d.comments.length, "comment")}</h2>
          {d.comments.length === 0
            ? <p class="muted">No one has commented on this yet.</p>
            : (
              <ol class="comments">
                {d.comments.map((c) => (
                  <li class="comment" id={`comment-${c.id}`}>
                    <a href={personUrl(c.author.nsid)}>
                      <Avatar nsid={c.author.nsid} name={c.author.name} />
                    </a>
                    <div class="body">
                      <a class="who" href={personUrl(c.author.nsid)}>{c.author.name}</a>
                      {c.author.isDeleted && <span class="muted small">(account deleted)</span>}
                      <span class="when">
                        <Time unix={c.dateCreate} />
                      </span>
                      <FlickrHtml class="text" html={c.html} />
                    </div>
                  </li>
                ))}
              </ol>
            )}

          <h2 id="faves">{plural(d.faves.length, "fave")}</h2>
          {d.faves.length === 0 ? <p class="muted">No faves yet.</p> : (
            <ul class="favers">
              {d.faves.map((f) => (
                <li>
                  <a href={personUrl(f.nsid)} title={f.name}>
                    <Avatar nsid={f.nsid} name={f.name} />
                    <span>{f.name}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>

        <aside>
          <section class="panel">
            <dl class="facts">
              <dt>Taken</dt>
              <dd>
                <Taken
                  date={item.date_taken}
                  granularity={item.date_taken_granularity}
                  unknown={item.date_taken_unknown === 1}
                />
              </dd>
              <dt>Uploaded</dt>
              <dd>
                <Time unix={item.date_uploaded} />
              </dd>
              {item.is_favorite_of_mine === 1 && (
                <>
                  <dt>Faved</dt>
                  <dd>
                    <Time unix={item.faved_at} />
                  </dd>
                </>
              )}
              {item.media === "video" && item.duration !== null && (
                <>
                  <dt>Length</dt>
                  <dd>{formatClockSeconds(item.duration)}</dd>
                </>
              )}
              {camera && (
                <>
                  <dt>Camera</dt>
                  <dd>{camera}</dd>
                </>
              )}
              {(place || hasGeo) && (
                <>
                  <dt>Place</dt>
                  <dd>
                    {place}
                    {hasGeo && (
                      <div class="small muted mono">
                        {item.latitude!.toFixed(5)}, {item.longitude!.toFixed(5)}
                      </div>
                    )}
                  </dd>
                </>
              )}
              <dt>Licence</dt>
              <dd>
                {license
                  ? license.url
                    ? <a href={license.url} rel="noopener noreferrer">{license.name}</a>
                    : license.name
                  : <span class="muted">unknown</span>}
              </dd>
              <dt>Privacy</dt>
              <dd>{formatPrivacy(item.is_public, item.is_friend, item.is_family)}</dd>
              <dt>Safety</dt>
              <dd>{formatSafety(item.safety_level)}</dd>
              <dt>Views</dt>
              <dd>{item.views === null ? "unknown" : item.views.toLocaleString("en")}</dd>
            </dl>
          </section>

          {(d.tags.length > 0 || d.machineTags.length > 0) && (
            <section class="panel">
              {d.tags.length > 0 && (
                <>
                  <h3>Tags</h3>
                  <ul class="chips">
                    {d.tags.map((t) => (
                      <li>
                        <a href={tagUrl(t.tag)}>{t.raw}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {d.machineTags.length > 0 && (
                <>
                  <h3>Machine tags</h3>
                  <ul class="chips machine">
                    {d.machineTags.map((t) => (
                      <li>
                        <a href={tagUrl(t.tag)}>{t.raw}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}

          {d.people.length > 0 && (
            <section class="panel">
              <h3>In this photo</h3>
              <ul class="favers">
                {d.people.map((p) => (
                  <li>
                    <a href={personUrl(p.nsid)}>
                      <Avatar nsid={p.nsid} name={p.name} />
                      <span>{p.name}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}

          {(d.albums.length > 0 || d.galleries.length > 0 || d.groups.length > 0) && (
            <section class="panel">
              {d.albums.length > 0 && (
                <>
                  <h3>Albums</h3>
                  <ul class="chips">
                    {d.albums.map((a) => (
                      <li>
                        <a href={albumUrl(a.id)}>{titleOf(a.title)}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {d.galleries.length > 0 && (
                <>
                  <h3>Galleries</h3>
                  <ul class="chips">
                    {d.galleries.map((g) => (
                      <li>
                        <a href={galleryUrl(g.id)}>{titleOf(g.title)}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {d.groups.length > 0 && (
                <>
                  <h3>Groups</h3>
                  <ul class="chips">
                    {d.groups.map((g) => (
                      <li>
                        <a href={groupUrl(g.id)}>{g.name || g.id}</a>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}

          {d.exif.length > 0 && (
            <section class="panel">
              <details class="fold">
                <summary>EXIF ({d.exif.length})</summary>
                <table class="exif">
                  <tbody>
                    {d.exif.map((e) => (
                      <tr>
                        <th scope="row">{e.tag}</th>
                        <td>{e.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
          )}
        </aside>
      </article>
    </>
  );
};
