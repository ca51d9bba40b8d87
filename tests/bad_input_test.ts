/**
 * Bad-input suite: what a person or Flickr gets wrong, each case asserting a clear one-line
 * message, the exit code of the design contract (2 for bad input, 1 when a run finished but
 * something needs attention) and an archive left consistent (nothing partial, nothing recorded
 * that is not on disk, the next run completes it).
 *
 * Credentials, reachability, a read-only archive folder, a full disk and two concurrent runs go
 * through `deno run -A main.ts archive` as a person runs it. Files that are not what they claim
 * (HTML, zero bytes, a wrong length, a corrupt JPEG) and hostile titles are injected by a fetch that
 * tampers with chosen answers of the simulator, handed to the pipeline in-process (the API is
 * OAuth-signed over its URL, so a proxy on another port cannot stand in for it).
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { type CliResult, runMain, simulatorEnv, spawnMain } from "./cli_process.ts";
import { diffSnapshots, isTempFile, snapshotArchive } from "./archive_snapshot.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";
import { runArchive, type RunArchiveOptions } from "../src/archive/pipeline.ts";
import { formatSummary } from "../src/cli/archive.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { LOCK_FILE } from "../src/catalog/lock.ts";
import type { RunningSimulator } from "../src/simulator/server.ts";

const ACCOUNT = { photos: 10, videos: 1, favorites: 2, seed: 9 };

const archiveArgs = (sim: RunningSimulator, dir: string, origin = sim.origin) => [
  "archive",
  "--archive",
  dir,
  "--flickr-origin",
  origin,
  "--rate",
  "0",
];

/**
 * The run failed with exactly one error line (`flickrvault archive: …`) matching `pattern`, at
 * most one hint line after it, no stack trace, and `code`.
 */
function assertOneLine(r: CliResult, code: number, pattern: RegExp): string {
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  const errors = lines.filter((l) => l.startsWith("flickrvault archive: "));
  assertEquals(errors.length, 1, `one error line in:\n${r.stderr}`);
  assert(pattern.test(errors[0]), `${errors[0]} should match ${pattern}`);
  const after = lines.slice(lines.indexOf(errors[0]) + 1);
  assert(after.length <= 1 && after.every((l) => l.startsWith("hint: ")), `only a hint after it`);
  assert(!/^\s+at |Uncaught|error: /m.test(r.stderr), `no stack trace:\n${r.stderr}`);
  assertEquals(r.code, code, `exit code for: ${errors[0]}`);
  return errors[0];
}

/** A consistent archive: no temp files, no lock left, every recorded file as recorded. */
async function assertConsistent(dir: string): Promise<void> {
  const files = await listFiles(dir);
  assertEquals(files.filter(isTempFile), [], "no temp file");
  assert(!files.includes(LOCK_FILE), "no lock left behind");
  const verify = await runMain(["verify", "--json", "--archive", dir], {});
  const report = JSON.parse(verify.stdout);
  assertEquals([report.missing.length, report.altered.length], [0, 0], "verify is clean");
  assertEquals(verify.code, 0);
}

function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("bad input: credentials and an unreachable Flickr: one line, exit 2, archive untouched", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const good = await runMain(archiveArgs(f.sim, f.archive), simulatorEnv(f.sim));
    assertEquals(good.code, 0, good.stderr);
    const before = await snapshotArchive(f.archive);
    const port = closedPort();
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ["invalid key", { FLICKR_API_KEY: "0".repeat(32) }, f.sim.origin, /API key is unknown/],
      ["wrong secret", { FLICKR_API_SECRET: "f".repeat(16) }, f.sim.origin, /signature/],
      [
        "revoked token",
        { FLICKR_OAUTH_TOKEN: "72157600000000000-0000000000000000" },
        f.sim.origin,
        /token was rejected/,
      ],
      [
        "wrong token secret",
        { FLICKR_OAUTH_TOKEN_SECRET: "0".repeat(16) },
        f.sim.origin,
        /signature/,
      ],
      ["unreachable origin", {}, `http://127.0.0.1:${port}`, /Cannot reach Flickr/],
      [
        "DNS failure",
        {},
        "http://flickr.invalid",
        /Cannot reach Flickr at http:\/\/flickr\.invalid/,
      ],
    ];
    const held: string[] = [];
    for (const [name, env, origin, pattern] of cases) {
      const r = await runMain(archiveArgs(f.sim, f.archive, origin), simulatorEnv(f.sim, env));
      const line = assertOneLine(r, 2, pattern);
      assertEquals(diffSnapshots(before, await snapshotArchive(f.archive)), [], name);
      await assertConsistent(f.archive);
      held.push(`  ${name}: exit 2, "${line}"`);
    }
    // A new archive is not even created when Flickr refuses the sign-in.
    const fresh = `${f.dir}/fresh`;
    const r = await runMain(
      archiveArgs(f.sim, fresh),
      simulatorEnv(f.sim, { FLICKR_API_KEY: "0".repeat(32) }),
    );
    assertOneLine(r, 2, /API key is unknown/);
    assert(!(await exists(fresh)), "no archive folder created for a refused sign-in");
    console.log(
      `bad input (sign-in, network): each left the archive unchanged and consistent\n${
        held.join("\n")
      }\n  refused sign-in on a new archive: nothing created`,
    );
  });
});

