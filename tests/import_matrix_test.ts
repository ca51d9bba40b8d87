/**
 * The import matrix of issue 28, from the simulator's own export reshaped the ways real exports
 * and downloads differ (`export_variants.ts`): the 2025 zip names; ids of 8 to 11 digits; media
 * named id first, id last, with a date prefix, as `<id>_<secret>_o`, after camera names holding
 * digit runs, with upper-case extensions; a file claiming another photo's id and one naming two
 * photos (reported, attached to none); 15 % of files left out (every one listed); a truncated zip
 * (the rest imported, then completed by a fresh copy); folders and zips mixed; the same zip twice;
 * a re-run changing no row and no file.
 */
import { basename, join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { addToZip, rewriteExport, unpack } from "./export_variants.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { importExitCode, importExport, type ImportReport } from "../src/import/pipeline.ts";
import { Account } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";
import { FileStore } from "../src/simulator/files.ts";
import { computeTruth } from "../src/simulator/truth.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** An id of `digits` digits for own item `k`, never a date-like run, never an 11-digit one. */
function shortId(k: number, digits: number): string {
  return String(10 ** (digits - 1) + 1 + k * 7919);
}

/** The media name of variant `k % 6` for a file the simulator named `name`. */
function variantName(name: string, id: string, k: number): string {
  const ext = name.slice(name.lastIndexOf(".") + 1);
  const secretName = new RegExp(`^${id}_([0-9a-f]{10})_o\\.`).exec(name);
  switch (k % 6) {
    case 1: // id first, then a camera name with a date and a time
      return `${id}_IMG_20190523_142233.${ext}`;
    case 2: // a date prefix, as a person's renaming tool writes it
      return `20190523_142233_${id}_o.${ext}`;
    case 3: // a camera name with digit runs, upper-case suffix and extension
      return `img_20190523_142233_${id}_O.${ext.toUpperCase()}`;
    case 4: // `<id>_<secret>_o`, with the secret from the simulator's name when it has one
      return `${id}_${secretName?.[1] ?? "b941ab820b"}_o.${ext}`;
    case 5: // a camera counter that repeats across photos
      return `dsc_0026_${id}_o.${ext}`;
    default: // as the simulator named it: `<slug>_<id>_o.<ext>` or `<id>_<secret>_o.<ext>`
      return name;
  }
}

interface Matrix {
  root: string;
  /** The reshaped export. */
  dir: string;
  /** New id → truth sha256 of its original (null: no original in any export). */
  sha: Map<string, string | null>;
  /** New ids whose file was left out of the export. */
  dropped: Set<string>;
  /** The photo another file claims, and the files involved. */
  claimed: string;
  impostor: string;
  ambiguous: string;
  media: Map<string, string[]>;
}

async function buildMatrix(): Promise<Matrix> {
  const root = await Deno.makeTempDir({ prefix: "fv_matrix_" });
  const account = new Account({ photos: 70, videos: 5, favorites: 6, seed: 41 });
  const files = new FileStore(account);
  await writeExport(account, join(root, "sim"), {
    files,
    mediaFilesPerZip: 12,
    mediaZipNames: "2025",
  });
  const truth = computeTruth(account, files);
  const own = truth.items.filter((i) => !i.is_favorite_of_mine);
  // A third keep their 11 digits; the rest get 8, 9 or 10.
  const ids = new Map<string, string>();
  own.forEach((item, k) => {
    if (k % 3 !== 0) ids.set(item.id, shortId(k, 8 + (k % 3 === 1 ? 0 : k % 2 + 1)));
  });
  const newId = (id: string) => ids.get(id) ?? id;
  const sha = new Map(own.map((i) => [newId(i.id), i.original_sha256]));
  const order = new Map(own.map((i, k) => [newId(i.id), k]));
  const dropped = new Set<string>();
  const dir = join(root, "export");
  const media = await rewriteExport(join(root, "sim"), dir, {
    ids,
    media: (name, id) => {
      const k = order.get(id)!;
      // 15 % of the files are not in the export.
      if (k % 20 < 3) {
        dropped.add(id);
        return null;
      }
      return variantName(name, id, k);
    },
  });
  // Photos whose files are in the export: one is claimed by a second file, two are named by one.
  const present = [...sha.keys()].filter((id) => sha.get(id) && !dropped.has(id));
  const [claimed, a, b] = [present[5], present[6], present[7]];
  const impostor = `sunset_${claimed}_o.jpg`;
  const ambiguous = `${a}_img_${b}.jpg`;
  const lastZip = join(dir, [...media.keys()].sort().at(-1)!);
  const someBytes = new TextEncoder().encode("\xff\xd8\xff\xe0 not the photo it claims to be");
  await addToZip(lastZip, { [impostor]: someBytes, [ambiguous]: someBytes });
  return { root, dir, sha, dropped, claimed, impostor, ambiguous, media };
}

async function originals(archive: string): Promise<Map<string, string>> {
  const catalog = await openCatalog(archive);
  try {
    const rows = await catalog.db.selectFrom("files").select(["item_id", "sha256"])
      .where("kind", "=", "original").where("is_current", "=", 1).execute();
    return new Map(rows.map((r) => [r.item_id, r.sha256]));
  } finally {
    await catalog.close();
  }
}

async function updatedAt(archive: string): Promise<string[]> {
  const catalog = await openCatalog(archive);
  try {
    const rows = await catalog.db.selectFrom("items").select(["id", "updated_at"]).orderBy("id")
      .execute();
    return rows.map((r) => `${r.id} ${r.updated_at}`);
  } finally {
    await catalog.close();
  }
}

async function statusJson(archive: string): Promise<Record<string, unknown>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "status", "--json", "--archive", archive],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Ids listed in the report file's section of photos without their original. */
async function reportedMissing(archive: string, report: ImportReport): Promise<string[]> {
  assertEquals(report.missingReport, "missing-from-export.txt");
  const text = await Deno.readTextFile(join(archive, report.missingReport!));
  const section = text.split("\n## ").find((s) => s.startsWith("Photos and videos without"));
  assert(section, text);
  return section.split("\n").slice(2).filter(Boolean).map((l) => l.split("\t")[0]).sort();
}

