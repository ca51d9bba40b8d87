// Long on purpose: the first run's routes together, each door handing over to the next; its views are in views/setup_*.tsx.
/**
 * The first-run pages (`flickrvault` with no command), under `/setup`: the two doors, the runs
 * they start and their progress, and what to do once the archive holds something. Every change
 * is a POST carrying the page's CSRF token (checked before these routes, `csrf.ts`); the key
 * pages refuse once the archive is signed in; runs go one at a time (`RunManager`) and not while
 * another process holds the archive.
 * @module
 */
import type { Context, Hono } from "hono";
import { dirname, join } from "node:path";
import { favouritesWithoutPicture, runCounts } from "../catalog/run_counts.ts";
import { missingItems } from "../catalog/missing_items.ts";
import { archiveStatus } from "../catalog/status.ts";
import { MISSING_REPORT } from "../import/missing.ts";
import {
  EXPORT_JOURNAL,
  EXPORT_MANIFEST,
  SITE_JOURNAL,
  SITE_MANIFEST,
} from "../files/output_markers.ts";
import { refuseForeignFolder } from "../files/output_folder.ts";
import { UsageError } from "../usage_error.ts";
import { FlickrError } from "../flickr/errors.ts";
import { type ArchiveState, readArchiveState } from "./archive_state.ts";
import { type BrowserSignIn, UnexpectedCallbackError } from "./browser_sign_in.ts";
import { foldersWithExports, holdsExport, importInputs, listFolder, typedPath } from "./folders.ts";
import type { RememberedChoices } from "./remembered.ts";
import { RunBusyError, type RunManager, type RunTask } from "./run_manager.ts";
import { archiveTask, exportTask, importTask, siteTask, type TaskSettings } from "./run_tasks.ts";
import { ApiKeyPage, DoorsPage, FlickrExportPage } from "../../views/setup_doors.tsx";
import {
  DonePage,
  HeldBy,
  RunPage,
  RunPanel,
  RunResult,
  Unfinished,
} from "../../views/setup_run.tsx";
import { FamilyCopyPage, PhotosCopyPage } from "../../views/setup_copies.tsx";
import { type Audience, AUDIENCES } from "../catalog/audience.ts";
import { Problem, SETUP, SetupHead } from "../../views/setup_common.tsx";
import { csrfToken } from "../server/csrf.ts";
import type { LazyViewer } from "./lazy_viewer.ts";
import { fragment, json, page } from "../server/respond.ts";

/** What the first-run pages work with. */
export interface SetupServices {
  /** Absolute archive folder. */
  archiveDir: string;
  runs: RunManager;
  signIn: BrowserSignIn;
  remembered: RememberedChoices;
  settings: TaskSettings;
  /** The person's home folder, where the folder chooser looks first. */
  home: string | undefined;
  viewer: LazyViewer;
}

type Status = 200 | 400 | 404 | 503;

