/**
 * Scenario 10: making thumbnails and display copies from camera-size originals, flickrvault's
 * pictures phase (ImageMagick in WebAssembly, one thread) side by side with Debian's
 * `vipsthumbnail` (native libvips, its own threads) on the same files. Target: within 2x of it.
 *
 * The originals are made at bench time, never committed: four JPEGs of 12, 16, 20 and 24 MP
 * (a real camera file from the fixtures scaled up, with grain added so that they compress like a
 * camera's, quality 92: 4-10 MB each), hard-linked under 1,000 names in the archive's
 * `photos/` folder and recorded in a fresh catalog as originals. Then, each after a `sync` and
 * with the files already in the page cache (a first untimed pass reads them):
 *
 * - ours: `scripts/bench/pictures_phase.ts` in its own process, which runs the phase on that
 *   catalog: for every photo a 1024 px display copy and a 150 px square thumbnail, written as
 *   the archive writes files (temporary name, flush, rename) and recorded in the catalog;
 * - vipsthumbnail: the same two files per photo with two invocations over all the files, as a
 *   person would script it (1024 px from the originals, then the 150 px centre square from those),
 *   each a single process for all files, so no process start is paid per photo.
 *
 * Both are timed with GNU time (wall, user + system CPU of the process and its children, peak RSS
 * of the largest process). Needs `vipsthumbnail` and `vips` (Debian's `libvips-tools`) and GNU
 * `time` (`time`): installed with apt-get where the bench runs as root, as the tests' tools are.
 * @module
 */
import { join } from "node:path";
import { ensureTestTools } from "../test_tools.ts";
import { V8_FLAGS } from "../v8_flags.ts";
import { round } from "./stats.ts";
import { openCatalog } from "../../src/catalog/db.ts";
import { sha256File } from "../../src/files/hash.ts";
import { upsertFiles, upsertItems } from "../../src/catalog/writes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The camera file the originals are grown from (1296x968, an iPhone 4's). */
const SOURCE = join(ROOT, "tests", "fixtures", "media", "Apple iPhone 4.jpg");
/** Width x height of the generated originals: 12, 16, 20 and 24 MP, 3:2 and 4:3. */
const SIZES: readonly [number, number][] = [[4000, 3000], [4608, 3456], [5472, 3648], [
  6000,
  4000,
]];

/** One contender's run over all the files. */
export interface PictureRun {
  seconds: number;
  cpu_seconds: number;
  peak_rss_mb: number;
  photos_per_s: number;
}

/** Figures of scenario 10. */
export interface PictureFigures {
  photos: number;
  /** Megapixels of the originals, and their total size. */
  megapixels: number[];
  original_mb: number;
  ours: PictureRun;
  vipsthumbnail: PictureRun;
  /** ours / vipsthumbnail, in wall time and in CPU time (target: wall at most 2). */
  wall_ratio: number;
  cpu_ratio: number;
  target_ratio: number;
}

