import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import {
  acquireArchiveLock,
  ArchiveLockedError,
  isAlive,
  LOCK_FILE,
  otherLockHolder,
} from "./lock.ts";
import { hostname } from "node:os";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "fv_lock_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a second lock on the same archive is refused while the first is held", async () => {
  await withDir(async (dir) => {
    const lock = await acquireArchiveLock(dir);
    const err = await assertRejects(
      () => acquireArchiveLock(dir),
      `Cannot write the archive: another flickrvault run (pid ${Deno.pid}) is using it`,
    );
    assert(err instanceof ArchiveLockedError);
    await lock.release();
    await lock.release();
    const again = await acquireArchiveLock(dir);
    await again.release();
    assertEquals([...Deno.readDirSync(dir)].length, 0);
  });
});

Deno.test("a lock held by another live process is refused, across processes", async () => {
  await withDir(async (dir) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `import { acquireArchiveLock } from "${new URL("./lock.ts", import.meta.url).href}";
         await acquireArchiveLock(${JSON.stringify(dir)});
         console.log("locked");
         await new Promise((r) => setTimeout(r, 30000));`,
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    try {
      const reader = child.stdout.getReader();
      const { value } = await reader.read();
      assertEquals(new TextDecoder().decode(value).trim(), "locked");
      reader.releaseLock();
      await assertRejects(() => acquireArchiveLock(dir), `(pid ${child.pid})`);
      assertEquals((await otherLockHolder(dir))?.pid, child.pid);
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await child.stdout.cancel().catch(() => {});
    }
    // the holder died without releasing: its lock is stale and taken over
    assertEquals(await otherLockHolder(dir), undefined);
    const lock = await acquireArchiveLock(dir);
    assertEquals(await otherLockHolder(dir), undefined, "this process's own lock");
    const info = JSON.parse(await Deno.readTextFile(`${dir}/${LOCK_FILE}`));
    assertEquals(info.pid, Deno.pid);
    await lock.release();
  });
});

Deno.test("a stale lock file of a dead pid is taken over; an unreadable one too", async () => {
  await withDir(async (dir) => {
    let dead = 999_999;
    while (isAlive(dead)) dead--;
    await Deno.writeTextFile(
      `${dir}/${LOCK_FILE}`,
      JSON.stringify({ pid: dead, host: hostname(), started_at: "x", token: "old" }),
    );
    assertEquals(await otherLockHolder(dir), undefined, "a dead process holds nothing");
    const lock = await acquireArchiveLock(dir);
    await lock.release();
    await Deno.writeTextFile(`${dir}/${LOCK_FILE}`, "garbage");
    const lock2 = await acquireArchiveLock(dir);
    await lock2.release();
  });
});
