/**
 * A run seen from the first-run pages: the live panel (polled every second while the run goes),
 * how it ended, the offer to resume a run that stopped, the wait while a command in a terminal
 * holds the archive, and the start page of an archive that is complete.
 * @module
 */
// Fragment carries list keys: deno lint wants them, and Hono prints a key on an element.
import { type FC, Fragment } from "hono/jsx";
import type { RunCounts } from "../src/catalog/run_counts.ts";
import { plural } from "./format.ts";
import { formatBytes } from "../src/units.ts";
import type { PhaseProgress } from "../src/progress.ts";
import { PostButton, Problem, SETUP, SetupHead } from "./setup_common.tsx";

/** Where a run stands (the run manager's snapshot). */
export interface RunView {
  id: number;
  kind: "import" | "archive" | "site" | "export";
  title: string;
  state: "running" | "pausing" | "done" | "attention" | "interrupted" | "failed";
  pausable: boolean;
  startedAt: number;
  endedAt: number | null;
  phase: PhaseProgress | null;
  status: string | null;
  lines: string[];
  waiting: string | null;
  summary: string[];
  attention: string[];
  failure: { message: string; hint?: string } | null;
}

const NOUN: Record<RunView["kind"], string> = {
  import: "import",
  archive: "archive run",
  site: "copy for family",
  export: "export for photo apps",
};

/** "12 min", "1 h 10 min". */
function duration(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1000))} s`;
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`;
}

function count(n: number): string {
  return n.toLocaleString("en");
}

/** Whether the run is still going. */
export function isLive(run: RunView): boolean {
  return run.state === "running" || run.state === "pausing";
}

/** The live panel; it asks for itself again every second while the run goes. */
export const RunPanel: FC<{ run: RunView; counts: RunCounts | null; csrf: string }> = (
  { run, counts, csrf },
) => {
  const p = run.phase;
  return (
    <section
      class="panel run-panel"
      id="run-panel"
      data-run={run.id}
      data-state={run.state}
      hx-get={`${SETUP.run}?id=${run.id}`}
      hx-trigger="every 1s"
      hx-swap="outerHTML"
    >
      <h2>
        {run.title}
        <span class="state">
          {run.state === "pausing" ? "pausing: finishing the files in flight…" : "running…"}
        </span>
      </h2>
      {p && p.phase && (
        <div class="phase">
          <p>
            Step: <strong class="phase-name">{p.phase}</strong> — {count(p.done)} of{" "}
            {count(p.total)} {p.unit}
          </p>
          <progress max={Math.max(1, p.total)} value={Math.min(p.done, p.total)}></progress>
        </div>
      )}
      {run.status && <p class="status-line mono">{run.status}</p>}
      {counts && (
        <dl class="facts run-facts">
          <dt>Items</dt>
          <dd class="items">
            {count(counts.own)} photos and videos, {count(counts.favorites)} favourites
          </dd>
          <dt>Originals on disk</dt>
          <dd class="originals">
            {count(counts.originals)} ({formatBytes(counts.bytes)} in all files)
          </dd>
          {run.kind === "archive" && p && (
            <>
              <dt>API calls</dt>
              <dd class="calls">
                {count(p.callsMade)} in this run
                {p.callsPerHour > 0 ? `, at most ${count(p.callsPerHour)} an hour` : ""}
              </dd>
              <dt>Time left</dt>
              <dd class="eta">
                {p.callsLeft === 0
                  ? "this step needs no more calls"
                  : p.etaMs > 0
                  ? `this step: about ${duration(p.etaMs)} (${count(p.callsLeft)} calls)`
                  : `this step: ${count(p.callsLeft)} calls`}
              </dd>
            </>
          )}
        </dl>
      )}
      {run.waiting && <p class="callout waiting">Waiting: {run.waiting}</p>}
      {run.lines.length > 0 && (
        <ol class="run-lines">
          {run.lines.slice(-8).map((l, i) => (
            <Fragment key={String(i)}>
              <li>{l}</li>
            </Fragment>
          ))}
        </ol>
      )}
      <p class="actions">
        {run.pausable && run.state === "running" && (
          <PostButton action={SETUP.pause} csrf={csrf} label="Pause" id="pause" secondary />
        )}
        <a class="btn secondary" href="/" id="browse">Browse what is on disk so far</a>
      </p>
      <p class="muted small">
        You may close this tab: the run goes on until flickrvault itself is stopped, and the next
        start offers to resume it.
      </p>
    </section>
  );
};