async function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${text.slice(-2000)}`);
  return text;
}

/** Runs `cmd` under GNU time; its figures for `photos` files. */
async function timed(cmd: string[], photos: number, cwd?: string): Promise<PictureRun> {
  await run("sync", []);
  const out = await run("/usr/bin/time", ["-f", "TIME %e %U %S %M", ...cmd], cwd);
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(out);
  if (!m) throw new Error(`no timing in: ${out.slice(-500)}`);
  const seconds = Number(m[1]);
  return {
    seconds: round(seconds, 1),
    cpu_seconds: round(Number(m[2]) + Number(m[3]), 1),
    peak_rss_mb: round(Number(m[4]) / 1000),
    photos_per_s: round(photos / seconds, 1),
  };
}

/** The generated originals (made once per bench, in `dir`). */
async function makeOriginals(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const [w, h] of SIZES) {
    const t = (n: string) => join(dir, `${n}.v`);
    const scale = Math.max(w / 1296, h / 968);
    await run("vips", ["resize", SOURCE, t("up"), String(scale)]);
    await run("vips", ["extract_area", t("up"), t("crop"), "0", "0", String(w), String(h)]);
    await run("vips", ["gaussnoise", t("noise"), String(w), String(h), "--sigma", "8"]);
    await run("vips", ["bandjoin", `${t("noise")} ${t("noise")} ${t("noise")}`, t("noise3")]);
    await run("vips", ["add", t("crop"), t("noise3"), t("sum")]);
    await run("vips", ["cast", t("sum"), t("cast"), "uchar"]);
    const file = join(dir, `camera_${w}x${h}.jpg`);
    await run("vips", ["copy", t("cast"), `${file}[Q=92]`]);
    for (const n of ["up", "crop", "noise", "noise3", "sum", "cast"]) await Deno.remove(t(n));
    out.push(file);
  }
  return out;
}

/** Runs scenario 10 over `photos` originals. */
export async function picturesScenario(
  opts: { photos: number; say?: (text: string) => void },
): Promise<PictureFigures> {
  const say = opts.say ?? (() => {});
  const host = {
    has: async (c: string) => {
      try {
        return (await new Deno.Command("sh", { args: ["-c", `command -v ${c}`] }).output())
          .success;
      } catch {
        return false;
      }
    },
    isRoot: Deno.uid?.() === 0,
    run: async (program: string, args: string[], env?: Record<string, string>) =>
      (await new Deno.Command(program, { args, env, stdout: "null", stderr: "null" }).output())
        .success,
    say,
  };
  const missing = await ensureTestTools(host, [
    {
      name: "vipsthumbnail",
      command: "vipsthumbnail",
      debianPackage: "libvips-tools",
      neededBy: "the picture benchmark",
    },
    { name: "GNU time", command: "/usr/bin/time", debianPackage: "time", neededBy: "it too" },
  ]);
  if (missing.length) throw new Error("scenario 10 needs vipsthumbnail and GNU time");

  const dir = await Deno.makeTempDir({ prefix: "fv_bench_pictures_" });
  try {
    const sources = await makeOriginals(dir);
    const archive = join(dir, "archive");
    const photosDir = join(archive, "photos", "2024", "01");
    await Deno.mkdir(photosDir, { recursive: true });
    const digests = await Promise.all(sources.map((s) => sha256File(s)));
    const names: string[] = [];
    const catalog = await openCatalog(archive);
    try {
      const items = [];
      const files = [];
      for (let i = 0; i < opts.photos; i++) {
        const id = String(52_000_000_000 + i);
        const k = i % sources.length;
        const rel = `photos/2024/01/${id}_camera.jpg`;
        await Deno.link(sources[k], join(archive, rel));
        names.push(join(archive, rel));
        const stamp = "2024-01-01T00:00:00.000Z";
        items.push({
          id,
          owner: "52000000@N00",
          media: "photo",
          is_mine: 1,
          listing_json: "{}",
          first_seen_at: stamp,
          updated_at: stamp,
        });
        files.push({
          item_id: id,
          kind: "original",
          path: rel,
          ...digests[k],
          content_type: "image/jpeg",
          fetched_at: stamp,
        });
      }
      await upsertItems(catalog.db, items);
      await upsertFiles(catalog.db, files);
    } finally {
      await catalog.close();
    }
    // Untimed: the originals into the page cache, for both contenders alike.
    for (const s of sources) await Deno.readFile(s);

    say(`10. pictures: ${opts.photos} originals of 12-24 MP made; vipsthumbnail…`);
    const out = join(dir, "vips");
    await Deno.mkdir(out);
    const listFile = join(dir, "names.sh");
    // One process per output size over all the files; the list goes through xargs so that no
    // command line grows past the system's limit.
    await Deno.writeTextFile(
      listFile,
      `set -e
printf '%s\\n' ${names.map((n) => `'${n}'`).join(" ")} |
  xargs -d '\\n' vipsthumbnail -s 1024 -o '${out}/%s_b.jpg[Q=85]'
ls '${out}'/*_b.jpg | xargs -d '\\n' vipsthumbnail -s 150 --smartcrop centre -o '${out}/%s_q.jpg[Q=85]'
`,
    );
    const vips = await timed(["sh", listFile], opts.photos);
    say(`10. vipsthumbnail: ${vips.seconds} s, CPU ${vips.cpu_seconds} s; flickrvault…`);
    const ours = await timed(
      [
        Deno.execPath(),
        "run",
        "-A",
        `--v8-flags=${V8_FLAGS}`,
        join(ROOT, "scripts", "bench", "pictures_phase.ts"),
        archive,
      ],
      opts.photos,
      ROOT,
    );
    const mb = (await Promise.all(sources.map((s) => Deno.stat(s))))
      .reduce((n, s, i) => n + s.size * Math.ceil((opts.photos - i) / sources.length), 0) / 1e6;
    return {
      photos: opts.photos,
      megapixels: SIZES.map(([w, h]) => round((w * h) / 1e6, 1)),
      original_mb: round(mb),
      ours,
      vipsthumbnail: vips,
      wall_ratio: round(ours.seconds / vips.seconds, 2),
      cpu_ratio: round(ours.cpu_seconds / vips.cpu_seconds, 2),
      target_ratio: 2,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The scenario's rows for `bench/results.md`. */
export function picturesMarkdown(p: PictureFigures | undefined): string {
  if (!p) return "";
  const row = (name: string, r: PictureRun) =>
    `| ${name} | ${r.seconds} s | ${r.photos_per_s}/s | ${r.cpu_seconds} s | ${r.peak_rss_mb} MB |`;
  return [
    "",
    `### 10. Pictures from ${p.photos} camera originals (${p.megapixels.join(", ")} MP, ` +
    `${p.original_mb} MB): a 1024 px display copy and a 150 px square thumbnail each`,
    "",
    "| contender | wall | photos/s | CPU | peak RSS |",
    "| --- | --- | --- | --- | --- |",
    row("flickrvault (magick-wasm, 1 thread)", p.ours),
    row("vipsthumbnail (libvips, native)", p.vipsthumbnail),
    "",
    `ours / vipsthumbnail: wall ${p.wall_ratio}, CPU ${p.cpu_ratio} ` +
    `(target: within ${p.target_ratio}x: ${p.wall_ratio <= p.target_ratio ? "met" : "missed"})`,
    "",
  ].join("\n");
}
