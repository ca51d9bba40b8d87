import { assertEquals } from "../tests/assert.ts";
import {
  countOf,
  formatBytes,
  formatClockSeconds,
  formatCount,
  formatDurationMs,
} from "./units.ts";

Deno.test("formatDurationMs reads like a person would say it", () => {
  assertEquals(formatDurationMs(300), "under a second");
  assertEquals(formatDurationMs(45_000), "45 s");
  assertEquals(formatDurationMs(12 * 60_000), "12 min");
  assertEquals(formatDurationMs(70 * 60_000), "1 h 10 min");
  assertEquals(formatDurationMs(96 * 3_600_000), "4 days");
  assertEquals(formatDurationMs(Infinity), "unknown");
});

Deno.test("formatClockSeconds shows a video's length as a player does", () => {
  assertEquals(formatClockSeconds(65), "1:05");
  assertEquals(formatClockSeconds(3723), "1:02:03");
  assertEquals(formatClockSeconds(null), "");
});

Deno.test("formatBytes counts in thousands, as KB, MB and GB mean, everywhere", () => {
  assertEquals(formatBytes(812), "812 bytes");
  assertEquals(formatBytes(1536), "1.5 KB");
  assertEquals(formatBytes(50 * 1024 * 1024), "52 MB");
  assertEquals(formatBytes(3_400_000_000), "3.4 GB");
  assertEquals(formatBytes(0), "0 bytes");
});

Deno.test("counts carry thousands separators and a singular for one", () => {
  assertEquals(formatCount(4213), "4,213");
  assertEquals(countOf(1, "people"), "1 person");
  assertEquals(countOf(4213, "calls"), "4,213 calls");
});
