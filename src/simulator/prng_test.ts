import { assert, assertEquals } from "../../tests/assert.ts";
import { hash32, Rng } from "./prng.ts";

Deno.test("hash32: the same inputs give the same value; any input changes it", () => {
  assertEquals(hash32(1, 7, 42), hash32(1, 7, 42));
  const values = new Set([
    hash32(1, 7, 42),
    hash32(2, 7, 42),
    hash32(1, 8, 42),
    hash32(1, 7, 43),
    hash32(1, 7, 42, 1),
  ]);
  assertEquals(values.size, 5);
  for (const v of values) assert(Number.isInteger(v) && v >= 0 && v < 2 ** 32, String(v));
  // Spread: 10,000 consecutive indices fill the 16 top-bit buckets evenly (within 20 %).
  const buckets = new Array(16).fill(0);
  for (let i = 0; i < 10_000; i++) buckets[hash32(7, 1, i) >>> 28]++;
  assert(buckets.every((n) => n > 500 && n < 750), buckets.join(","));
});

Deno.test("Rng: a seed gives the same sequence on every run, within the bounds asked for", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const seqA = Array.from({ length: 50 }, () => a.next());
  assertEquals(Array.from({ length: 50 }, () => b.next()), seqA);
  assert(seqA.every((x) => x >= 0 && x < 1));
  assert(new Set(seqA).size === 50);
  const r = new Rng(1);
  const ints = Array.from({ length: 2000 }, () => r.int(3, 5));
  assertEquals([...new Set(ints)].sort(), [3, 4, 5], "both ends included, nothing outside");
  assertEquals(new Rng(9).int(4, 4), 4);
  const hex = new Rng(3).hex(21);
  assert(/^[0-9a-f]{21}$/.test(hex), hex);
  assertEquals(new Rng(3).hex(21), hex);
  assertEquals(new Rng(5).pick(["only"]), "only");
  const chances = Array.from({ length: 4000 }, () => r.chance(0.25)).filter(Boolean).length;
  assert(chances > 850 && chances < 1150, String(chances));
  assertEquals(new Rng(2).chance(0), false);
  // A negative or fractional seed is taken as its 32-bit unsigned value, never NaN.
  assert(Number.isFinite(new Rng(-1).next()));
});