/** Mounts a tmpfs (root only); undefined with the reason when that is not possible here. */
async function mountTmpfs(dir: string, options: string): Promise<string | undefined> {
  if (Deno.build.os !== "linux") return "tmpfs mounts need Linux";
  if (Deno.uid() !== 0) return "mounting a tmpfs needs root";
  const out = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", options, "tmpfs", dir],
    stderr: "piped",
  }).output().catch((e) => ({ success: false, stderr: new TextEncoder().encode(String(e)) }));
  return out.success ? undefined : `mount failed: ${new TextDecoder().decode(out.stderr).trim()}`;
}

async function remount(dir: string, options: string): Promise<void> {
  const out = await new Deno.Command("mount", { args: ["-o", `remount,${options}`, dir] })
    .output();
  assert(out.success, `remount ${options}`);
}

/**
 * Unmounts a test's tmpfs. A process the test ran may still be letting go of a file in it (the
 * kernel answers "busy" for a moment on a loaded machine), so it retries, then detaches lazily:
 * a mount left behind would make removing the test's folder fail with EBUSY.
 */
async function unmount(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if ((await new Deno.Command("umount", { args: [dir], stderr: "null" }).output()).success) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Deno.Command("umount", { args: ["-l", dir] }).output();
}

Deno.test("bad input: an archive folder that cannot be written: one line, exit 2", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const mnt = `${f.dir}/readonly`;
    await Deno.mkdir(mnt);
    const skip = await mountTmpfs(mnt, "size=1m,ro");
    if (skip) {
      console.log(`bad input (read-only archive): SKIPPED: ${skip}`);
      return;
    }
    try {
      const r = await runMain(archiveArgs(f.sim, `${mnt}/archive`), simulatorEnv(f.sim));
      const line = assertOneLine(r, 2, /Cannot write archive: .* is not writable/);
      // A plain file where the archive folder should be.
      await Deno.writeTextFile(`${f.dir}/a-file`, "not a folder");
      const r2 = await runMain(archiveArgs(f.sim, `${f.dir}/a-file/archive`), simulatorEnv(f.sim));
      const line2 = assertOneLine(
        r2,
        2,
        /Cannot open archive: .*a-file is a file, not a folder/,
      );
      console.log(
        `bad input (unwritable archive):\n  read-only: "${line}"\n  under a file: "${line2}"`,
      );
    } finally {
      await unmount(mnt);
    }
  });
});

Deno.test("bad input: the disk fills up mid-run: stops cleanly, resumes once there is space", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const mnt = `${f.dir}/small`;
    await Deno.mkdir(mnt);
    const skip = await mountTmpfs(mnt, "size=1m");
    if (skip) {
      console.log(`bad input (disk full): SKIPPED: ${skip}`);
      return;
    }
    try {
      const ref = await runMain(archiveArgs(f.sim, f.archive), simulatorEnv(f.sim));
      assertEquals(ref.code, 0, ref.stderr);
      const full = await runMain(archiveArgs(f.sim, `${mnt}/archive`), simulatorEnv(f.sim));
      const line = assertOneLine(full, 2, /disk is full/);
      await assertConsistent(`${mnt}/archive`);
      await remount(mnt, "size=64m");
      const resumed = await runMain(archiveArgs(f.sim, `${mnt}/archive`), simulatorEnv(f.sim));
      assertEquals(resumed.code, 0, resumed.stderr);
      const diff = diffSnapshots(
        await snapshotArchive(f.archive),
        await snapshotArchive(`${mnt}/archive`),
      );
      assertEquals(diff, [], "the resumed archive equals one made with room to spare");
      console.log(
        `bad input (disk full, 1 MB tmpfs): "${line}" (exit 2), archive consistent; ` +
          `after growing the disk the next run finished equal to an unhindered archive`,
      );
    } finally {
      await unmount(mnt);
    }
  });
});

