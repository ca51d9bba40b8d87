import { html } from "../tests/render.ts";
import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import type { RunCounts } from "../src/catalog/run_counts.ts";
import { isLive, RunPanel, RunResult, type RunView } from "./setup_run.tsx";

const run = (over: Partial<RunView> = {}): RunView => ({
  id: 7,
  kind: "archive",
  title: "Archiving your Flickr account",
  state: "running",
  pausable: true,
  startedAt: 0,
  endedAt: null,
  phase: {
    phase: "originals",
    done: 1234,
    total: 5000,
    unit: "files",
    callsMade: 4321,
    callsLeft: 3600,
    callsPerHour: 3600,
    etaMs: 70 * 60_000,
    bytes: 0,
  },
  status: null,
  lines: [],
  waiting: null,
  summary: [],
  attention: [],
  failure: null,
  ...over,
});

const counts = {
  own: 5000,
  favorites: 12,
  originals: 1234,
  files: 3000,
  bytes: 2_500_000_000,
} as RunCounts;

Deno.test("RunPanel: the step with its progress, the calls and the time left, polled every second", async () => {
  const panel = await html(<RunPanel run={run()} counts={counts} csrf="t" />);
  assertStringIncludes(panel, 'hx-get="/setup/run?id=7"');
  assertStringIncludes(panel, 'hx-trigger="every 1s"');
  assertStringIncludes(panel, "1,234 of 5,000 files");
  assertStringIncludes(panel, '<progress max="5000" value="1234">');
  assertStringIncludes(panel, "4,321 in this run, at most 3,600 an hour");
  assertStringIncludes(panel, "this step: about 1 h 10 min (3,600 calls)");
  assertStringIncludes(panel, "1,234 (2.5 GB in all files)");
  assertStringIncludes(panel, 'id="pause"');
  const noCalls = await html(
    <RunPanel
      run={run({ phase: { ...run().phase!, callsLeft: 0, etaMs: 0 } })}
      counts={counts}
      csrf="t"
    />,
  );
  assertStringIncludes(noCalls, "this step needs no more calls");
  const unlimited = await html(
    <RunPanel
      run={run({ phase: { ...run().phase!, callsPerHour: 0, etaMs: 0, callsLeft: 40 } })}
      counts={counts}
      csrf="t"
    />,
  );
  assertStringIncludes(unlimited, "4,321 in this run</dd>");
  assertStringIncludes(unlimited, "this step: 40 calls");
  const soon = await html(
    <RunPanel run={run({ phase: { ...run().phase!, etaMs: 20_000 } })} counts={counts} csrf="t" />,
  );
  assertStringIncludes(soon, "about 20 s");
});

Deno.test("RunPanel: the last eight lines; no pause while pausing or for a run that cannot pause; no API facts for an import", async () => {
  const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
  const panel = await html(
    <RunPanel run={run({ lines, state: "pausing" })} counts={null} csrf="t" />,
  );
  assertEquals((panel.match(/<li[^>]*>line \d+<\/li>/g) ?? []).length, 8);
  assert(!panel.includes(">line 4</li>") && panel.includes(">line 12</li>"));
  assertStringIncludes(panel, "pausing: finishing the files in flight");
  assert(!panel.includes('id="pause"'));
  const imp = await html(
    <RunPanel run={run({ kind: "import", pausable: false })} counts={counts} csrf="t" />,
  );
  assert(!imp.includes('id="pause"') && !imp.includes("API calls"));
  assertEquals([isLive(run()), isLive(run({ state: "pausing" })), isLive(run({ state: "done" }))], [
    true,
    true,
    false,
  ]);
});

Deno.test("RunResult: how it ended, what needs a look, and a way to resume or try again where there is one", async () => {
  const done = await html(
    <RunResult
      run={run({
        state: "attention",
        summary: ["Imported 3 photos."],
        attention: ["damaged: x.zip"],
        kind: "import",
      })}
      csrf="t"
    />,
  );
  assertStringIncludes(done, "The import finished; some things need a look");
  assert(/<p class="summary-line"[^>]*>Imported 3 photos\.<\/p>/.test(done), done);
  assert(/<li[^>]*>damaged: x\.zip<\/li>/.test(done), done);
  const paused = await html(<RunResult run={run({ state: "interrupted" })} csrf="t" />);
  assertStringIncludes(paused, "The archive run is paused");
  assertStringIncludes(paused, 'id="resume"');
  const failed = await html(
    <RunResult
      run={run({
        state: "failed",
        kind: "export",
        failure: { message: "Cannot write the copies: disk full", hint: "free some space" },
      })}
      csrf="t"
    />,
  );
  assertStringIncludes(failed, "The export for photo apps stopped");
  assertStringIncludes(failed, "Cannot write the copies: disk full");
  assertStringIncludes(failed, 'id="try-again"');
  // The family copy is written again from the start: nothing to resume.
  const site = await html(
    <RunResult run={run({ state: "failed", kind: "site", failure: { message: "x" } })} csrf="t" />,
  );
  assertStringIncludes(site, "The copy for family stopped");
  assert(!site.includes('id="try-again"'));
});
