/**
 * The two doors of the first run: "Which way in?", Flickr's data export (how to ask for it, then
 * the folder its zips are in), and the API key (what a key is, the two fields, the sign-in).
 * @module
 */
import type { FC } from "hono/jsx";
import { formatBytes } from "../src/units.ts";
import {
  FLICKR_DATA_URL,
  KEY_APPLY_URL,
  KEYS_URL,
  PostButton,
  PostForm,
  Problem,
  SETUP,
  SetupHead,
} from "./setup_common.tsx";

/** "Which way in?": the two doors, side by side. */
export const DoorsPage: FC<{ archiveDir: string }> = ({ archiveDir }) => (
  <>
    <SetupHead
      title="Which way in?"
      note={`Your archive will be the folder ${archiveDir}. Everything stays on this computer.`}
    />
    <div class="doors">
      <a class="door" href={SETUP.flickrExport} id="door-export">
        <h2>Flickr's data export</h2>
        <p>
          Works for every account, originals included. You ask Flickr for it; it arrives by e-mail
          in hours to days, as several zips.
        </p>
        <span class="btn">Use the export</span>
      </a>
      <a class="door" href={SETUP.apiKey} id="door-api">
        <h2>Connect with an API key</h2>
        <p>
          Flickr Pro only. Adds what the export lacks (who faved, commenters' names, exact privacy,
          the pictures of your favourites) and keeps the archive up to date.
        </p>
        <span class="btn">Use an API key</span>
      </a>
    </div>
    <p class="muted">
      Either door can be taken later as well: both fill the same archive, and neither undoes the
      other.
    </p>
  </>
);

/** One zip of the export, as the chooser tells it. */
export interface ChooserZip {
  name: string;
  bytes: number;
  kind: "metadata" | "media";
}

/** A folder, as the chooser tells it. */
export interface ChooserFolder {
  path: string;
  zips: ChooserZip[];
  unpacked: boolean;
  folders: string[];
  moreFolders: number;
  problem?: string;
}

function zipSummary(f: ChooserFolder): string {
  const meta = f.zips.filter((z) => z.kind === "metadata").length;
  const media = f.zips.length - meta;
  const bytes = f.zips.reduce((n, z) => n + z.bytes, 0);
  if (f.zips.length === 0) return "unpacked export files";
  return `${meta} metadata ${meta === 1 ? "zip" : "zips"}, ${media} media ${
    media === 1 ? "zip" : "zips"
  } (${formatBytes(bytes)})`;
}

function joinPath(parent: string, name: string): string {
  const sep = parent.includes("\\") && !parent.includes("/") ? "\\" : "/";
  return parent.endsWith(sep) ? parent + name : `${parent}${sep}${name}`;
}

function parentOf(path: string): string | undefined {
  const trimmed = path.replace(/[\\/]+$/, "");
  const i = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  if (i < 0) return undefined;
  return i === 0 ? trimmed.slice(0, 1) : trimmed.slice(0, i);
}

const ImportButton: FC<{ folder: ChooserFolder; csrf: string }> = ({ folder, csrf }) => (
  <PostButton
    action={SETUP.import}
    csrf={csrf}
    fields={{ folder: folder.path }}
    label="Import from this folder"
  />
);

/** The export door: how to ask for the export, the folders that hold one, a typed path. */
export const FlickrExportPage: FC<{
  csrf: string;
  found: ChooserFolder[];
  /** The folder being looked at (typed or clicked), if any. */
  browsing?: ChooserFolder;
  typed?: string;
  problem?: { message: string; hint?: string };
  /** An import has run before: this is for zips that arrived later. */
  again: boolean;
}> = ({ csrf, found, browsing, typed, problem, again }) => (
  <>
    <SetupHead title="Flickr's data export" back />
    {!again && (
      <section class="panel steps">
        <h2>1. Ask Flickr for it</h2>
        <ol>
          <li>
            Sign in at flickr.com and open{" "}
            <a href={FLICKR_DATA_URL} rel="noopener noreferrer" target="_blank">
              Settings → "Your Flickr data"
            </a>, then click "Request my Flickr data".
          </li>
          <li>
            Flickr prepares it, for hours or days, then sends an e-mail. The same page then lists
            download links: one or more <em>metadata</em> zips (named like
            <code>72157_1a2b3c_part1.zip</code>: titles, albums, comments) and the <em>media</em>
            {" "}
            zips (<code>data-download-1.zip</code>, <code>data-download-2.zip</code>, …, or
            <code>data_72157_1a2b3c_1.zip</code>…) with your originals.
          </li>
          <li>
            Download every zip into one folder (your Downloads folder is fine). There may be many;
            missing ones can be added later.
          </li>
        </ol>
      </section>
    )}
    <section class="panel chooser" id="chooser">
      <h2>{again ? "Add zips that arrived later" : "2. Choose the folder"}</h2>
      {problem && <Problem message={problem.message} hint={problem.hint} />}
      {found.length > 0
        ? (
          <>
            <p>Flickr export zips are in:</p>
            <ul class="found">
              {found.map((f) => (
                <li>
                  <span class="mono">{f.path}</span> <span class="muted">{zipSummary(f)}</span>
                  <ImportButton folder={f} csrf={csrf} />
                </li>
              ))}
            </ul>
          </>
        )
        : (
          <p class="muted">
            No Flickr export zips in your Downloads, your Desktop or your home folder (nor one level
            below them). Type the folder they are in:
          </p>
        )}
      <form method="get" action={SETUP.flickrExport} class="typed">
        <label>
          Folder{" "}
          <input
            type="text"
            name="path"
            value={typed ?? browsing?.path ?? ""}
            placeholder="e.g. ~/Downloads/flickr"
            size={50}
          />
        </label>{" "}
        <button type="submit" class="btn secondary">Look in this folder</button>
      </form>
      {browsing && <FolderListing folder={browsing} csrf={csrf} />}
    </section>
  </>
);