Deno.test("bad input: a second archive run on the same archive refuses while the first runs", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    // A slow first run (1 call a second) that is sure to be in progress.
    const first = spawnMain(
      [...archiveArgs(f.sim, f.archive).slice(0, -2), "--rate", "3600"],
      simulatorEnv(f.sim),
    );
    assert(await first.waitForLine(/^details:/), "the first run reached the details");
    const second = await runMain(archiveArgs(f.sim, f.archive), simulatorEnv(f.sim));
    const line = assertOneLine(second, 2, /another flickrvault run \(pid \d+\) is using it/);
    // The first run dies without releasing its lock: the next run takes the stale lock over.
    first.child.kill("SIGKILL");
    await first.finished;
    const again = await runMain(archiveArgs(f.sim, f.archive), simulatorEnv(f.sim));
    assertEquals(again.code, 0, again.stderr);
    await assertConsistent(f.archive);
    console.log(
      `bad input (concurrent runs): second refused with "${line}" (exit 2); the first killed, ` +
        `its stale lock taken over by a third run that finished the archive`,
    );
  });
});

/** A fetch that serves `tamper(url, realResponse)` instead of the simulator's answer. */
function tamperingFetch(
  tamper: (url: URL, res: Response) => Promise<Response | undefined>,
): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    return (await tamper(url, res)) ?? res;
  };
}

function headersWithout(res: Response, ...names: string[]): Headers {
  const h = new Headers(res.headers);
  for (const n of names) h.delete(n);
  return h;
}

/** The start of a JPEG whose EXIF block promises an IFD far beyond its end, then noise. */
function corruptJpeg(): Uint8Array<ArrayBuffer> {
  const head = [0xff, 0xd8, 0xff, 0xe1, 0x00, 0x40, ...new TextEncoder().encode("Exif\0\0")];
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0x7f, 0xff, 0xff, 0xf0];
  const noise = Array.from({ length: 4000 }, (_, i) => (i * 97 + 13) % 251);
  return new Uint8Array([...head, ...tiff, ...noise]);
}

Deno.test("bad input: HTML, zero bytes, a wrong length, a corrupt JPEG where originals should be", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const truth = await f.truth();
    const photos = truth.items.filter((i) =>
      i.media === "photo" && !i.is_favorite_of_mine && i.original_sha256
    ).map((i) => i.id);
    const [html, empty, wrongLength, corrupt] = photos;
    const isOriginal = (url: URL, id: string) =>
      new RegExp(`/${id}_[0-9a-f]+_o\\.[a-z0-9]+$`).test(url.pathname);
    const tamper = async (url: URL, res: Response) => {
      if (isOriginal(url, html)) {
        await res.body?.cancel();
        return new Response("<!DOCTYPE html><html><body>Sign in to Flickr</body></html>", {
          status: 200,
          headers: { "content-type": "text/html; charset=utf-8" },
        });
      }
      if (isOriginal(url, empty)) {
        await res.body?.cancel();
        return new Response(new Uint8Array(0), {
          status: 200,
          headers: { "content-type": "image/jpeg", "content-length": "0" },
        });
      }
      if (isOriginal(url, wrongLength)) {
        const bytes = new Uint8Array(await res.arrayBuffer());
        const h = headersWithout(res, "content-length");
        h.set("content-length", String(bytes.length + 1000));
        return new Response(bytes, { status: 200, headers: h });
      }
      if (isOriginal(url, corrupt)) {
        await res.body?.cancel();
        return new Response(corruptJpeg(), {
          status: 200,
          headers: { "content-type": "image/jpeg" },
        });
      }
      return undefined;
    };
    const opts: RunArchiveOptions = {
      ...f.runOptions,
      downloadRetryBaseMs: 5,
      fetch: tamperingFetch(tamper),
    };
    const summary = await runArchive(opts);
    assertEquals(summary.status, "done");
    const printed = formatSummary(summary, 0);
    // Each refused file is one line naming the photo; the run then exits 1 (needs attention).
    for (
      const [id, why] of [[html, /html/i], [empty, /unknown|empty|0 bytes/i], [
        wrongLength,
        /truncated|length/i,
      ]] as const
    ) {
      const lines = summary.attention.filter((a) => a.includes(id));
      assertEquals(lines.length, 1, `one attention line for ${id}: ${summary.attention}`);
      assert(why.test(lines[0]) && !lines[0].includes("\n"), lines[0]);
      assertStringIncludes(printed, lines[0]);
    }
    assertStringIncludes(printed, "Needs attention");

    const catalog = await openCatalog(f.archive, { create: false, readonly: true });
    let corruptRow;
    try {
      const originals = await catalog.db.selectFrom("files").select(["item_id", "path", "bytes"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const byItem = new Map(originals.map((r) => [r.item_id, r]));
      for (const id of [html, empty, wrongLength]) {
        assert(!byItem.has(id), `no original recorded for ${id}`);
      }
      // The corrupt JPEG is kept as Flickr served it, with why its EXIF could not be read.
      corruptRow = byItem.get(corrupt);
      assert(corruptRow, "the corrupt JPEG is kept");
      assertEquals(corruptRow.bytes, corruptJpeg().length);
      const item = await catalog.db.selectFrom("items")
        .select(["exif_error", "exif_source", "camera_make"]).where("id", "=", corrupt)
        .executeTakeFirstOrThrow();
      assert(item.exif_error, `EXIF error recorded (${JSON.stringify(item)})`);
      assertEquals(item.camera_make, null);
    } finally {
      await catalog.close();
    }
    await assertConsistent(f.archive);

    // With the files served properly, the next run fetches exactly the refused ones.
    const next = await runArchive({ ...opts, fetch: undefined });
    assertEquals(next.attention, []);
    assertEquals(next.files, 3, "the three refused originals, nothing else");
    await assertConsistent(f.archive);
    console.log(
      `bad input (files): HTML, zero-byte and wrong-length originals refused with one line ` +
        `each (exit 1), nothing recorded or left on disk, fetched by the next run; the corrupt ` +
        `JPEG kept (${corruptRow.bytes} bytes) with its EXIF error recorded`,
    );
  });
});

