/**
 * The writers the crash campaigns kill (`crash_harness.ts`), each with the scenarios a life of it
 * starts from:
 * - `archive`: a first archive of the simulated account;
 * - `sidecars` (the phase at the end of `archive`): an archive made with `--no-sidecars` gets its
 *   sidecars, and an archive with `<file>.xmp` sidecars switches to `--sidecar-name basename`
 *   (every sidecar written anew, the old ones removed); kills aim at the sidecars phase alone;
 * - `site`: a first site (media copied) into a new folder, and the update of a site made before
 *   the account changed (a photo replaced and one uploaded, a title edited, a tag added, a
 *   comment, a fave, a deletion);
 * - `export`: a first export `--by album`, and the update of an export `--by date` made before
 *   the account changed, now `--by album` (every copy moves).
 * @module
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { sha256File } from "../src/files/hash.ts";
import {
  EXPORT_JOURNAL,
  EXPORT_MANIFEST,
  SITE_JOURNAL,
  SITE_MANIFEST,
} from "../src/files/output_markers.ts";
import type { CrashSetupContext, CrashWriter, CrashWriterSetup } from "./crash_harness.ts";
import { simulatorEnv } from "./cli_process.ts";
import {
  diffSnapshots,
  isBookkeepingFile,
  isTempFile,
  snapshotArchive,
  snapshotCatalog,
} from "./archive_snapshot.ts";
import { listFiles } from "./simulator_fixture.ts";

/** The writers by name, as `deno task test:crash --writer NAME` takes them. */
export const CRASH_WRITERS: Record<string, CrashWriterSetup> = {
  archive: archiveWriter,
  sidecars: sidecarsWriter,
  site: siteWriter,
  export: exportWriter,
};

/** `archive` of the simulator into `dir`, rate limit off. */
function archiveArgs(ctx: CrashSetupContext, dir: string, ...more: string[]): string[] {
  return [
    "archive",
    "--archive",
    dir,
    "--flickr-origin",
    ctx.sim.origin,
    "--rate",
    "0",
    "--concurrency",
    String(ctx.concurrency),
    ...more,
  ];
}

/** `archive` killed anywhere in a first run. */
export function archiveWriter(ctx: CrashSetupContext): Promise<CrashWriter> {
  return Promise.resolve({
    name: "archive",
    env: simulatorEnv(ctx.sim),
    scenarios: [{
      name: "first archive",
      start: (life) => Promise.resolve(join(life, "archive")),
      args: (out) => archiveArgs(ctx, out),
    }],
    files: (out) => digests(out, { skip: isBookkeepingFile }),
    tables: (out) => snapshotCatalog(out),
    isBookkeeping: isBookkeepingFile,
  });
}

/** `archive` killed in its sidecars phase (see the module doc). */
export async function sidecarsWriter(ctx: CrashSetupContext): Promise<CrashWriter> {
  const env = simulatorEnv(ctx.sim);
  const plain = join(ctx.dir, "without-sidecars");
  await ctx.run(archiveArgs(ctx, plain, "--no-sidecars"), env);
  const named = join(ctx.dir, "file-sidecars");
  await copyTree(plain, named);
  await ctx.run(archiveArgs(ctx, named, "--sidecar-name", "file"), env);
  ctx.log("sidecars: archives without sidecars and with <file>.xmp sidecars made");
  return {
    name: "sidecars",
    env,
    scenarios: [{
      name: "first sidecars",
      start: (life) => copyTree(plain, join(life, "archive")),
      args: (out) => archiveArgs(ctx, out),
      aimAt: ["sidecars"],
    }, {
      name: "renamed sidecars",
      start: (life) => copyTree(named, join(life, "archive")),
      args: (out) => archiveArgs(ctx, out, "--sidecar-name", "basename"),
      aimAt: ["sidecars"],
    }],
    files: (out) => digests(out, { skip: isBookkeepingFile }),
    tables: (out) => snapshotCatalog(out),
    isBookkeeping: isBookkeepingFile,
  };
}

/**
 * Two archives of the account: `before`, and `after` (a copy of it brought up to date once the
 * account changed: a photo replaced, one uploaded, a title edited, a tag added, a comment, a fave,
 * a deletion).
 */