/** What a folder holds: its export zips (and the import button), and subfolders to look in. */
const FolderListing: FC<{ folder: ChooserFolder; csrf: string }> = ({ folder, csrf }) => {
  const up = parentOf(folder.path);
  const look = (path: string) => `${SETUP.flickrExport}?path=${encodeURIComponent(path)}`;
  if (folder.problem) {
    return (
      <Problem
        message={`Cannot look in ${folder.path}: ${folder.problem}`}
        hint="check the path: copy it from your file manager's address bar"
      />
    );
  }
  return (
    <div class="listing" id="listing">
      <h3 class="mono">{folder.path}</h3>
      {folder.zips.length > 0 || folder.unpacked
        ? (
          <>
            <p>{zipSummary(folder)}:</p>
            <ul class="zips">
              {folder.zips.map((z) => (
                <li>
                  <span class="mono">{z.name}</span>{" "}
                  <span class="muted">
                    {z.kind}, {formatBytes(z.bytes)}
                  </span>
                </li>
              ))}
            </ul>
            <ImportButton folder={folder} csrf={csrf} />
          </>
        )
        : (
          <p class="callout" id="no-export">
            This folder holds no Flickr export: its zips are named like{" "}
            <code>72157_1a2b3c_part1.zip</code> and{" "}
            <code>data-download-1.zip</code>. Look in a subfolder, or download the zips into one
            folder first.
          </p>
        )}
      <ul class="subfolders">
        {up && (
          <li>
            <a href={look(up)}>↑ up</a>
          </li>
        )}
        {folder.folders.map((name) => (
          <li>
            <a href={look(joinPath(folder.path, name))}>{name}/</a>
          </li>
        ))}
        {folder.moreFolders > 0 && <li class="muted">… and {folder.moreFolders} more folders</li>}
      </ul>
    </div>
  );
};

/** The account a sign-in is for. */
export interface SignedInView {
  username?: string;
  userNsid?: string;
  /** Known free (true), Pro (false), or not known. */
  free?: boolean;
}

