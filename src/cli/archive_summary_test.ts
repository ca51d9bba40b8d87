import { assert, assertEquals } from "../../tests/assert.ts";
import { formatSummary } from "./archive.ts";
import type { ArchiveSummary } from "../archive/pipeline.ts";

const done: ArchiveSummary = {
  runId: 1,
  status: "done",
  own: 300,
  favorites: 31,
  added: 0,
  deleted: 0,
  files: 0,
  bytes: 0,
  apiCalls: 3,
  byMethod: {},
  retries: 0,
  downloadRetries: 0,
  sidecars: null,
  sidecarsKept: 0,
  durationMs: 2000,
  attention: [],
  freeAccount: false,
  waitingForExport: 0,
};

Deno.test("archive summary: 'up to date' only when nothing needs attention", () => {
  assertEquals(formatSummary(done, 0).split("\n")[0], "Archive is up to date.");
  const attention = ["photo 1: Flickr answered HTTP 500 (after 9 attempts)", "photo 2: …"];
  const lines = formatSummary({ ...done, attention }, 0).split("\n");
  assertEquals(lines[0], "Archive run finished, but 2 things need attention (listed below).");
  assertEquals(lines.slice(-3), ["Needs attention (2):", `  ${attention[0]}`, `  ${attention[1]}`]);
  assertEquals(
    formatSummary({ ...done, status: "interrupted" }, 0).split("\n")[0],
    "Interrupted: run 'flickrvault archive' again to continue where it stopped.",
  );
});

Deno.test("archive summary: a free account's copies waiting for the export are named first", () => {
  const lines = formatSummary({ ...done, freeAccount: true, waitingForExport: 25 }, 0).split("\n");
  assertEquals(
    lines[0],
    "Archive is up to date with what Flickr gives apps; 25 photos wait for the export (below).",
  );
  assert(lines.some((l) => l.startsWith("Free account: Flickr gives apps at most 1,024 px")));
});
