import { assertEquals } from "../../tests/assert.ts";
import { openCatalog } from "../catalog/db.ts";
import { item } from "../catalog/test_helpers.ts";
import { finishRun, startRun, upsertItems } from "../catalog/writes.ts";
import { saveCredentials } from "../flickr/credentials.ts";
import { readArchiveState } from "./archive_state.ts";

Deno.test("archive state: empty, complete, a killed run to resume, signed in", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_state_" });
  try {
    const empty = await readArchiveState(`${dir}/archive`, undefined);
    assertEquals([empty.hasCatalog, empty.counts, empty.complete, empty.signedIn], [
      false,
      null,
      false,
      null,
    ]);

    const catalog = await openCatalog(`${dir}/archive`);
    try {
      const { db } = catalog;
      await upsertItems(db, [item("1", { is_public: 1 }), item("2")]);
      const imported = await startRun(db, "import");
      const running = await readArchiveState(`${dir}/archive`, db, true);
      assertEquals([running.unfinished, running.complete], [undefined, false], "its run goes here");
      const killed = await readArchiveState(`${dir}/archive`, db);
      assertEquals([killed.unfinished?.id, killed.unfinished?.status, killed.complete], [
        imported,
        "running",
        false,
      ]);
      await finishRun(db, imported, "done");
      const done = await readArchiveState(`${dir}/archive`, db);
      assertEquals([done.unfinished, done.complete, done.counts?.own, done.counts?.notPublic], [
        undefined,
        true,
        2,
        1,
      ]);
      await finishRun(db, await startRun(db, "archive"), "interrupted");
      const paused = await readArchiveState(`${dir}/archive`, db);
      assertEquals([paused.unfinished?.kind, paused.complete], ["archive", false]);

      await saveCredentials(`${dir}/archive`, {
        apiKey: "k",
        apiSecret: "s",
        oauthToken: "t",
        oauthTokenSecret: "ts",
        userNsid: "1@N01",
        username: "ann",
      });
      const signed = await readArchiveState(`${dir}/archive`, db);
      assertEquals(signed.signedIn, { userNsid: "1@N01", username: "ann" });
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