/** The API door, in each of its states. */
export const ApiKeyPage: FC<{
  csrf: string;
  /** Where Flickr sends the browser back: this server's callback. */
  callbackUrl: string;
  /** `form`: the two fields; `checked`: the key works, sign in; `pending`: waiting for Flickr. */
  step: "form" | "checked" | "pending" | "signed-in";
  /** What was typed as the key (never the secret), to correct it. */
  keyValue?: string;
  problem?: { field?: string; message: string; hint?: string };
  signedIn?: SignedInView;
}> = ({ csrf, callbackUrl, step, keyValue, problem, signedIn }) => (
  <>
    <SetupHead title="Connect with an API key" back />
    {step === "signed-in" && signedIn
      ? (
        <>
          {problem && <Problem message={problem.message} hint={problem.hint} />}
          <SignedIn csrf={csrf} who={signedIn} />
        </>
      )
      : (
        <>
          {step === "form" && <KeyExplained callbackUrl={callbackUrl} />}
          {problem && <Problem message={problem.message} hint={problem.hint} />}
          {step === "form" && (
            <PostForm action={SETUP.apiKey} csrf={csrf} class="panel key-form">
              <h2>2. Your key and its secret</h2>
              <p>
                <label>
                  Key{" "}
                  <input
                    type="text"
                    name="api_key"
                    value={keyValue ?? ""}
                    autocomplete="off"
                    spellcheck={false}
                    size={40}
                    class={problem?.field === "key" ? "wrong" : undefined}
                  />
                </label>
              </p>
              <p>
                <label>
                  Secret{" "}
                  <input
                    type="password"
                    name="api_secret"
                    autocomplete="off"
                    size={24}
                    class={problem?.field === "secret" ? "wrong" : undefined}
                  />
                </label>
              </p>
              <p class="muted small">
                Both are checked at once with one harmless call to Flickr. They are stored, with the
                sign-in, only in <code>credentials.json</code>{" "}
                in your archive (readable by you alone), and never shown again.
              </p>
              <button type="submit" class="btn">Check the key</button>
            </PostForm>
          )}
          {step === "checked" && (
            <section class="panel" id="sign-in">
              <h2>3. Sign in</h2>
              <p class="ok-line">The key and secret work.</p>
              <p>
                Flickr now asks you, on its own page, to let flickrvault read your account. After
                you click "OK, I'll authorize it", Flickr sends you back here.
              </p>
              <PostButton
                action={SETUP.signIn}
                csrf={csrf}
                label="Sign in with Flickr"
                id="sign-in-button"
              />
            </section>
          )}
          {step === "pending" && (
            <section class="panel" id="pending">
              <h2>Waiting for Flickr</h2>
              <p>
                The sign-in was started but Flickr has not sent you back here yet. If you clicked
                {" "}
                <strong>"No thanks"</strong>{" "}
                on Flickr's page, Flickr does not come back: nothing was stored, and nothing was
                read.
              </p>
              <p class="actions">
                <PostButton action={SETUP.signIn} csrf={csrf} label="Start the sign-in again" />
                <a class="btn secondary" href={SETUP.flickrExport}>Use the export instead</a>
              </p>
            </section>
          )}
        </>
      )}
  </>
);

const KeyExplained: FC<{ callbackUrl: string }> = ({ callbackUrl }) => (
  <section class="panel steps">
    <h2>1. Get a key of your own</h2>
    <p>
      An API key is how Flickr knows which app asks. Each person needs their own: Flickr allows each
      key about 3,600 calls an hour, shared by everyone using it, and a key belongs to the Flickr
      member who asked for it. Since 2025 Flickr gives keys to Pro members only; without Pro, use
      {" "}
      <a href={SETUP.flickrExport}>the data export</a>.
    </p>
    <ol>
      <li>
        Open{" "}
        <a href={KEY_APPLY_URL} rel="noopener noreferrer" target="_blank">
          Flickr's key page
        </a>{" "}
        and choose "Apply for a non-commercial key".
      </li>
      <li>
        App name: <code>flickrvault</code> (any name will do). What are you building:{" "}
        <em>"A personal backup of my own photos."</em> Tick both boxes and submit.
      </li>
      <li>
        Flickr shows the <strong>Key</strong> and the{" "}
        <strong>Secret</strong>: copy them below. (They stay listed at{" "}
        <a href={KEYS_URL} rel="noopener noreferrer" target="_blank">your apps</a>.)
      </li>
      <li>
        If Flickr asks for a callback URL (under "Edit auth flow"), give{" "}
        <code class="callback">{callbackUrl}</code>: this is where Flickr sends you back after you
        allow access. flickrvault also tells Flickr this address at each sign-in.
      </li>
    </ol>
  </section>
);

const SignedIn: FC<{ csrf: string; who: SignedInView }> = ({ csrf, who }) => (
  <section class="panel" id="signed-in">
    <h2>Signed in{who.username ? ` as ${who.username}` : ""}</h2>
    <p class="muted">
      The key and the sign-in are stored in <code>credentials.json</code>{" "}
      in the archive and are not shown again. Setting up the key again is refused while they are
      there.
    </p>
    {who.free && (
      <div class="callout" id="free-account">
        <p>
          <strong>This is a free Flickr account.</strong>{" "}
          Since 2025 Flickr gives apps at most 1,024 pixels of a free account's photos (unless they
          are public and Creative Commons licensed), so the archive run keeps those smaller copies.
          Your originals come only with Flickr's data export:{" "}
          <a href={SETUP.flickrExport}>
            import it
          </a>{" "}
          (before or after this run) and every smaller copy is replaced by its original.
        </p>
        <p>
          The archive run still brings what the export lacks: who faved your photos, commenters'
          names, exact privacy and your favourites' pictures.
        </p>
      </div>
    )}
    <PostButton
      action={SETUP.archive}
      csrf={csrf}
      label="Start the archive run"
      id="start-archive"
    />
  </section>
);
