/**
 * The archive's health: counts, the last run, files missing or failing verification, items
 * deleted on Flickr; and the videos waiting for a manual download.
 * @module
 */
import type { FC } from "hono/jsx";
import type { GridItem } from "../src/catalog/browse.ts";
import type { FailingFile, ManualVideo } from "../src/catalog/browse_status.ts";
import type { ArchiveStatus } from "../src/catalog/status.ts";
import { EXPORT_REQUEST_URL } from "../src/catalog/free_account.ts";
import type { RunRow } from "../src/catalog/schema.ts";
import { formatBytes } from "../src/units.ts";
import { plural } from "./format.ts";
import { Empty, Grid, Tile, titleOf } from "./components.tsx";
import { photoUrl, URLS } from "./urls.ts";

const Stat: FC<{ n: number | string; label: string; tone?: "warn" | "bad"; href?: string }> = (
  { n, label, tone, href },
) => {
  const body = (
    <>
      <b>{typeof n === "number" ? n.toLocaleString("en") : n}</b>
      <span>{label}</span>
    </>
  );
  return href
    ? <a class={`stat ${tone ?? ""}`} href={href}>{body}</a>
    : <div class={`stat ${tone ?? ""}`}>{body}</div>;
};

function when(iso: string | null): string {
  if (!iso) return "never";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
}

