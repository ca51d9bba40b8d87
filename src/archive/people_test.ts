import { createHash } from "node:crypto";
import { sql } from "kysely";
import { assert, assertEquals } from "../../tests/assert.ts";
import { openBench } from "../../tests/archive_phases_harness.ts";
import { watchedFiles } from "../../tests/simulator_fixture.ts";
import { Account, PEOPLE } from "../simulator/account.ts";
import { upsertPeople } from "../catalog/writes.ts";
import { buddyIconUrl } from "../flickr/urls.ts";
import { syncDetails } from "./details.ts";
import { DEFAULT_AVATAR_PATH, othersOnly, syncPeople } from "./people.ts";

Deno.test("othersOnly drops the owner and empty rows", () => {
  const now = "2024-01-01T00:00:00.000Z";
  assertEquals(
    othersOnly(
      [{ nsid: "me@N01", updated_at: now }, undefined, { nsid: "x@N02", updated_at: now }],
      "me@N01",
    )
      .map((p) => p.nsid),
    ["x@N02"],
  );
});

Deno.test({
  name:
    "syncPeople: favourites' owners, people.getInfo once for the undescribed, icons once and again when changed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const opts = { photos: 30, videos: 0, seed: 5 };
    const bench = await openBench(opts);
    const { db } = bench.catalog;
    let downloads = 0;
    bench.ctx.files = watchedFiles(() => downloads++, bench.ctx.files);
    try {
      await bench.list();
      await syncDetails(bench.ctx);
      // Two people only a note named (no icon): one still on Flickr, one whose account is deleted.
      const account = new Account(opts);
      const known = new Set(
        (await db.selectFrom("people").select("nsid").execute()).map((p) => p.nsid),
      );
      const pick = (deleted: boolean) => {
        for (let i = 0; i < PEOPLE; i++) {
          const p = account.person(i);
          if (p.isDeleted === deleted && !known.has(p.nsid)) return p;
        }
        throw new Error("no such person");
      };
      const alive = pick(false);
      const gone = pick(true);
      const now = new Date().toISOString();
      await db.insertInto("people").values([
        { nsid: alive.nsid, username: alive.username, updated_at: now },
        { nsid: gone.nsid, username: gone.username, updated_at: now },
      ]).execute();

      const before = bench.client.stats.byMethod["flickr.people.getInfo"] ?? 0;
      await syncPeople(bench.ctx);
      assertEquals((bench.client.stats.byMethod["flickr.people.getInfo"] ?? 0) - before, 2);

      const rows = new Map(
        (await db.selectFrom("people").selectAll().execute()).map((p) => [p.nsid, p]),
      );
      assert(!rows.has(bench.sim.userNsid), "the owner is not a row of people");
      const favorites = await db.selectFrom("items").select("owner").where("is_mine", "=", 0)
        .execute();
      assert(favorites.every((f) => rows.has(f.owner)), "every favourite's owner is recorded");
      assertEquals(rows.get(gone.nsid)?.is_deleted, 1);
      assert(rows.get(gone.nsid)?.info_json?.includes('"code":5'), "the refusal is kept");
      assertEquals(rows.get(alive.nsid)?.iconserver, alive.iconserver);
      assert(rows.get(alive.nsid)?.info_json, "the getInfo answer is kept");

      // Icons: everyone has one; people without their own share the default, downloaded once.
      const people = [...rows.values()];
      assert(people.every((p) => p.avatar_path && p.avatar_sha256));
      const plain = people.filter((p) => !(Number(p.iconserver) > 0));
      assert(plain.length > 0 && plain.every((p) => p.avatar_path === DEFAULT_AVATAR_PATH));
      const own = people.filter((p) => Number(p.iconserver) > 0);
      assertEquals(downloads, own.length + 1);
      const sample = own[0];
      const served = new Uint8Array(
        await (await fetch(
          buddyIconUrl(
            { nsid: sample.nsid, iconServer: sample.iconserver, iconFarm: sample.iconfarm },
            bench.sim.origin,
          ),
        )).arrayBuffer(),
      );
      assertEquals(createHash("sha256").update(served).digest("hex"), sample.avatar_sha256);
      assertEquals(
        createHash("sha256").update(await Deno.readFile(`${bench.dir}/${sample.avatar_path}`))
          .digest("hex"),
        sample.avatar_sha256,
      );

      // Again: nothing to ask, nothing to download.
      const calls = bench.client.stats.calls;
      await syncPeople(bench.ctx);
      assertEquals(bench.client.stats.calls, calls);
      assertEquals(downloads, own.length + 1);

      // Every answer that describes a person again names the same icon: none is due again.
      await sql`UPDATE items SET info_last_update = NULL, comments_synced = NULL,
        faves_synced = NULL, people_synced = NULL`.execute(db);
      await syncDetails(bench.ctx);
      const due = await db.selectFrom("people").select("nsid")
        .where("avatar_sha256", "is", null).execute();
      assertEquals(due, []);

      // A person whose icon changed: the archive holds an old one, from another icon server.
      const sampleFile = `${bench.dir}/${sample.avatar_path}`;
      const oldIcon = await Deno.readFile(`${bench.dir}/${DEFAULT_AVATAR_PATH}`);
      await Deno.writeFile(sampleFile, oldIcon);
      await db.updateTable("people").where("nsid", "=", sample.nsid)
        .set({ iconserver: "1", avatar_sha256: "old" }).execute();
      // A later answer (a new comment, say) names the person with their icon server of today.
      const today = { iconserver: sample.iconserver, iconfarm: sample.iconfarm };
      const later = new Date().toISOString();
      await upsertPeople(db, [{ nsid: sample.nsid, ...today, updated_at: later }]);
      const other = own[1];
      await upsertPeople(db, [{
        nsid: other.nsid,
        iconserver: other.iconserver,
        iconfarm: other.iconfarm,
        updated_at: later,
      }]);
      const stale = await db.selectFrom("people").selectAll().where("nsid", "=", sample.nsid)
        .executeTakeFirstOrThrow();
      assertEquals([stale.avatar_path, stale.avatar_sha256], [sample.avatar_path, null]);
      await syncPeople(bench.ctx);
      assertEquals(downloads, own.length + 2, "only the changed icon is fetched again");
      const refreshed = await db.selectFrom("people").select("avatar_sha256")
        .where("nsid", "in", [sample.nsid, other.nsid]).orderBy("nsid").execute();
      assertEquals(
        refreshed.map((r) => r.avatar_sha256),
        [sample, other].sort((a, b) => a.nsid < b.nsid ? -1 : 1).map((p) => p.avatar_sha256),
      );
      assertEquals(
        createHash("sha256").update(await Deno.readFile(sampleFile)).digest("hex"),
        sample.avatar_sha256,
      );
    } finally {
      await bench.close();
    }
  },
});
