import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { WaitBoard } from "../archive/awaiting.ts";
import { KEPT_LINES, RunBusyError, RunManager, type RunOutcome } from "./run_manager.ts";

const done = (summary: string[] = []): RunOutcome => ({ state: "done", summary, attention: [] });

Deno.test("run manager: one run at a time; the page sees its lines, status and numbers", async () => {
  const runs = new RunManager({
    describe: (e) => ({ message: String(e) }),
    board: new WaitBoard(),
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  runs.start({
    kind: "import",
    title: "Importing",
    pausable: false,
    async run({ sink }) {
      sink.line("Metadata: 3 photo records in 1 source");
      sink.status("Media: 1/3 files");
      sink.progress?.({
        phase: "pictures",
        done: 1,
        total: 3,
        unit: "photos",
        callsMade: 0,
        callsLeft: 0,
        callsPerHour: 0,
        etaMs: 0,
        bytes: 10,
      });
      await gate;
      return done(["Imported 3 photos"]);
    },
  });
  const going = runs.running()!;
  assertEquals([going.state, going.lines, going.status, going.phase?.done], [
    "running",
    ["Metadata: 3 photo records in 1 source"],
    "Media: 1/3 files",
    1,
  ]);
  const busy = assertThrows(() =>
    runs.start({
      kind: "archive",
      title: "Archiving",
      pausable: true,
      run: () => Promise.resolve(done()),
    })
  );
  assert(busy instanceof RunBusyError);
  assertEquals(runs.pause(), false, "an import cannot pause");
  release();
  await runs.settled();
  assertEquals(runs.running(), undefined);
  const ended = runs.latest()!;
  assertEquals([ended.state, ended.summary, ended.waiting], ["done", ["Imported 3 photos"], null]);
  assert(ended.endedAt !== null && ended.endedAt >= ended.startedAt);
  // The next run may start now.
  runs.start({ kind: "site", title: "Site", pausable: false, run: () => Promise.resolve(done()) });
  await runs.settled();
  assertEquals(runs.latestOf("import")?.id, ended.id);
  assertEquals(runs.latest()?.kind, "site");
});

Deno.test("run manager: Pause fires the run's signal; the run ends interrupted", async () => {
  const runs = new RunManager({
    describe: (e) => ({ message: String(e) }),
    board: new WaitBoard(),
  });
  runs.start({
    kind: "archive",
    title: "Archiving",
    pausable: true,
    run: ({ signal }) =>
      new Promise<RunOutcome>((resolve) =>
        signal.addEventListener(
          "abort",
          () =>
            setTimeout(
              () => resolve({ state: "interrupted", summary: ["Interrupted"], attention: [] }),
              10,
            ),
        )
      ),
  });
  assertEquals(runs.pause(), true);
  assertEquals(runs.running()?.state, "pausing");
  assertEquals(runs.pause(), false, "already pausing");
  await runs.settled();
  assertEquals(runs.latest()?.state, "interrupted");
});

Deno.test("run manager: a run that throws ends failed, in the words the describer gives", async () => {
  const runs = new RunManager({
    describe: (e) => ({
      message: `Cannot go on: ${(e as Error).message}`,
      hint: "free some space",
    }),
    board: new WaitBoard(),
  });
  runs.start({
    kind: "archive",
    title: "Archiving",
    pausable: true,
    run: () => Promise.reject(new Error("the disk is full")),
  });
  await runs.settled();
  const s = runs.latest()!;
  assertEquals([s.state, s.failure], ["failed", {
    message: "Cannot go on: the disk is full",
    hint: "free some space",
  }]);
});

Deno.test("run manager: a long run keeps its last lines; what it waits on shows while it runs", async () => {
  const board = new WaitBoard();
  const runs = new RunManager({ describe: (e) => ({ message: String(e) }), board });
  let release!: () => void;
  const gate = new Promise<void>((r) => release = r);
  runs.start({
    kind: "archive",
    title: "Archiving",
    pausable: true,
    async run({ sink }) {
      for (let i = 0; i < KEPT_LINES + 5; i++) sink.line(`line ${i}`);
      await gate;
      return done();
    },
  });
  board.retry(
    "flickr.photos.getInfo",
    1,
    "Flickr answered HTTP 503 on flickr.photos.getInfo",
    60_000,
  );
  const s = runs.running()!;
  assertEquals([s.lines.length, s.lines[0]], [KEPT_LINES, "line 5"]);
  assert(s.waiting?.includes("HTTP 503"), String(s.waiting));
  release();
  await runs.settled();
  assertEquals(runs.latest()?.waiting, null);
});
