/**
 * People: everyone who commented, faved or was tagged, and one person's page with what they said
 * and faved.
 * @module
 */
import type { FC } from "hono/jsx";
import type {
  PersonComment,
  PersonOverview,
  PersonSection,
  PersonSummary,
} from "../src/catalog/browse_people.ts";
import { plural } from "./format.ts";
import { Avatar, Empty, FlickrHtml, Grid, ListHead, Time, titleOf } from "./components.tsx";
import { personUrl, photoUrl, thumbUrl, URLS } from "./urls.ts";

function activity(p: PersonSummary): string {
  const parts = [];
  if (p.comments) parts.push(plural(p.comments, "comment"));
  if (p.faves) parts.push(plural(p.faves, "fave"));
  if (p.tagged) parts.push(`in ${plural(p.tagged, "photo")}`);
  return parts.join(" · ");
}

/** People rows and the sentinel for the next page. */
export const PeopleItems: FC<{ people: PersonSummary[]; nextUrl: string | null }> = (
  { people, nextUrl },
) => (
  <>
    {people.map((p) => (
      <a class="person" href={personUrl(p.nsid)}>
        <Avatar nsid={p.nsid} name={p.name} />
        <div>
          <div class="name">{p.name}</div>
          <div class="muted small">{activity(p)}</div>
        </div>
      </a>
    ))}
    {nextUrl && (
      <div class="more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={nextUrl}>More people</a>
      </div>
    )}
  </>
);

/** The people page's body. */
export const PeoplePage: FC<{ people: PersonSummary[]; nextUrl: string | null }> = (props) => (
  <>
    <div class="page-head">
      <div>
        <h1>People</h1>
        <p class="muted">Everyone who commented on, faved or was tagged in your photos.</p>
      </div>
    </div>
    {props.people.length
      ? (
        <div class="people-list" id="people">
          <PeopleItems {...props} />
        </div>
      )
      : (
        <Empty title="No one here yet" glyph="🙂">
          <p>
            When people comment on, fave or are tagged in your archived photos, they appear here.
          </p>
        </Empty>
      )}
  </>
);

/** A person's comments and the sentinel for the next page. */
export const CommentItems: FC<{ comments: PersonComment[]; nextUrl: string | null }> = (
  { comments, nextUrl },
) => (
  <>
    {comments.map((c) => {
      const src = thumbUrl(c.item.thumb);
      return (
        <li class="comment">
          <a href={photoUrl(c.item.id)}>
            {src
              ? (
                <img
                  class="thumb"
                  src={src}
                  alt={titleOf(c.item.title)}
                  loading="lazy"
                  width={64}
                  height={64}
                />
              )
              : <span class="thumb noimg">{titleOf(c.item.title)}</span>}
          </a>
          <div class="body">
            <a class="who" href={photoUrl(c.item.id)}>{titleOf(c.item.title)}</a>
            <span class="when">
              <Time unix={c.dateCreate} />
            </span>
            <FlickrHtml class="text" html={c.html} />
          </div>
        </li>
      );
    })}
    {nextUrl && (
      <li class="more" hx-get={nextUrl} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={nextUrl}>More comments</a>
      </li>
    )}
  </>
);

/** The heading of a section's own pages (all of a person's faves, say). */
export function personSectionHeading(section: PersonSection, name: string): string {
  return section === "faved"
    ? `Faved by ${name}`
    : section === "tagged"
    ? `${name} tagged`
    : `${name}'s photos in your favorites`;
}

/** Heading of a section's own pages. */
export const PersonSectionHead: FC<{ person: PersonSummary; section: PersonSection }> = (
  { person, section },
) => (
  <ListHead
    back={personUrl(person.nsid)}
    backLabel={person.name}
    title={personSectionHeading(section, person.name)}
  />
);

export const PersonPage: FC<{
  person: PersonSummary;
  lists: PersonOverview;
  /** The link to the rest of a section (`comments`, `faved`...) that has more, else null. */
  more: (section: keyof PersonOverview, next: string | null) => string | null;
}> = ({ person, lists, more }) => {
  return (
    <>
      <p class="small muted">
        <a href={URLS.people}>← People</a>
      </p>
      <div class="profile">
        <Avatar nsid={person.nsid} name={person.name} big />
        <div>
          <h1>{person.name}</h1>
          <p class="muted">
            {person.username && person.username !== person.name && <>{person.username} ·</>}
            {person.location && <>{person.location} ·</>}
            <span class="mono">{person.nsid}</span>
            {person.isDeleted && " · account deleted"}
          </p>
          <p class="small">
            <a
              href={`https://www.flickr.com/photos/${
                encodeURIComponent(person.pathAlias || person.nsid)
              }/`}
              rel="noopener noreferrer"
            >
              On Flickr
            </a>
          </p>
        </div>
      </div>
      {lists.favorites.items.length > 0 && (
        <>
          <h2>Their photos in your favorites</h2>
          <Grid
            items={lists.favorites.items}
            nextUrl={more("favorites", lists.favorites.next)}
            inList={`favorites-by:${person.nsid}`}
          />
        </>
      )}
      {lists.tagged.items.length > 0 && (
        <>
          <h2>Tagged in {plural(person.tagged, "photo")}</h2>
          <Grid
            items={lists.tagged.items}
            nextUrl={more("tagged", lists.tagged.next)}
            inList={`tagged:${person.nsid}`}
          />
        </>
      )}
      {lists.faved.items.length > 0 && (
        <>
          <h2>Faved {plural(person.faves, "of your photos", "of your photos")}</h2>
          <Grid
            items={lists.faved.items}
            nextUrl={more("faved", lists.faved.next)}
            inList={`faved-by:${person.nsid}`}
          />
        </>
      )}
      <h2>{plural(person.comments, "comment")}</h2>
      {lists.comments.items.length
        ? (
          <ol class="comments panel" id="person-comments">
            <CommentItems
              comments={lists.comments.items}
              nextUrl={more("comments", lists.comments.next)}
            />
          </ol>
        )
        : <p class="muted">No comments from {person.name} in the archive.</p>}
    </>
  );
};
