import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import { WaitBoard } from "./awaiting.ts";
import { withHeartbeat } from "./heartbeat.ts";
import { memorySink } from "../progress.ts";

Deno.test("wait board: says which call waits until when, and which downloads get no data", () => {
  const board = new WaitBoard();
  const now = Date.parse("2026-12-06T21:00:00Z");
  assertEquals(board.describe(now), undefined);
  board.retry("flickr.test.login", 3, "Flickr answered HTTP 503 on flickr.test.login", 16_000, now);
  const at = new Date(now + 16_000).toTimeString().slice(0, 8);
  assertEquals(
    board.describe(now + 1000),
    `Flickr answered HTTP 503 on flickr.test.login; trying again at ${at} (attempt 4)`,
  );
  let last = now;
  const done = board.download(() => last, 30_000);
  assertMatch(board.describe(now + 20_000)!, /1 download without data for up to 20 s/);
  last = now + 19_000;
  assertEquals(board.describe(now + 20_000), undefined, "data arrived a second ago");
  done();
  assertEquals(board.describe(now + 60_000), undefined, "the retry's time has passed");
});

Deno.test("heartbeat: a silence longer than quietMs is broken by what is awaited, else by what is done", async () => {
  const board = new WaitBoard();
  const mem = memorySink();
  const beat = withHeartbeat(mem, { quietMs: 120, tickMs: 20, board, terminal: false });
  try {
    beat.sink.line("details: 10 items");
    beat.sink.status("details 3/10");
    await new Promise((r) => setTimeout(r, 200));
    assertMatch(mem.lines.at(-1)!, /^still working: details 3\/10 \(nothing printed for 0 s\)$/);
    board.retry("flickr.photos.getInfo", 1, "Flickr answered HTTP 500", 60_000);
    await new Promise((r) => setTimeout(r, 200));
    assertMatch(
      mem.lines.at(-1)!,
      /^waiting: Flickr answered HTTP 500 \(flickr\.photos\.getInfo\)/,
    );
    const before = mem.lines.length;
    for (let i = 0; i < 8; i++) {
      beat.sink.line(`line ${i}`);
      await new Promise((r) => setTimeout(r, 30));
    }
    assertEquals(mem.lines.length, before + 8, "no heartbeat while lines keep coming");
  } finally {
    beat.stop();
  }
  const n = mem.lines.length;
  await new Promise((r) => setTimeout(r, 200));
  assertEquals(mem.lines.length, n, "silent once stopped");
  assert(mem.lines.every((l) => !l.includes("undefined")));
});

Deno.test("heartbeat: the numbers a page wants pass through the watch", () => {
  const seen: string[] = [];
  const beat = withHeartbeat({ ...memorySink(), progress: (s) => seen.push(s.phase) }, {
    terminal: false,
  });
  try {
    beat.sink.progress?.({
      phase: "originals",
      done: 1,
      total: 2,
      unit: "files",
      callsMade: 0,
      callsLeft: 0,
      callsPerHour: 0,
      etaMs: 0,
      bytes: 0,
    });
    assertEquals(seen, ["originals"]);
  } finally {
    beat.stop();
  }
});