/** The status page's body. */
export const StatusPage: FC<{
  status: ArchiveStatus;
  runs: RunRow[];
  failing: FailingFile[];
  deleted: GridItem[];
}> = ({ status: s, runs, failing, deleted }) => (
  <>
    <div class="page-head">
      <div>
        <h1>Archive status</h1>
        <p class="muted">
          <span class="mono">{s.archive}</span> · last run {when(s.last_run)}
          {s.last_run_status && ` (${s.last_run_status})`}
        </p>
      </div>
    </div>
    {s.waiting_for_export > 0 && (
      <p class="callout" id="waiting-for-export">
        Free account: Flickr gives apps at most 1,024 px of{" "}
        {plural(s.waiting_for_export, "of your photos", "of your photos")}, so the archive holds
        those copies for now. Their originals come with Flickr's data export: request it at{" "}
        <a href={EXPORT_REQUEST_URL} rel="noopener noreferrer">{EXPORT_REQUEST_URL}</a>{" "}
        ("Your Flickr data"; it arrives days later), then run <code>flickrvault import</code>{" "}
        with its zips to put the originals into this archive.
      </p>
    )}
    {s.missing_files + s.altered_files + s.lesser_copies === 0 &&
        s.videos_needing_manual_download === 0
      ? <p class="callout ok">Every archived file is where it should be.</p>
      : (
        <p class="callout">
          Something needs attention: {[
            s.missing_files + s.altered_files > 0 && "see the files below",
            s.lesser_copies > 0 &&
            "some photos have only a smaller copy so far (the next archive run fetches their originals)",
            s.videos_needing_manual_download > 0 && "some videos need downloading by hand",
          ].filter(Boolean).join("; ")}.{" "}
          {s.videos_needing_manual_download > 0 && (
            <a href={URLS.manualVideos}>
              How to download them
            </a>
          )}
        </p>
      )}
    <div class="stats">
      <Stat n={s.photos} label="photos" />
      <Stat n={s.videos} label="videos" />
      <Stat n={s.favorites} label="favorites of others" />
      <Stat n={s.albums} label="albums" />
      <Stat n={s.collections} label="collections" />
      <Stat n={s.galleries} label="galleries" />
      <Stat n={s.groups} label="groups" />
      <Stat n={s.comments} label="comments" />
      <Stat n={s.faves} label="faves" />
      <Stat n={s.people} label="people" />
      <Stat n={s.notes} label="notes" />
      <Stat n={s.files} label="files" />
      <Stat n={formatBytes(s.bytes)} label="on disk" />
      <Stat n={s.api_calls_last_run} label="API calls last run" />
      <Stat n={s.missing_files} label="files missing" tone={s.missing_files ? "bad" : undefined} />
      <Stat n={s.altered_files} label="files altered" tone={s.altered_files ? "bad" : undefined} />
      <Stat
        n={s.videos_needing_manual_download}
        label="videos to download by hand"
        tone={s.videos_needing_manual_download ? "warn" : undefined}
        href={URLS.manualVideos}
      />
      <Stat
        n={s.lesser_copies}
        label="smaller copies waiting for their original"
        tone={s.lesser_copies ? "warn" : undefined}
      />
      {s.free_account && (
        <Stat
          n={s.waiting_for_export}
          label="photos waiting for the export (1,024 px copies so far)"
          href={s.waiting_for_export > 0 ? "#waiting-for-export" : undefined}
        />
      )}
      <Stat n={s.deleted_on_flickr} label="deleted on Flickr, kept here" />
      <Stat
        n={s.duplicates}
        label={s.duplicates === 1 ? "group of duplicates" : "groups of duplicates"}
        href={URLS.duplicates}
      />
    </div>

    <h2>Files missing or failing verification</h2>
    {failing.length
      ? (
        <table class="list">
          <thead>
            <tr>
              <th>Item</th>
              <th>File</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {failing.map((f) => (
              <tr>
                <td>
                  <a href={photoUrl(f.itemId)}>{f.itemId}</a>
                </td>
                <td class="mono">{f.path}</td>
                <td>{f.status === "missing" ? "missing from disk" : "changed on disk"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )
      : (
        <p class="muted">
          None. <code>flickrvault verify</code> re-reads every file and checks it.
        </p>
      )}

    <h2>Deleted on Flickr</h2>
    {deleted.length
      ? <Grid items={deleted} nextUrl={null} />
      : <p class="muted">Nothing archived has been deleted on Flickr.</p>}

    <h2>Recent runs</h2>
    {runs.length
      ? (
        <table class="list">
          <thead>
            <tr>
              <th>Started</th>
              <th>Kind</th>
              <th>Result</th>
              <th>API calls</th>
              <th>Downloaded</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr>
                <td>{when(r.started_at)}</td>
                <td>{r.kind}</td>
                <td>{r.status}</td>
                <td>{r.api_calls.toLocaleString("en")}</td>
                <td>{formatBytes(r.bytes_downloaded)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )
      : (
        <p class="muted">
          No runs yet: start one with <code>flickrvault archive</code>.
        </p>
      )}
  </>
);

/** The list of videos to download by hand; it polls so that it shrinks as files are picked up. */
export const ManualList: FC<{ videos: ManualVideo[]; archiveDir: string }> = (
  { videos, archiveDir },
) => (
  <div id="manual-list" hx-get={URLS.manualVideos} hx-trigger="every 30s" hx-swap="outerHTML">
    {videos.length === 0
      ? (
        <Empty title="No videos waiting" glyph="✓">
          <p>Every video's original is in the archive.</p>
        </Empty>
      )
      : videos.map((v) => (
        <section class="manual" data-id={v.item.id}>
          <Tile item={v.item} />
          <div>
            <h3>
              <a href={photoUrl(v.item.id)}>{titleOf(v.item.title)}</a>
            </h3>
            {v.reason && <p class="muted small">{v.reason}</p>}
            <ol>
              <li>
                Open <a href={v.photopageUrl ?? "#"} rel="noopener noreferrer">its Flickr page</a>
                {" "}
                in a browser where you are signed in to Flickr.
              </li>
              <li>Use the download button (↓) and choose “Original”.</li>
              <li>
                Save the file as <code>{`${archiveDir}/${v.dropPath}`}</code>{" "}
                (any video extension will do; the name must start with the photo id).
              </li>
              <li>
                Run <code>flickrvault archive</code>{" "}
                again: it checks the file, files it in the archive, and the video leaves this list.
              </li>
            </ol>
          </div>
        </section>
      ))}
  </div>
);

/** The manual downloads page's body. */
export const ManualPage: FC<{ videos: ManualVideo[]; archiveDir: string }> = (props) => (
  <>
    <div class="page-head">
      <div>
        <h1>Videos to download by hand</h1>
        <p class="muted">
          Flickr sometimes refuses video originals to scripts while a signed-in browser gets them.
          {props.videos.length > 0 &&
            ` ${plural(props.videos.length, "video is", "videos are")} waiting.`}
        </p>
      </div>
    </div>
    <ManualList {...props} />
  </>
);
