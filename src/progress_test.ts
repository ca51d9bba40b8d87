import { assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { countOf } from "./units.ts";
import { memorySink, type PhaseProgress, Progress } from "./progress.ts";

Deno.test("a phase announces its plan with the time it takes at the budget's rate", () => {
  const sink = memorySink();
  const progress = new Progress(sink, { callsPerHour: 3600, callsMade: 0 });
  progress.phase("details", { total: 300, unit: "items", plannedCalls: 4213 });
  assertEquals(sink.lines, ["details: 300 items, 4,213 calls, about 1 h 10 min at 3,600/h"]);
});

Deno.test("without a rate limit the plan has no time estimate", () => {
  const sink = memorySink();
  const progress = new Progress(sink, { callsPerHour: 0, callsMade: 0 });
  progress.phase("listing", { total: 2, unit: "pages", plannedCalls: 2 });
  assertEquals(sink.lines, ["listing: 2 pages, 2 calls"]);
});

Deno.test("the live status shows the remaining calls and their time", () => {
  const sink = memorySink();
  const budget = { callsPerHour: 3600, callsMade: 10 };
  const progress = new Progress(sink, budget);
  progress.phase("details", { total: 20, unit: "items", plannedCalls: 20 });
  progress.advance(20, 10);
  assertStringIncludes(sink.statuses.at(-1)!, "details: 20/20 items");
  assertStringIncludes(sink.statuses.at(-1)!, "10 planned, about 10 s at 3,600/h");
});

Deno.test("one of anything is singular: the demo's first line reads '2 pages, 1 call'", () => {
  const sink = memorySink();
  const progress = new Progress(sink, { callsPerHour: 0, callsMade: 0 });
  progress.phase("listing", { total: 2, unit: "pages", plannedCalls: 1 });
  progress.phase("buddy icons", { total: 1, unit: "people", plannedCalls: 0 });
  progress.phase("albums and groups", { total: 1, unit: "lists", plannedCalls: 1 });
  progress.phase("details", { total: 0, unit: "items", plannedCalls: 3 });
  progress.advance(1, 1);
  assertEquals(sink.lines, [
    "listing: 2 pages, 1 call",
    "buddy icons: 1 person, no API calls",
    "albums and groups: 1 list, 1 call",
    "details: 0 items, 3 calls",
  ]);
  assertEquals(countOf(1, "photos and videos"), "1 photo or video");
  assertEquals(countOf(2, "people"), "2 people");
  assertEquals(countOf(1, "files"), "1 file");
  assertEquals(countOf(1_000, "files"), "1,000 files");
});

Deno.test("a sink that wants numbers gets the phase, the calls left and their time", () => {
  const states: PhaseProgress[] = [];
  const sink = { ...memorySink(), progress: (s: PhaseProgress) => states.push(s) };
  const budget = { callsPerHour: 3600, callsMade: 0 };
  const progress = new Progress(sink, budget);
  progress.phase("details", { total: 20, unit: "items", plannedCalls: 40 });
  assertEquals(states.at(-1), {
    phase: "details",
    done: 0,
    total: 20,
    unit: "items",
    callsMade: 0,
    callsLeft: 40,
    callsPerHour: 3600,
    etaMs: 40_000,
    bytes: 0,
  });
  budget.callsMade = 10;
  progress.advance(5, 10, 2048);
  const last = states.at(-1)!;
  assertEquals([last.done, last.callsMade, last.callsLeft, last.etaMs, last.bytes], [
    5,
    10,
    30,
    30_000,
    2048,
  ]);
});

Deno.test("without a rate limit the numbers carry no time and a rate of 0", () => {
  const states: PhaseProgress[] = [];
  const sink = { ...memorySink(), progress: (s: PhaseProgress) => states.push(s) };
  new Progress(sink, { callsPerHour: Infinity, callsMade: 0 })
    .phase("listing", { total: 2, unit: "pages", plannedCalls: 2 });
  assertEquals([states[0].callsPerHour, states[0].etaMs], [0, 0]);
});
