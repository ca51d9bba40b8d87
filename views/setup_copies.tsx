/**
 * The two copies an archive makes for others, each a page with its form and its progress: a copy
 * for family (`site`: a website in a folder) and an export for photo apps (`export`: originals with
 * their metadata embedded).
 *
 * Tested by src/setup/routes_setup_test.ts.
 * @module
 */
import type { FC } from "hono/jsx";
import type { RunCounts } from "../src/catalog/run_counts.ts";
import type { Audience } from "../src/catalog/audience.ts";
import { plural } from "./format.ts";
import { PostForm, Problem, SETUP, SetupHead } from "./setup_common.tsx";
import { isLive, RunPanel, RunResult, type RunView } from "./setup_run.tsx";

const AUDIENCES: [Audience, string][] = [
  ["public", "Public only: what anyone could see on Flickr"],
  ["family", "Also what your family could see"],
  ["friends", "Also what your friends could see"],
  ["all", "Everything, private photos too"],
];

/** What both copy pages show. */
interface CopyProps {
  csrf: string;
  /** The folder suggested or typed before. */
  folder: string;
  counts: RunCounts | null;
  problem?: { message: string; hint?: string };
  /** The latest run of this kind, going or ended. */
  run?: RunView;
}

const AudienceChoice: FC<{ audience: Audience; notPublic: number | null }> = (
  { audience, notPublic },
) => (
  <fieldset class="audience">
    <legend>What goes in</legend>
    {AUDIENCES.map(([value, label]) => (
      <label>
        <input type="radio" name="privacy" value={value} checked={audience === value} /> {label}
      </label>
    ))}
    {notPublic !== null && (
      <p class="muted small" id="not-public-note">
        The archive holds {plural(notPublic, "item")}{" "}
        that Flickr did not show to everyone (private, friends, family, or of unknown privacy, which
        is never taken as public).
      </p>
    )}
  </fieldset>
);

const FolderField: FC<{ folder: string; help: string }> = ({ folder, help }) => (
  <p>
    <label>
      Folder{" "}
      <input
        type="text"
        name="folder"
        value={folder}
        size={50}
        placeholder="e.g. ~/Desktop/flickr"
      />
    </label>
    <br />
    <span class="muted small">{help}</span>
  </p>
);

const Progress: FC<{ run?: RunView; counts: RunCounts | null; csrf: string }> = (
  { run, counts, csrf },
) => {
  if (!run) return null;
  return isLive(run)
    ? <RunPanel run={run} counts={counts} csrf={csrf} />
    : <RunResult run={run} csrf={csrf} />;
};

/** `site` from the browser. */
export const FamilyCopyPage: FC<CopyProps & { audience: Audience }> = (p) => (
  <>
    <SetupHead
      title="Make a copy for family"
      back
      note="A website of your archive in a folder: photos, albums, comments and search. It opens by double-clicking index.html, with no server and no internet, from a USB stick too."
    />
    <Progress run={p.run} counts={p.counts} csrf={p.csrf} />
    {!(p.run && isLive(p.run)) && (
      <PostForm action={SETUP.familyCopy} csrf={p.csrf} class="panel copy-form">
        {p.problem && <Problem message={p.problem.message} hint={p.problem.hint} />}
        <FolderField
          folder={p.folder}
          help="A new or empty folder, or one this page wrote before (it is then brought up to date). Nothing else is ever written into."
        />
        <AudienceChoice audience={p.audience} notPublic={p.counts?.notPublic ?? null} />
        <p class="muted small">
          The copy shows only what you choose here, everywhere: photo pages, albums, tags, people,
          search and counts. Give a copy with more than public photos only to people who may see
          them.
        </p>
        <button type="submit" class="btn" id="start-copy">Make the copy</button>
      </PostForm>
    )}
  </>
);

/** `export` from the browser. */
export const PhotosCopyPage: FC<CopyProps & { by: "album" | "date"; audience: Audience }> = (
  p,
) => (
  <>
    <SetupHead
      title="Export for Photos"
      back
      note="Copies of your originals with their titles, descriptions, tags, dates and places embedded, for Apple Photos, Google Photos and other apps that do not read sidecars. The archive's own files are never changed."
    />
    <Progress run={p.run} counts={p.counts} csrf={p.csrf} />
    {!(p.run && isLive(p.run)) && (
      <PostForm action={SETUP.photosCopy} csrf={p.csrf} class="panel copy-form">
        {p.problem && <Problem message={p.problem.message} hint={p.problem.hint} />}
        <FolderField
          folder={p.folder}
          help="A new or empty folder, or an export made here before (only what changed is written again). Nothing else is ever written into."
        />
        <fieldset>
          <legend>Folders</legend>
          <label>
            <input type="radio" name="by" value="album" checked={p.by === "album"} />{" "}
            One folder per album
          </label>
          <label>
            <input type="radio" name="by" value="date" checked={p.by === "date"} />{" "}
            By year and month taken
          </label>
        </fieldset>
        <AudienceChoice audience={p.audience} notPublic={p.counts?.notPublic ?? null} />
        <button type="submit" class="btn" id="start-copy">Export</button>
      </PostForm>
    )}
  </>
);