/** How a run ended: its summary, what needs attention, or why it stopped and what to do. */
export const RunResult: FC<{ run: RunView; csrf: string }> = ({ run, csrf }) => {
  const noun = NOUN[run.kind];
  const resumable = run.kind === "import" || run.kind === "archive" || run.kind === "export";
  return (
    <section class="panel run-result" id="run-result" data-state={run.state} data-kind={run.kind}>
      {run.state === "failed" && run.failure
        ? (
          <Problem
            title={`The ${noun} stopped`}
            message={run.failure.message}
            hint={run.failure.hint}
          >
            {resumable && (
              <p>
                <PostButton
                  action={SETUP.resume}
                  csrf={csrf}
                  fields={{ kind: run.kind }}
                  label="Try again"
                  id="try-again"
                />
              </p>
            )}
          </Problem>
        )
        : (
          <>
            <h2>
              {run.state === "interrupted"
                ? `The ${noun} is paused`
                : run.state === "attention"
                ? `The ${noun} finished; some things need a look`
                : `The ${noun} finished`}
            </h2>
            {run.summary.map((l, i) => (
              <Fragment key={String(i)}>
                <p class="summary-line">{l}</p>
              </Fragment>
            ))}
            {run.attention.length > 0 && (
              <ul class="attention">
                {run.attention.map((a, i) => (
                  <Fragment key={String(i)}>
                    <li>{a}</li>
                  </Fragment>
                ))}
              </ul>
            )}
            {run.state === "interrupted" && resumable && (
              <p>
                <PostButton
                  action={SETUP.resume}
                  csrf={csrf}
                  fields={{ kind: run.kind }}
                  label="Resume"
                  id="resume"
                />{" "}
                <span class="muted">It continues where it stopped.</span>
              </p>
            )}
          </>
        )}
    </section>
  );
};

/** A run of another process (a command in a terminal) holds the archive. */
export const HeldBy: FC<{ pid: number; since: string }> = ({ pid, since }) => (
  <section
    class="callout held"
    id="held-by"
    hx-get={`${SETUP.run}?held=1`}
    hx-trigger="every 2s"
    hx-swap="outerHTML"
  >
    <p>
      A flickrvault command (process {pid}, started{" "}
      {since.slice(11, 16) || since}) is using this archive now, in a terminal or another window.
      Only one run at a time may write an archive: this page goes on when it ends. You can browse
      the archive meanwhile.
    </p>
  </section>
);

/** A run recorded in the catalog that did not finish (the program was stopped during it). */
export const Unfinished: FC<{
  kind: "import" | "archive";
  status: string;
  startedAt: string;
  csrf: string;
  /** For an import: whether the zips it read are remembered (else the folder must be chosen). */
  canResume: boolean;
}> = ({ kind, status, startedAt, csrf, canResume }) => (
  <section class="panel unfinished" id="unfinished">
    <h2>
      The last {kind === "import" ? "import" : "archive run"}{" "}
      {status === "failed" ? "failed" : "stopped before it finished"}
    </h2>
    <p class="muted">
      It started {startedAt.replace("T", " ").slice(0, 16)}{" "}
      UTC. What it wrote is kept; resuming continues where it stopped.
    </p>
    {canResume
      ? (
        <PostButton
          action={SETUP.resume}
          csrf={csrf}
          fields={{ kind }}
          label={kind === "import" ? "Resume the import" : "Resume the archive run"}
          id="resume"
        />
      )
      : (
        <a class="btn" href={SETUP.flickrExport} id="resume">
          Choose the export's folder again
        </a>
      )}
  </section>
);

/** What the start page of an archive with content shows. */
export interface DoneView {
  archiveDir: string;
  counts: RunCounts;
  /** From the archive's status. */
  lesserCopies: number;
  waitingForExport: number;
  /** Own photos and videos without any original or copy. */
  ownMissing: number;
  /** Favourites without a picture (the export has none of them). */
  favouritesMissing: number;
  manualVideos: number;
  free: boolean;
  signedIn: { username?: string } | null;
  imported: boolean;
  archived: boolean;
  /** Where the import's list of what the export lacked is, if anywhere. */
  missingReport: string | null;
}

