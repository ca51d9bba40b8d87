import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { RateLimiter } from "./rate_limit.ts";

const HOUR = 3_600_000;

Deno.test("RateLimiter: calls within the hour's budget pass; past it, the wait until the oldest leaves the window", () => {
  const limit = new RateLimiter(3);
  const t0 = 1_000_000;
  assertEquals([limit.take(t0), limit.take(t0 + 1000), limit.take(t0 + 2000)], [0, 0, 0]);
  assertEquals(limit.take(t0 + 10_000), (HOUR - 10_000) / 1000);
  // A refused call is not counted: the wait only shrinks.
  assertEquals(limit.take(t0 + 20_000), (HOUR - 20_000) / 1000);
  // The window slides: one hour after the first call, one more call passes.
  assertEquals(limit.take(t0 + HOUR), 0);
  assertEquals(
    limit.take(t0 + HOUR + 1),
    (1000 - 1) / 1000,
    "the second call leaves at t0 + 1 s + 1 h",
  );
  // Round and round the ring: an hour of quiet empties it.
  for (let k = 2; k < 10; k++) {
    const t = t0 + k * HOUR * 2;
    assertEquals(
      [limit.take(t), limit.take(t), limit.take(t), limit.take(t) > 0],
      [0, 0, 0, true],
      `hour ${k}`,
    );
  }
});

Deno.test("RateLimiter: the budget must be a positive whole number", () => {
  for (const bad of [0, -1, 1.5, NaN]) {
    assertThrows(() => new RateLimiter(bad), "calls per hour must be a positive whole number");
  }
});