Deno.test("import matrix: every name shape and id length matched surely; nothing wrong attached; all missing listed; broken zip completed later; re-run changes nothing", async () => {
  const m = await buildMatrix();
  const archive = join(m.root, "archive");
  try {
    const zips = [...Deno.readDirSync(m.dir)].map((e) => e.name).sort();
    const metadata = zips.filter((n) => /_part\d+\.zip$/.test(n));
    const mediaZips = zips.filter((n) => /^data_\d+_[0-9a-f]+_\d+\.zip$/.test(n));
    assertEquals(mediaZips.length, [...m.media.keys()].length);
    assert(mediaZips.length >= 5, `${mediaZips.length} media zips`);
    // Zip 1 unpacked into a folder (passed with zips), zip 2 passed twice (a copy elsewhere),
    // zip 3 truncated by a broken download.
    const [z1, z2, z3] = mediaZips.filter((n) => /_[123]\.zip$/.test(n)).sort();
    const unpacked = join(m.root, "unpacked");
    await unpack(join(m.dir, z1), unpacked);
    await Deno.mkdir(join(m.root, "again"));
    await Deno.copyFile(join(m.dir, z2), join(m.root, "again", z2));
    const broken = join(m.root, "broken");
    await Deno.mkdir(broken);
    const full = await Deno.readFile(join(m.dir, z3));
    await Deno.writeFile(join(broken, z3), full.subarray(0, Math.floor(full.length * 0.6)));
    const inZip3 = new Set(
      m.media.get(z3)!.map((n) => n.match(/\d+/g)!.find((run) => m.sha.has(run))!),
    );

    const inputs = [
      ...metadata.map((n) => join(m.dir, n)),
      unpacked,
      join(m.root, "again", z2),
      join(broken, z3),
      ...mediaZips.filter((n) => n !== z1 && n !== z3).map((n) => join(m.dir, n)),
    ];
    const first = await importExport({ archiveDir: archive, inputs });
    assertEquals(importExitCode(first), 1);
    assertEquals(first.brokenZips.length, 1);
    assertStringIncludes(first.brokenZips[0], `${z3} is truncated`);
    assertEquals(first.damaged, []);

    // Nothing wrong attached: every original on disk is its photo's, by the truth's sha256.
    const got = await originals(archive);
    for (const [id, sha] of got) assertEquals(sha, m.sha.get(id), `original of ${id}`);
    // Attached: every file of the export but those of the broken zip and the disputed photo.
    const expected = [...m.sha].filter(([id, sha]) =>
      sha && !m.dropped.has(id) && !inZip3.has(id) && id !== m.claimed
    ).map(([id]) => id).sort();
    assertEquals([...got.keys()].sort(), expected);
    for (const digits of [8, 9, 10, 11]) {
      assert(expected.some((id) => id.length === digits), `${digits}-digit ids attached`);
    }
    // Reported, with both names; attached to none.
    const lastZip = basename([...m.media.keys()].sort().at(-1)!);
    const unmatched = first.unmatched.map((u) => `${u.file} | ${u.reason}`).sort();
    assertEquals(unmatched.length, 3, unmatched.join("\n"));
    assertStringIncludes(unmatched.join("\n"), `${lastZip}: ${m.impostor} | photo ${m.claimed}`);
    assertStringIncludes(unmatched.join("\n"), `${m.ambiguous} | its name holds the ids of 2`);
    assert(unmatched.some((u) => u.includes(`also claimed by ${lastZip}: ${m.impostor}`)));

    // Every photo without its original is listed, in the report file and in status --json.
    const missing = [...m.sha].filter(([id]) => !got.has(id)).map(([id]) => id).sort();
    assertEquals(missing.length, m.sha.size - expected.length);
    assertEquals(await reportedMissing(archive, first), missing);
    const status = await statusJson(archive);
    const listed = status.missing_items as { id: string; page: string; title: string }[];
    assertEquals(listed.map((i) => i.id).sort(), missing);
    for (const item of listed) assertStringIncludes(item.page, `/${item.id}/`);

    // A fresh download of the broken zip completes the archive.
    const second = await importExport({ archiveDir: archive, inputs: [join(m.dir, z3)] });
    assertEquals(second.brokenZips, []);
    assertEquals(second.mediaWritten, [...inZip3].filter((id) => !m.dropped.has(id)).length);
    const completed = await originals(archive);
    for (const [id, sha] of completed) assertEquals(sha, m.sha.get(id), `original of ${id}`);
    const stillMissing = [...m.sha].filter(([id, sha]) =>
      !sha || m.dropped.has(id) || id === m.claimed
    )
      .map(([id]) => id).sort();
    assertEquals(await reportedMissing(archive, second), stillMissing);
    assert(m.dropped.size >= 0.15 * m.sha.size, `${m.dropped.size} of ${m.sha.size} left out`);

    // The whole export, then the same again: the second run changes no row and no file.
    const whole = inputs.map((p) => p === join(broken, z3) ? join(m.dir, z3) : p);
    const third = await importExport({ archiveDir: archive, inputs: whole });
    assertEquals(third.mediaWritten, 0);
    assertEquals(third.unmatched.length, 3);
    const before = await snapshotArchive(archive);
    const stamps = await updatedAt(archive);
    const fourth = await importExport({ archiveDir: archive, inputs: whole });
    assertEquals(fourth.mediaWritten, 0);
    assertEquals(diffSnapshots(before, await snapshotArchive(archive)), []);
    assertEquals(await updatedAt(archive), stamps, "no item row rewritten");
  } finally {
    await Deno.remove(m.root, { recursive: true });
  }
});
