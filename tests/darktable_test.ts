/**
 * darktable reads what flickrvault writes: sidecars beside camera files, and `export`-style
 * copies alone, imported with Debian's `darktable-cli` into a library of its own, judged by what
 * darktable stored there (title, description, tags, date taken, GPS). Runs only where darktable
 * is installed (`apt-get install darktable`); CI does not need it.
 */
import { assert, assertEquals } from "./assert.ts";
import { fixturePath } from "./fixtures.ts";
import { sampleItem } from "./xmp_item.ts";
import { copyWithMetadata } from "../src/xmp/copy.ts";
import { buildXmp, type XmpItem } from "../src/xmp/xmp.ts";

async function hasDarktable(): Promise<boolean> {
  try {
    const out = await new Deno.Command("darktable-cli", { args: ["--version"], stdout: "null" })
      .output();
    return out.success;
  } catch {
    return false;
  }
}

/** darktable's library keys of `meta_data` (src/common/metadata.h, DT_METADATA_XMP_DC_*). */
const TITLE = 2;
const DESCRIPTION = 3;

/** darktable keeps times as microseconds since 0001-01-01 (GTimeSpan): as 'YYYY-MM-DD HH:MM:SS'. */
function gtime(us: number): string {
  const unix = Math.round(us / 1e6) - 62135596800;
  return new Date(unix * 1000).toISOString().slice(0, 19).replace("T", " ");
}

interface Imported {
  title?: string;
  description?: string;
  tags: string[];
  taken: string | null;
  latitude: number | null;
}

/** Imports every image of `dir` into a new library; what darktable stored, by file name. */
async function importInto(dir: string, work: string): Promise<Map<string, Imported>> {
  const out = await new Deno.Command("darktable-cli", {
    args: [
      dir,
      // darktable-cli exports too: small copies, named after each file.
      `${work}/out/$(FILE_NAME).jpg`,
      "--width",
      "64",
      "--height",
      "64",
      "--core",
      "--library",
      `${work}/library.db`,
      "--configdir",
      `${work}/config`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  assert(out.success, log);
  const query = async (sql: string) => {
    const r = await new Deno.Command("sqlite3", {
      args: ["-json", `${work}/library.db`, `ATTACH '${work}/config/data.db' AS d; ${sql}`],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(r.success, new TextDecoder().decode(r.stderr));
    const text = new TextDecoder().decode(r.stdout).trim();
    // deno-lint-ignore no-explicit-any
    return (text ? JSON.parse(text) : []) as any[];
  };
  const images = await query("SELECT id, filename, datetime_taken, latitude FROM images");
  const meta = await query("SELECT id, key, value FROM meta_data");
  const tags = await query(
    "SELECT ti.imgid AS id, t.name FROM tagged_images ti JOIN d.tags t ON t.id = ti.tagid",
  );
  const result = new Map<string, Imported>();
  for (const i of images) {
    const m = (key: number) => meta.find((r) => r.id === i.id && r.key === key)?.value;
    result.set(i.filename, {
      title: m(TITLE),
      description: m(DESCRIPTION),
      tags: tags.filter((t) => t.id === i.id).map((t) => t.name),
      taken: i.datetime_taken ? gtime(i.datetime_taken) : null,
      latitude: i.latitude,
    });
  }
  return result;
}

Deno.test({
  name:
    "darktable: sidecars and copies give it Flickr's title, description, tags, people, dates and place",
  ignore: !(await hasDarktable()),
  async fn() {
    const work = await Deno.makeTempDir({ prefix: "fv_darktable_" });
    try {
      const cases: [string, Partial<XmpItem>, string][] = [
        [
          "Canon_40D.jpg",
          { dateTaken: "2023-04-01 00:00:00", dateTakenGranularity: 4 },
          "2023-04-01 00:00:00",
        ],
        [
          "Nikon D5000.jpg",
          { dateTaken: "2022-01-01 00:00:00", dateTakenGranularity: 6 },
          "2022-01-01 00:00:00",
        ],
        [
          "Olympus C4040Z.jpg",
          { dateTaken: "1975-01-01 00:00:00", dateTakenGranularity: 8 },
          "1975-01-01 00:00:00",
        ],
        [
          "Samsung GT-I9000 (Galaxy S).jpg",
          { dateTaken: "2019-07-14 15:30:05" },
          "2019-07-14 15:30:05",
        ],
      ];
      const people = [{ name: "Ann Example", nsid: "2@N02", box: null }];
      await Deno.mkdir(`${work}/sidecars`);
      await Deno.mkdir(`${work}/copies`);
      for (const [name, over] of cases) {
        const it = sampleItem({ description: `About ${name}`, people, ...over });
        const bytes = await Deno.readFile(fixturePath("media", name));
        await Deno.writeFile(`${work}/sidecars/${name}`, bytes);
        await Deno.writeTextFile(`${work}/sidecars/${name}.xmp`, buildXmp(it));
        await Deno.writeFile(`${work}/copies/${name}`, copyWithMetadata(bytes, it));
      }
      for (const folder of ["sidecars", "copies"]) {
        const got = await importInto(`${work}/${folder}`, `${work}/${folder}-library`);
        for (const [name, , taken] of cases) {
          const g = got.get(name)!;
          const label = `${folder}: ${name}`;
          assert(g, `${label} imported`);
          assertEquals(g.title, sampleItem().title, label);
          assertEquals(g.description, `About ${name}`, label);
          assertEquals(g.taken, taken, `${label}: date taken`);
          for (const tag of ["New York", "Flickr|Albums|Summer", "People|Ann Example"]) {
            assert(g.tags.includes(tag), `${label}: ${tag} in ${g.tags}`);
          }
          assert(Math.abs(g.latitude! - 48.85837) < 1e-4, `${label}: latitude ${g.latitude}`);
        }
      }
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
