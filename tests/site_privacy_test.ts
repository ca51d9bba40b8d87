/**
 * `flickrvault site --privacy` (the contract's `site DIR` row): a site for the public holds
 * nothing of what Flickr did not show to everyone, anywhere (pages, JSON twins, search shards,
 * media file names, its manifest); one for friends adds friends' items only; re-runs with another
 * audience add or remove exactly those items' files, and leave a file of the person's alone.
 * Checked on a seeded archive with items of every privacy (own and favourites), sharing albums,
 * tags, people and galleries with public ones, and an album, tag, group and person only hidden
 * items have.
 * @module
 */
import { join } from "node:path";
import { sql } from "kysely";
import { assert, assertEquals } from "./assert.ts";
import { seedCatalog } from "./seed_catalog.ts";
import { listFiles } from "./simulator_fixture.ts";
import { runMain } from "./cli_process.ts";
import { openCatalog } from "../src/catalog/db.ts";
import type { Audience } from "../src/catalog/audience.ts";
import { type SiteSummary, writeSite } from "../src/site/site.tsx";
import { siteDoneLines } from "../src/cli/site.ts";

const NOW = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const SECRET_PERSON = "99999999@N09";
const SECRET_ALBUM = "72157799999999991";
const SECRET_GROUP = "55555555@N05";

/** The seeded archive with items of each privacy, and what only hidden items carry. */
async function privacyArchive(dir: string) {
  const seeded = await seedCatalog(dir, { photos: 40, videos: 3, favorites: 6, seed: 5 });
  const own = seeded.ownIds;
  const fav = seeded.favoriteIds;
  const ids = {
    friends: own[2],
    family: own[3],
    private: own[4],
    unknown: own[5],
    /** Flickr's export merges friends and family: shown to either. */
    both: own[0],
    favFriends: fav[0],
    favUnknown: fav[1],
    /** A video to download by hand whose privacy is unknown. */
    manual: seeded.manualVideoId,
  };
  const catalog = await openCatalog(dir);
  try {
    const db = catalog.db;
    const set = async (id: string, p: [number | null, number | null, number | null]) => {
      await sql`UPDATE items SET is_public = ${p[0]}, is_friend = ${p[1]}, is_family = ${p[2]},
        title = ${`Hidden title ${id}`}, description = ${`Hidden words of ${id}`}
        WHERE id = ${id}`.execute(db);
    };
    await set(ids.friends, [0, 1, 0]);
    await set(ids.family, [0, 0, 1]);
    await set(ids.private, [0, 0, 0]);
    await set(ids.unknown, [null, null, null]);
    await set(ids.favFriends, [0, 1, 0]);
    await set(ids.favUnknown, [null, null, null]);
    await set(ids.manual, [null, null, null]);
    // A tag, an album, a group and a person that only hidden items have.
    for (const id of [ids.friends, ids.private]) {
      await sql`INSERT INTO tags (item_id, tag, raw, author, is_machine)
        VALUES (${id}, 'secretgarden', 'SecretGarden', ${seeded.ownerNsid}, 0)`.execute(db);
    }
    await sql`INSERT INTO albums (id, position, title, description, primary_photo_id,
        count_photos, count_videos, raw_json)
      VALUES (${SECRET_ALBUM}, 9, 'Zanzibar nights', 'Only for us', ${ids.private}, 2, 0, '{}')`
      .execute(db);
    await sql`INSERT INTO album_items (album_id, item_id, position)
      VALUES (${SECRET_ALBUM}, ${ids.friends}, 0), (${SECRET_ALBUM}, ${ids.private}, 1)`
      .execute(db);
    // An album shared with public items, its cover a hidden one.
    await sql`INSERT INTO album_items (album_id, item_id, position)
      VALUES (${seeded.albumIds[0]}, ${ids.private}, -1)`.execute(db);
    await sql`UPDATE albums SET primary_photo_id = ${ids.private}
      WHERE id = ${seeded.albumIds[0]}`.execute(db);
    await sql`INSERT INTO groups (id, name, position, raw_json)
      VALUES (${SECRET_GROUP}, 'Kestrel spotters', 9, '{}')`.execute(db);
    await sql`INSERT INTO group_items (group_id, item_id, date_added)
      VALUES (${SECRET_GROUP}, ${ids.family}, 1600000000)`.execute(db);
    await sql`INSERT INTO people (nsid, username, realname, updated_at)
      VALUES (${SECRET_PERSON}, 'quietowl', 'Ottoline Quill', '2024-01-01T00:00:00Z')`
      .execute(db);
    await sql`INSERT INTO comments (id, item_id, author, authorname, date_create, html, raw_json)
      VALUES ('c-secret-1', ${ids.private}, ${SECRET_PERSON}, 'quietowl', 1600000000,
        'Whispered remark', '{}'),
      ('c-secret-2', ${ids.family}, ${seeded.commenterNsid}, NULL, 1600000001,
        'Remark on a family photo', '{}')`.execute(db);
    // A gallery shared with public favourites holds the hidden ones, one under its own title.
    await sql`UPDATE gallery_items SET title = 'Hidden entry'
      WHERE gallery_id = ${seeded.galleryIds[0]} AND item_id = ${ids.favFriends}`.execute(db);
    const { rows } = await sql<{ id: string; p: number | null; media: string; mine: number }>`
      SELECT id, is_public AS p, media, is_mine AS mine FROM items`.execute(db);
    return {
      seeded,
      ids,
      hidden: rows.filter((r) => r.p !== 1).map((r) => r.id),
      shown: rows.filter((r) => r.p === 1).map((r) => r.id),
      publicPhotos: rows.filter((r) => r.p === 1 && r.mine === 1 && r.media === "photo").length,
    };
  } finally {
    await catalog.close();
  }
}