async function archivesBeforeAndAfter(
  ctx: CrashSetupContext,
): Promise<{ before: string; after: string; unchanged: () => Promise<string[]> }> {
  const env = simulatorEnv(ctx.sim);
  const before = join(ctx.dir, "archive-before");
  await ctx.run(archiveArgs(ctx, before), env);
  for (
    const action of ["replace", "upload", "edit_title", "add_tag", "comment", "fave", "delete"]
  ) {
    const res = await fetch(`${ctx.sim.origin}/__simulator/mutate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action }),
    });
    if (!res.ok) throw new Error(`mutate ${action}: HTTP ${res.status}: ${await res.text()}`);
    await res.body?.cancel();
  }
  const after = join(ctx.dir, "archive-after");
  await copyTree(before, after);
  await ctx.run(archiveArgs(ctx, after), env);
  const snapshots = await Promise.all([snapshotArchive(before), snapshotArchive(after)]);
  ctx.log("archives before and after the account changed made");
  return {
    before,
    after,
    // Both commands only read the archive.
    async unchanged() {
      const now = await Promise.all([snapshotArchive(before), snapshotArchive(after)]);
      return [0, 1].flatMap((i) => diffSnapshots(snapshots[i], now[i]))
        .map((d) => `the archive read was changed: ${d}`);
    },
  };
}

/** `site` killed anywhere, outside the archive (media copied). */
export async function siteWriter(ctx: CrashSetupContext): Promise<CrashWriter> {
  const { before, after, unchanged } = await archivesBeforeAndAfter(ctx);
  const older = join(ctx.dir, "site-before");
  await ctx.run(["site", "--archive", before, older]);
  return {
    name: "site",
    env: {},
    scenarios: [{
      name: "first site",
      start: (life) => Promise.resolve(join(life, "site")),
      args: (out) => ["site", "--archive", after, out],
    }, {
      name: "site update",
      start: (life) => copyTree(older, join(life, "site")),
      args: (out) => ["site", "--archive", after, out],
    }],
    files: (out) =>
      digests(out, {
        skip: (rel) => rel === SITE_JOURNAL,
        normalize: normalizeSiteFile,
      }),
    isBookkeeping: (rel) => rel === SITE_JOURNAL,
    isTemp: (rel) => isTempFile(rel) || rel.startsWith(".search-building/"),
    rewrittenEachRun: (rel) => rel === "status.html" || rel === SITE_MANIFEST,
    finalCheck: unchanged,
  };
}

/**
 * The about page says when the site was made, and the manifest holds that page's hash and size:
 * both are left out of the comparison. The manifest's lines are compared in any order: a run that
 * keeps a list's pages unread lists them where it kept them, one that writes them where it wrote
 * them.
 */
function normalizeSiteFile(rel: string, bytes: Uint8Array): Uint8Array {
  if (rel !== "status.html" && rel !== SITE_MANIFEST) return bytes;
  const text = new TextDecoder().decode(bytes);
  return new TextEncoder().encode(
    rel === "status.html"
      ? text.replace(/<time datetime="[^"]*">[^<]*<\/time>/g, "<time>(when)</time>")
      : text.split("\n").map((l) => l.endsWith("\tstatus.html") ? "(the about page)" : l).sort()
        .join("\n"),
  );
}

/** `export` killed anywhere. */
export async function exportWriter(ctx: CrashSetupContext): Promise<CrashWriter> {
  const { before, after, unchanged } = await archivesBeforeAndAfter(ctx);
  const older = join(ctx.dir, "export-before");
  await ctx.run(["export", "--archive", before, older, "--by", "date"]);
  return {
    name: "export",
    env: {},
    scenarios: [{
      name: "first export",
      start: (life) => Promise.resolve(join(life, "export")),
      args: (out) => ["export", "--archive", after, out, "--by", "album"],
    }, {
      name: "export update",
      start: (life) => copyTree(older, join(life, "export")),
      args: (out) => ["export", "--archive", after, out, "--by", "album"],
    }],
    files: (out) => digests(out, { skip: (rel) => rel === EXPORT_JOURNAL }),
    isBookkeeping: (rel) => rel === EXPORT_JOURNAL,
    rewrittenEachRun: (rel) => rel === EXPORT_MANIFEST,
    finalCheck: unchanged,
  };
}

/**
 * Path under `dir` → SHA-256 of its bytes (after `normalize`), files `skip` names left out; empty
 * when `dir` does not exist.
 */
async function digests(
  dir: string,
  opts: { skip?: (rel: string) => boolean; normalize?: (rel: string, b: Uint8Array) => Uint8Array },
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return out;
    throw e;
  }
  for (const rel of files) {
    if (opts.skip?.(rel)) continue;
    const path = join(dir, rel);
    if (opts.normalize) {
      const bytes = opts.normalize(rel, await Deno.readFile(path));
      out.set(rel, createHash("sha256").update(bytes).digest("hex"));
    } else {
      out.set(rel, (await sha256File(path)).sha256);
    }
  }
  return out;
}

/** Copies the tree at `from` to `to` (made); answers `to`. */
export async function copyTree(from: string, to: string): Promise<string> {
  for (const rel of await listFiles(from)) {
    await Deno.mkdir(dirname(join(to, rel)), { recursive: true });
    await Deno.copyFile(join(from, rel), join(to, rel));
  }
  await Deno.mkdir(to, { recursive: true });
  return to;
}