/** Adds the `/setup` pages to `app`. */
export function setupRoutes(app: Hono, s: SetupServices): void {
  /** The last export's settings, for its Resume. */
  let lastExport: { folder: string; by: "album" | "date"; privacy: Audience } | undefined;
  /** The last copy for family's, shown again on its page (to bring that copy up to date). */
  let lastSite: { folder: string; privacy: Audience } | undefined;

  const state = async (): Promise<ArchiveState> => {
    const running = s.runs.running();
    return await readArchiveState(
      s.archiveDir,
      (await s.viewer.catalog())?.db,
      running?.kind === "import" || running?.kind === "archive",
    );
  };
  const counts = async () => {
    const catalog = await s.viewer.catalog();
    if (!catalog) return null;
    return await runCounts(catalog.db).catch(() => null);
  };
  const show = async (c: Context, title: string, body: unknown, status: Status = 200) => {
    c.header("Cache-Control", "no-store");
    return await page(c, { title, section: SETUP.home }, body as never, status);
  };
  /** Starts `task`, or says why not; then shows `then`. */
  const start = async (c: Context, task: RunTask, then: string) => {
    const st = await state();
    if (st.heldBy) return await refusal(c, heldMessage(st));
    try {
      s.runs.start(task);
    } catch (e) {
      if (e instanceof RunBusyError) {
        return await refusal(c, {
          message: `${e.running.title} is still going: one run at a time.`,
          hint: "wait for it to end (or pause it), then start this again",
        });
      }
      throw e;
    }
    return c.redirect(then, 303);
  };
  const refusal = async (c: Context, problem: { message: string; hint?: string }) =>
    await show(
      c,
      "Not now",
      <>
        <SetupHead title="Not now" back />
        <Problem message={problem.message} hint={problem.hint} />
      </>,
      400,
    );

  // ---- the start page: a run going, a run to resume, the doors, or the summary ----

  app.get(SETUP.home, async (c) => {
    const csrf = csrfToken(c);
    const running = s.runs.running();
    if (running) {
      return await show(
        c,
        running.title,
        <RunPage run={running} counts={await counts()} csrf={csrf} />,
      );
    }
    const st = await state();
    const last = s.runs.latest();
    // The run of this process that ended says itself how it ended (and offers to resume).
    const lastShown = last && (last.kind === "import" || last.kind === "archive")
      ? last
      : undefined;
    const unfinished = st.unfinished && !(lastShown && lastShown.kind === st.unfinished.kind &&
        lastShown.state !== "done" && lastShown.state !== "attention")
      ? st.unfinished
      : undefined;
    const items = st.counts ? st.counts.own + st.counts.favorites : 0;
    const parts = [];
    if (st.heldBy) {
      parts.push(<HeldBy pid={st.heldBy.pid} since={st.heldBy.startedAt} />);
    }
    if (lastShown) parts.push(<RunResult run={lastShown} csrf={csrf} />);
    if (unfinished && !st.heldBy) {
      const canResume = unfinished.kind === "archive"
        ? st.signedIn !== null
        : (await s.remembered.lastImport(s.archiveDir)) !== undefined;
      parts.push(
        <Unfinished
          kind={unfinished.kind}
          status={unfinished.status}
          startedAt={unfinished.startedAt}
          csrf={csrf}
          canResume={canResume}
        />,
      );
    }
    if (items === 0) {
      parts.push(<DoorsPage archiveDir={s.archiveDir} />);
      return await show(c, "Which way in?", <div id="setup-body">{parts}</div>);
    }
    const catalog = (await s.viewer.catalog())!;
    const status = await archiveStatus(catalog, s.archiveDir);
    const missingReport = await Deno.stat(join(s.archiveDir, MISSING_REPORT)).then(
      () => join(s.archiveDir, MISSING_REPORT),
      () => null,
    );
    parts.push(
      <DonePage
        csrf={csrf}
        done={{
          archiveDir: s.archiveDir,
          counts: st.counts!,
          lesserCopies: status.lesser_copies,
          waitingForExport: status.waiting_for_export,
          ownMissing: (await missingItems(catalog)).filter((m) => !m.has_lesser_copy).length,
          favouritesMissing: await favouritesWithoutPicture(catalog.db),
          manualVideos: status.videos_needing_manual_download,
          free: st.free,
          signedIn: st.signedIn,
          imported: st.lastImport !== undefined,
          archived: st.lastArchive !== undefined,
          missingReport,
        }}
      />,
    );
    return await show(c, "Your Flickr archive", <div id="setup-body">{parts}</div>);
  });

  // ---- the run's progress, polled by its panel ----

  app.get(SETUP.run, async (c) => {
    c.header("Cache-Control", "no-store");
    if (c.req.query("held")) {
      const st = await state();
      if (st.heldBy) {
        return await fragment(c, <HeldBy pid={st.heldBy.pid} since={st.heldBy.startedAt} />);
      }
      c.header("HX-Refresh", "true");
      return c.body(null, 204);
    }
    const running = s.runs.running();
    if (running && String(running.id) === c.req.query("id")) {
      return await fragment(
        c,
        <RunPanel run={running} counts={await counts()} csrf={csrfToken(c)} />,
      );
    }
    // The run ended (or another began): the whole page shows what is now.
    c.header("HX-Refresh", "true");
    return c.body(null, 204);
  });

  app.get(SETUP.runJson, async (c) => {
    c.header("Cache-Control", "no-store");
    const st = await state();
    return json(c, {
      run: s.runs.latest() ?? null,
      counts: st.counts,
      unfinished: st.unfinished ?? null,
      heldBy: st.heldBy ?? null,
      complete: st.complete,
      signedIn: st.signedIn !== null,
    });
  });

  app.post(SETUP.pause, (c) => {
    s.runs.pause();
    return c.redirect(SETUP.home, 303);
  });

  app.post(SETUP.resume, async (c) => {
    const kind = String((await c.req.parseBody()).kind ?? "");
    if (kind === "archive") return await start(c, archiveTask(s.settings), SETUP.home);
    if (kind === "import") {
      const inputs = await s.remembered.lastImport(s.archiveDir);
      if (!inputs) return c.redirect(SETUP.flickrExport, 303);
      return await start(c, importTask(s.settings, inputs, commonFolder(inputs)), SETUP.home);
    }
    if (kind === "export" && lastExport) {
      const e = lastExport;
      return await start(c, exportTask(s.settings, e.folder, e.by, e.privacy), SETUP.photosCopy);
    }
    return c.redirect(SETUP.home, 303);
  });

  // ---- the export door ----

  app.get(SETUP.flickrExport, async (c) => {
    if (s.runs.running()) return c.redirect(SETUP.home, 303);
    const typed = c.req.query("path");
    return await exportDoor(c, typed);
  });

  const exportDoor = async (
    c: Context,
    typed: string | undefined,
    problem?: { message: string; hint?: string },
    status: Status = 200,
  ) => {
    const remembered = await s.remembered.read();
    const found = await foldersWithExports(s.home, remembered.folders);
    const path = typed === undefined ? undefined : typedPath(typed, s.home);
    const browsing = path === undefined ? undefined : await listFolder(path);
    const st = await state();
    return await show(
      c,
      "Flickr's data export",
      <FlickrExportPage
        csrf={csrfToken(c)}
        found={found}
        browsing={browsing}
        typed={typed}
        problem={problem}
        again={st.lastImport !== undefined}
      />,
      status,
    );
  };

  app.post(SETUP.import, async (c) => {
    const typed = String((await c.req.parseBody()).folder ?? "");
    const folder = typedPath(typed, s.home);
    if (!folder) {
      return await exportDoor(c, undefined, { message: "Name the folder the zips are in" }, 400);
    }
    const view = await listFolder(folder);
    if (view.problem || !holdsExport(view)) {
      return await exportDoor(c, typed, {
        message: view.problem
          ? `Cannot look in ${folder}: ${view.problem}`
          : `There is no Flickr export in ${folder}`,
        hint: "Flickr's export comes as zips named like 72157_1a2b3c_part1.zip and " +
          "data-download-1.zip: download them all into one folder and choose that folder",
      }, 400);
    }
    const inputs = importInputs(view);
    await s.remembered.rememberImport(s.archiveDir, folder, inputs);
    return await start(c, importTask(s.settings, inputs, folder), SETUP.home);
  });

  // ---- the API door ----

  const callbackUrl = (c: Context) => new URL(SETUP.callback, new URL(c.req.url).origin).href;

  const apiDoor = async (
    c: Context,
    problem?: { field?: string; message: string; hint?: string },
    keyValue?: string,
    status: Status = 200,
  ) => {
    const st = await state();
    const here = s.signIn.signedIn;
    const step = st.signedIn
      ? "signed-in"
      : s.signIn.pendingSince !== undefined
      ? "pending"
      : s.signIn.keyChecked
      ? "checked"
      : "form";
    return await show(
      c,
      "Connect with an API key",
      <ApiKeyPage
        csrf={csrfToken(c)}
        callbackUrl={callbackUrl(c)}
        step={step}
        keyValue={keyValue}
        problem={problem}
        signedIn={st.signedIn
          ? {
            username: st.signedIn.username ?? here?.username,
            userNsid: st.signedIn.userNsid,
            free: here && here.userNsid === st.signedIn.userNsid ? here.free : st.free || undefined,
          }
          : undefined}
      />,
      status,
    );
  };

  /** The key pages change nothing once the archive is signed in (a stray tab, an old form). */
  const refuseWhenSignedIn = async (c: Context) => {
    const st = await state();
    if (!st.signedIn) return undefined;
    return await apiDoor(
      c,
      {
        message: `This archive is signed in${
          st.signedIn.username ? ` as ${st.signedIn.username}` : ""
        } already: the key and sign-in stay as they are.`,
        hint: "to use another key or account, move credentials.json out of the archive folder " +
          "first (and archive another account into another folder)",
      },
      undefined,
      400,
    );
  };

  app.get(SETUP.apiKey, async (c) => await apiDoor(c));

  app.post(SETUP.apiKey, async (c) => {
    const refused = await refuseWhenSignedIn(c);
    if (refused) return refused;
    const body = await c.req.parseBody();
    const key = String(body.api_key ?? "");
    const check = await s.signIn.checkKey(key, String(body.api_secret ?? ""));
    if (check.ok) return c.redirect(SETUP.apiKey, 303);
    return await apiDoor(
      c,
      { field: check.field, message: check.message, hint: check.hint },
      key.trim(),
      400,
    );
  });

  app.post(SETUP.signIn, async (c) => {
    const refused = await refuseWhenSignedIn(c);
    if (refused) return refused;
    if (!s.signIn.keyChecked) return c.redirect(SETUP.apiKey, 303);
    try {
      return c.redirect(await s.signIn.begin(callbackUrl(c)), 303);
    } catch (e) {
      if (!(e instanceof FlickrError)) throw e;
      return await apiDoor(
        c,
        {
          message: e.message,
          hint: e.kind === "network"
            ? "check the internet connection, then sign in again"
            : e.hint ?? "try again in a while",
        },
        undefined,
        400,
      );
    }
  });

  // Flickr sends the browser back here (a GET: Flickr's redirect). It changes something only for
  // the sign-in this process started, whose unguessable request token it must carry.
  app.get(SETUP.callback, async (c) => {
    const token = c.req.query("oauth_token");
    const verifier = c.req.query("oauth_verifier");
    if (!token || !verifier) {
      return await apiDoor(
        c,
        {
          message: "Flickr sent you back without the sign-in",
          hint: "start the sign-in again, and click \"OK, I'll authorize it\" on Flickr's page",
        },
        undefined,
        400,
      );
    }
    try {
      await s.signIn.finish(token, verifier);
    } catch (e) {
      if (e instanceof UnexpectedCallbackError) {
        const st = await state();
        if (st.signedIn) return c.redirect(SETUP.apiKey, 303);
        return await apiDoor(
          c,
          {
            message: e.message,
            hint: "start the sign-in from this page again (an old Flickr tab, or a restart of " +
              "flickrvault since, cannot finish it)",
          },
          undefined,
          400,
        );
      }
      if (!(e instanceof FlickrError)) throw e;
      return await apiDoor(
        c,
        {
          message: e.message,
          hint: e.kind === "network"
            ? "check the internet connection, then start the sign-in again"
            : "start the sign-in again",
        },
        undefined,
        400,
      );
    }
    return c.redirect(SETUP.apiKey, 303);
  });

  app.post(SETUP.archive, async (c) => {
    const st = await state();
    if (!st.signedIn) return c.redirect(SETUP.apiKey, 303);
    return await start(c, archiveTask(s.settings), SETUP.home);
  });

  // ---- copies for others ----

  const suggestion = async (name: string) => {
    if (!s.home) return "";
    const desktop = join(s.home, "Desktop");
    const base = await Deno.stat(desktop).then(
      (i) => i.isDirectory ? desktop : s.home!,
      () => s.home!,
    );
    return join(base, name);
  };

  const familyPage = async (
    c: Context,
    form?: { folder: string; privacy: Audience },
    problem?: { message: string; hint?: string },
    status: Status = 200,
  ) =>
    await show(
      c,
      "Make a copy for family",
      <FamilyCopyPage
        csrf={csrfToken(c)}
        folder={form?.folder ?? lastSite?.folder ?? await suggestion("Flickr archive for family")}
        audience={form?.privacy ?? lastSite?.privacy ?? "all"}
        counts={await counts()}
        problem={problem}
        run={s.runs.latestOf("site")}
      />,
      status,
    );

  const photosPage = async (
    c: Context,
    form?: { folder: string; by: "album" | "date"; privacy: Audience },
    problem?: { message: string; hint?: string },
    status: Status = 200,
  ) =>
    await show(
      c,
      "Export for Photos",
      <PhotosCopyPage
        csrf={csrfToken(c)}
        folder={form?.folder ?? lastExport?.folder ?? await suggestion("Flickr photos for apps")}
        by={form?.by ?? lastExport?.by ?? "album"}
        audience={form?.privacy ?? lastExport?.privacy ?? "all"}
        counts={await counts()}
        problem={problem}
        run={s.runs.latestOf("export")}
      />,
      status,
    );

  /** A folder `site` or `export` may write: typed, and empty or made by it before. */
  const outputFolder = async (
    typed: string,
    command: "site" | "export",
  ): Promise<string | { message: string; hint?: string }> => {
    const folder = typedPath(typed, s.home);
    if (!folder) return { message: "Name the folder to write into" };
    try {
      await refuseForeignFolder(
        folder,
        command,
        command === "site" ? [SITE_MANIFEST, SITE_JOURNAL] : [EXPORT_MANIFEST, EXPORT_JOURNAL],
      );
    } catch (e) {
      if (e instanceof UsageError) return { message: e.message, hint: e.hint };
      throw e;
    }
    if ((await state()).counts === null) {
      return { message: "The archive holds nothing yet", hint: "import or archive first" };
    }
    return folder;
  };

  app.get(SETUP.familyCopy, async (c) => await familyPage(c));

  app.post(SETUP.familyCopy, async (c) => {
    const body = await c.req.parseBody();
    const typed = String(body.folder ?? "");
    const privacy = AUDIENCES.find((a) => a === body.privacy) ?? "all";
    const folder = await outputFolder(typed, "site");
    if (typeof folder !== "string") {
      return await familyPage(c, { folder: typed, privacy }, folder, 400);
    }
    lastSite = { folder, privacy };
    return await start(c, siteTask(s.settings, folder, privacy), SETUP.familyCopy);
  });

  app.get(SETUP.photosCopy, async (c) => await photosPage(c));

  app.post(SETUP.photosCopy, async (c) => {
    const body = await c.req.parseBody();
    const typed = String(body.folder ?? "");
    const by = body.by === "date" ? "date" : "album";
    const privacy = AUDIENCES.find((a) => a === body.privacy) ?? "all";
    const folder = await outputFolder(typed, "export");
    if (typeof folder !== "string") {
      return await photosPage(c, { folder: typed, by, privacy }, folder, 400);
    }
    lastExport = { folder, by, privacy };
    return await start(c, exportTask(s.settings, folder, by, privacy), SETUP.photosCopy);
  });
}

function heldMessage(st: ArchiveState): { message: string; hint: string } {
  return {
    message: `Another flickrvault run (process ${st.heldBy!.pid}) is using this archive now.`,
    hint: "wait for it to end (this page shows when it has), then start this again",
  };
}

/** The folder all `paths` are in, if they share one. */
function commonFolder(paths: string[]): string | undefined {
  const dirs = new Set(paths.map((p) => dirname(p)));
  return dirs.size === 1 ? [...dirs][0] : undefined;
}