Deno.test("bad input: titles with separators, dots, control characters and 500 characters", async () => {
  await withSimulator(ACCOUNT, async (f) => {
    const truth = await f.truth();
    const own = truth.items.filter((i) => !i.is_favorite_of_mine).map((i) => i.id);
    const titles = [
      "../../../../etc/passwd",
      "..",
      ".hidden",
      'a/b\\c:d*e?f"g<h>i|j',
      "bell\u0007 tab\t newline\n return\r escape\u001b[31m end",
      "Ü".repeat(250) + "x".repeat(250),
      "CON",
    ];
    const wanted = new Map(own.slice(0, titles.length).map((id, i) => [id, titles[i]]));
    const retitle = (photo: Record<string, unknown>) => {
      const title = wanted.get(String(photo.id));
      if (title === undefined) return;
      photo.title = typeof photo.title === "object" ? { _content: title } : title;
    };
    const tamper = async (url: URL, res: Response) => {
      const method = url.searchParams.get("method");
      if (method !== "flickr.people.getPhotos" && method !== "flickr.photos.getInfo") return;
      const data = await res.json();
      if (data.photos?.photo) data.photos.photo.forEach(retitle);
      if (data.photo) retitle(data.photo);
      return new Response(JSON.stringify(data), {
        status: res.status,
        headers: headersWithout(res, "content-length"),
      });
    };
    const summary = await runArchive({
      ...f.runOptions,
      fetch: tamperingFetch(tamper),
    });
    assertEquals(summary.status, "done");
    assertEquals(summary.attention, []);

    const root = await Deno.realPath(f.archive);
    const catalog = await openCatalog(f.archive, { create: false, readonly: true });
    try {
      const items = await catalog.db.selectFrom("items").select(["id", "title"])
        .where("id", "in", [...wanted.keys()]).execute();
      for (const it of items) assertEquals(it.title, wanted.get(it.id), "title kept verbatim");
      const files = await catalog.db.selectFrom("files").select(["item_id", "path"]).execute();
      for (const { path } of files) {
        for (const part of path.split("/")) {
          assert(part !== "" && !part.startsWith("."), `no hidden or empty part: ${path}`);
          const awkward = [...part].filter((c) =>
            c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 || '\\:*?"<>|'.includes(c)
          );
          assertEquals(awkward, [], `no control or reserved characters: ${path}`);
          assert(new TextEncoder().encode(part).length <= 255, `name fits: ${path}`);
        }
        const real = await Deno.realPath(`${f.archive}/${path}`);
        assert(real.startsWith(root + "/"), `inside the archive: ${path}`);
      }
      const originals = files.filter((r) => wanted.has(r.item_id));
      assert(originals.length >= titles.length, "the retitled photos have their files");
    } finally {
      await catalog.close();
    }
    const outside = (await listFiles(f.dir)).filter((p) => !p.startsWith("archive/"));
    assertEquals(outside, [], "nothing written beside the archive");
    const list = await runMain(["list", "--json", "--archive", f.archive], {});
    assertEquals(list.code, 0, list.stderr);
    const listed = list.stdout.trim().split("\n").map((l) => JSON.parse(l));
    for (const [id, title] of wanted) {
      assertEquals(listed.find((r) => r.id === id)?.title, title, "list --json keeps the title");
    }
    await assertConsistent(f.archive);
    console.log(
      `bad input (titles): ${titles.length} hostile titles kept verbatim in the catalog and in ` +
        "list --json; every file name is a safe slug inside the archive",
    );
  });
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
