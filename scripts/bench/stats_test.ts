import { assertEquals } from "../../tests/assert.ts";
import { median, medianOf, percentile, round } from "./stats.ts";

Deno.test("percentile uses the nearest rank", () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
  assertEquals(percentile(values, 50), 50);
  assertEquals(percentile(values, 95), 95);
  assertEquals(percentile(values, 99), 99);
  assertEquals(percentile(values, 100), 100);
  assertEquals(percentile([7], 95), 7);
  assertEquals(Number.isNaN(percentile([], 50)), true);
});

Deno.test("median of odd and even counts", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
  assertEquals(Number.isNaN(median([])), true);
});

Deno.test("medianOf takes medians of numbers and keeps the rest of the first run", () => {
  assertEquals(
    medianOf([{ s: 3, n: 10, name: "a" }, { s: 1, n: 30, name: "b" }, { s: 2, n: 20, name: "c" }]),
    { s: 2, n: 20, name: "a" },
  );
});

Deno.test("round keeps the asked decimals", () => {
  assertEquals(round(1.23456, 2), 1.23);
  assertEquals(round(1234.5), 1235);
});