/** Every file under `root` with its text. */
async function readSite(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listFiles(root)) {
    out.set(rel, new TextDecoder().decode(await Deno.readFile(join(root, rel))));
  }
  return out;
}

/** Where in the site `needle` shows: in a file's name or its bytes. */
function whereShown(site: Map<string, string>, needle: string): string[] {
  return [...site].filter(([p, text]) => p.includes(needle) || text.includes(needle))
    .map(([p]) => p);
}

Deno.test({
  name: "site --privacy: a public site holds nothing hidden anywhere; friends adds friends' " +
    "items; re-runs add and remove exactly the hidden items' files",
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "fv_site_privacy_" });
    const tmp = join(dir, "tmp");
    await Deno.mkdir(tmp);
    // The catalog's copy goes there (TMPDIR for the command): it must be gone after each run.
    // (Not Deno.env.set: test files run side by side in one process.)
    try {
      const archive = join(dir, "archive");
      const a = await privacyArchive(archive);
      const catalog = await openCatalog(archive, { readonly: true });
      const site = (folder: string, privacy: Audience): Promise<SiteSummary> =>
        writeSite({
          catalog,
          archiveDir: archive,
          siteDir: join(dir, folder),
          media: "copy",
          json: true,
          now: NOW,
          privacy,
          tempDir: tmp,
        });
      try {
        const secrets = [
          ...a.hidden,
          ...a.hidden.map((id) => `Hidden title ${id}`),
          ...a.hidden.map((id) => `Hidden words of ${id}`),
          "secretgarden",
          "SecretGarden",
          SECRET_ALBUM,
          "Zanzibar",
          SECRET_GROUP,
          "Kestrel",
          SECRET_PERSON.split("@")[0],
          "quietowl",
          "Ottoline",
          "Whispered remark",
          "Remark on a family photo",
          "Hidden entry",
          // A gallery entry not archived: its privacy is unknown.
          "31415926535",
        ];
        const noSecrets = (files: Map<string, string>) => {
          for (const s of secrets) {
            assertEquals(whereShown(files, s), [], `'${s}' is in the site`);
          }
        };

        // ---- public ----
        const pub = await site("pub", "public");
        assertEquals([...Deno.readDirSync(tmp)], [], "the catalog's copy is removed");
        const pub1 = await readSite(join(dir, "pub"));
        noSecrets(pub1);
        for (const id of a.shown) assert(pub1.has(`photos/${id}.html`), `photos/${id}.html`);
        assert(pub1.has("photos/" + a.shown[0] + ".json"), "JSON twins are written");
        assert([...pub1.keys()].some((p) => p.startsWith("search/shard-")), "search shards");
        assert([...pub1.keys()].some((p) => p.startsWith("media/")), "media copies");
        // Albums, tags and people shared with public items are there, without the hidden ones.
        assert(pub1.has(`albums/${a.seeded.albumIds[0]}.html`));
        assert(pub1.has("tags/travel.html"));
        const commenter = `people/${a.seeded.commenterNsid}.html`;
        assert(pub1.has(commenter), commenter);
        // The counts are of what the site shows.
        assert(
          pub1.get("status.html")!.includes(
            `It holds ${a.publicPhotos.toLocaleString("en")} photos`,
          ),
          "the about page counts the public photos",
        );
        assertEquals(pub.notPublic, 0);
        assertEquals(pub.leftOut, a.hidden.length);
        assertEquals(pub.items, a.shown.length);
        const line = siteDoneLines(pub, "copy", join(dir, "pub"), "public")[0];
        assert(
          line.includes(
            `; 0 not public (friends, family, private or unknown) included; ` +
              `${a.hidden.length} not shown to public on Flickr, left out`,
          ),
          line,
        );

        // ---- friends, from the command line ----
        const bad = await runMain(
          ["site", "--archive", archive, "--privacy", "everyone", join(dir, "bad")],
          { TMPDIR: tmp },
        );
        assertEquals(bad.code, 2);
        assertEquals(
          bad.stderr.trim().split("\n"),
          [
            "flickrvault site: --privacy takes 'public', 'friends', 'family', 'all', not 'everyone'",
            "hint: see 'flickrvault site --help'",
          ],
        );
        const cli = await runMain(
          ["site", "--archive", archive, "--privacy", "friends", join(dir, "friends")],
          { TMPDIR: tmp },
        );
        // 1: the seed's one missing file is a friends-and-family photo's.
        assertEquals(cli.code, 1, cli.stderr);
        const counted = cli.stderr.match(
          /; (\d+) not public \(friends, family, private or unknown\) included; (\d+) not shown to friends on Flickr, left out\n/,
        );
        assert(counted, cli.stderr);
        const friends = { notPublic: Number(counted[1]), leftOut: Number(counted[2]) };
        const fr = await readSite(join(dir, "friends"));
        for (const id of [a.ids.friends, a.ids.both, a.ids.favFriends]) {
          assert(fr.has(`photos/${id}.html`), `friends see ${id}`);
        }
        for (const id of [a.ids.family, a.ids.private, a.ids.unknown, a.ids.favUnknown]) {
          assertEquals(whereShown(fr, id), [], `friends do not see ${id}`);
        }
        // The tag of a friends-only and a private photo: only the friends' one.
        assert(fr.has("tags/secretgarden.html"));
        assert(!fr.get("tags/secretgarden.html")!.includes(a.ids.private));
        assertEquals(friends.notPublic, a.hidden.length - friends.leftOut);
        assert(friends.notPublic >= 3, `${friends.notPublic} friends' items`);

        // ---- the public site again with everything, then public again ----
        const mine = join(dir, "pub", "my-notes.txt");
        await Deno.writeTextFile(mine, "mine, with " + a.ids.private);
        const all = await site("pub", "all");
        assertEquals(all.leftOut, 0);
        assertEquals(all.notPublic, a.hidden.length);
        const everything = await readSite(join(dir, "pub"));
        for (const id of a.hidden) assert(everything.has(`photos/${id}.html`), `all: ${id}`);
        assert(everything.has(`albums/${SECRET_ALBUM}.html`));

        const back = await site("pub", "public");
        const pub2 = await readSite(join(dir, "pub"));
        assertEquals(await Deno.readTextFile(mine), "mine, with " + a.ids.private);
        pub2.delete("my-notes.txt");
        assertEquals([...pub2.keys()], [...pub1.keys()], "exactly the hidden items' files went");
        for (const [p, text] of pub1) assertEquals(pub2.get(p), text, p);
        noSecrets(pub2);
        assert(back.pages.removed > a.hidden.length, `${back.pages.removed} removed`);
        assert(back.media.pruned > 0, "media of hidden items removed");

        // The same audience again writes nothing.
        const same = await site("pub", "public");
        assertEquals(same.pages.written, 0);
        assertEquals(same.pages.removed, 0);
        assertEquals(same.media.placed, 0);
      } finally {
        await catalog.close();
      }
      assertEquals([...Deno.readDirSync(tmp)], [], "no copy of the catalog is left behind");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
