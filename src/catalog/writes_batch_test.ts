import { assert, assertEquals } from "../../tests/assert.ts";
import { chunks, MAX_VARIABLES } from "./writes_batch.ts";

Deno.test("chunks: every row once and in order, each part within the bound of bound values", () => {
  for (const columns of [1, 4, 7, 42, 3000]) {
    for (const length of [0, 1, 31, 32, 100, 513, 5000]) {
      const rows = Array.from({ length }, (_, i) => i);
      const parts = chunks(rows, columns);
      assertEquals(parts.flat(), rows, `${length} rows of ${columns} columns`);
      for (const part of parts) {
        assert(part.length >= 1);
        // A row wider than the bound still goes, alone.
        assert(part.length === 1 || part.length * columns <= MAX_VARIABLES);
      }
    }
  }
});

Deno.test("chunks: a run of writes of every length prepares a handful of statement sizes", () => {
  // Each distinct part length is a distinct SQL text, prepared once and kept (with its memory).
  for (const columns of [1, 4, 42]) {
    const lengths = new Set<number>();
    for (let length = 0; length <= 2000; length++) {
      for (const part of chunks(Array(length).fill(0), columns)) lengths.add(part.length);
    }
    for (const n of lengths) assertEquals(n & (n - 1), 0, `${n} rows is not a power of two`);
    assert(lengths.size <= 10, `${columns} columns: ${[...lengths].sort((a, b) => a - b)}`);
  }
  assertEquals(chunks(Array(100).fill(0), 42).map((p) => p.length), [32, 32, 32, 4]);
});
