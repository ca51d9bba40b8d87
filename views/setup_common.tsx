/**
 * Pieces the first-run pages share: forms that carry the page's CSRF token, a button that posts,
 * and the box that says what went wrong and what to do.
 *
 * Tested by src/setup/routes_setup_test.ts.
 * @module
 */
import type { FC, PropsWithChildren } from "hono/jsx";

/** The first-run pages' addresses, in one place so that routes and views agree. */
export const SETUP = {
  home: "/setup",
  flickrExport: "/setup/flickr-export",
  apiKey: "/setup/api-key",
  signIn: "/setup/api-key/sign-in",
  callback: "/setup/api-key/callback",
  import: "/setup/import",
  archive: "/setup/archive",
  pause: "/setup/pause",
  resume: "/setup/resume",
  run: "/setup/run",
  runJson: "/setup/run.json",
  familyCopy: "/setup/family-copy",
  photosCopy: "/setup/photos-copy",
} as const;

/** Where Flickr's data export is requested (Settings, "Your Flickr data"). */
export const FLICKR_DATA_URL = "https://www.flickr.com/account";
/** Where a Flickr member applies for an API key. */
export const KEY_APPLY_URL = "https://www.flickr.com/services/apps/create/apply/";
/** Where a member's keys are listed. */
export const KEYS_URL = "https://www.flickr.com/services/apps/by/me";

/** The hidden field every form carries. */
export const Csrf: FC<{ token: string }> = ({ token }) => (
  <input type="hidden" name="_csrf" value={token} />
);

/** A POST form with its token. */
export const PostForm: FC<PropsWithChildren<{ action: string; csrf: string; class?: string }>> = (
  { action, csrf, class: cls, children },
) => (
  <form method="post" action={action} class={cls}>
    <Csrf token={csrf} />
    {children}
  </form>
);

/** One button that posts to `action` (with `fields` beside the token). */
export const PostButton: FC<{
  action: string;
  csrf: string;
  label: string;
  fields?: Record<string, string>;
  secondary?: boolean;
  id?: string;
}> = ({ action, csrf, label, fields, secondary, id }) => (
  <PostForm action={action} csrf={csrf} class="inline">
    {Object.entries(fields ?? {}).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class={secondary ? "btn secondary" : "btn"} id={id}>{label}</button>
  </PostForm>
);

/** What happened and what to do about it. */
export const Problem: FC<PropsWithChildren<{ message: string; hint?: string; title?: string }>> = (
  { message, hint, title, children },
) => (
  <div class="callout bad problem" role="alert">
    {title && <h2>{title}</h2>}
    <p class="what">{message}</p>
    {hint && <p class="todo">What to do: {hint}</p>}
    {children}
  </div>
);

/** A page's head within the first run: where the person is, and the way back. */
export const SetupHead: FC<{ title: string; back?: boolean; note?: string }> = (
  { title, back, note },
) => (
  <div class="setup-head">
    {back && (
      <p class="small muted">
        <a href={SETUP.home}>← Start</a>
      </p>
    )}
    <h1>{title}</h1>
    {note && <p class="muted">{note}</p>}
  </div>
);