/** The archive's summary and what to do next. */
export const DonePage: FC<{ done: DoneView; csrf: string }> = ({ done: d, csrf }) => (
  <>
    <SetupHead title="Your Flickr archive" note={d.archiveDir} />
    <section class="panel" id="summary">
      <h2>What it holds</h2>
      <dl class="facts">
        <dt>Photos and videos</dt>
        <dd id="own">{count(d.counts.own)}</dd>
        <dt>Favourites</dt>
        <dd>{count(d.counts.favorites)}</dd>
        <dt>Originals on disk</dt>
        <dd>{count(d.counts.originals)} ({formatBytes(d.counts.bytes)} in all files)</dd>
        <dt>Not public on Flickr</dt>
        <dd id="not-public">
          {plural(d.counts.notPublic, "item")}{" "}
          <span class="muted">(private, friends, family, or privacy unknown)</span>
        </dd>
      </dl>
      <p>
        <a class="btn" href="/" id="photostream">See the photostream</a>{" "}
        <a href="/status">Archive status in detail</a>
      </p>
    </section>
    <NeedsAttention d={d} />
    <section class="panel" id="next">
      <h2>Next</h2>
      <ul class="next">
        <li>
          <a href={SETUP.familyCopy} id="family-copy">Make a copy for family</a>: a website in a
          folder that opens by double-clicking, no server, no internet.
        </li>
        <li>
          <a href={SETUP.photosCopy} id="photos-copy">Export for Photos</a>: copies of the originals
          with titles, descriptions, tags and places embedded, for Apple Photos, Google Photos and
          other apps.
        </li>
        {d.signedIn
          ? (
            <li>
              Bring it up to date with Flickr:{" "}
              <PostButton
                action={SETUP.archive}
                csrf={csrf}
                label="Run the archive now"
                id="update"
                secondary
              />{" "}
              <span class="muted">(fetches only what changed)</span>
            </li>
          )
          : (
            <li>
              <a href={SETUP.apiKey}>Connect with an API key</a>{" "}
              (Flickr Pro): adds who faved, commenters' names, exact privacy and your favourites'
              pictures, and keeps the archive up to date.
            </li>
          )}
        <li>
          <a href={SETUP.flickrExport}>Import a newer export</a>
          {d.imported ? ", or zips that arrived later" : ""} from Flickr.
        </li>
      </ul>
    </section>
  </>
);

const NeedsAttention: FC<{ d: DoneView }> = ({ d }) => {
  const items = [
    d.waitingForExport > 0 && (
      <li>
        {plural(d.waitingForExport, "photo")} {d.waitingForExport === 1 ? "has" : "have"}{" "}
        only the 1,024 px copy Flickr gives apps of a free account:{" "}
        <a href={SETUP.flickrExport}>import Flickr's export</a> to get the originals.
      </li>
    ),
    d.lesserCopies > 0 && (
      <li>
        {plural(d.lesserCopies, "photo")} {d.lesserCopies === 1 ? "has" : "have"}{" "}
        only a smaller copy so far: the next archive run fetches the originals.
      </li>
    ),
    d.ownMissing > 0 && (
      <li>
        {plural(d.ownMissing, "photo or video", "photos or videos")}{" "}
        {d.ownMissing === 1 ? "has" : "have"} no file yet
        {d.imported ? ": the export lacked them (a zip may be missing)" : ""}
        {d.missingReport
          ? (
            <>
              ; listed in <code>{d.missingReport}</code>
            </>
          )
          : ""}.
      </li>
    ),
    d.favouritesMissing > 0 && (
      <li>
        {plural(d.favouritesMissing, "favourite")} {d.favouritesMissing === 1 ? "has" : "have"}{" "}
        no picture yet: Flickr's export names them but holds none of their pictures;{" "}
        {d.signedIn ? "the next archive run fetches them" : (
          <>
            <a href={SETUP.apiKey}>an API key</a> fetches them
          </>
        )}.
      </li>
    ),
    d.manualVideos > 0 && (
      <li>
        {plural(d.manualVideos, "video")} must be downloaded by hand:{" "}
        <a href="/videos/manual">how</a>.
      </li>
    ),
  ].filter(Boolean);
  if (items.length === 0) {
    return <p class="callout ok" id="attention">Nothing needs attention.</p>;
  }
  return (
    <section class="panel" id="attention">
      <h2>Needs attention</h2>
      <ul>{items}</ul>
    </section>
  );
};

/** The page that shows a run: its live panel, or how it ended. */
export const RunPage: FC<{ run: RunView; counts: RunCounts | null; csrf: string }> = (
  { run, counts, csrf },
) => (
  <>
    <SetupHead title={run.title} back />
    {isLive(run)
      ? <RunPanel run={run} counts={counts} csrf={csrf} />
      : <RunResult run={run} csrf={csrf} />}
  </>
);
