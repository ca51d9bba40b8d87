import { assert, assertEquals } from "../../tests/assert.ts";
import { CallBudget } from "./budget.ts";

Deno.test("the budget lets a small burst through, then spends at the steady rate", async () => {
  // 36,000 calls an hour = one every 100 ms; burst of 2.
  const budget = new CallBudget(36_000, { burst: 2 });
  const started = performance.now();
  const times: number[] = [];
  await Promise.all(
    Array.from(
      { length: 5 },
      () => budget.acquire().then(() => times.push(performance.now() - started)),
    ),
  );
  times.sort((a, b) => a - b);
  assert(times[1] < 50, `burst went out at once: ${times}`);
  // Three more calls after the burst need ~300 ms at 100 ms each.
  assert(times[4] >= 280 && times[4] < 1000, `steady rate: ${times}`);
  assertEquals(budget.used, 5);
});

Deno.test("0 and Infinity mean unlimited", async () => {
  for (const rate of [0, Infinity]) {
    const budget = new CallBudget(rate);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await budget.acquire();
    assert(performance.now() - started < 500);
    assertEquals([budget.used, budget.unlimited, budget.estimateMs(100)], [1000, true, 0]);
  }
});

Deno.test("estimateMs is the time n calls take at this rate", () => {
  assertEquals(new CallBudget(3600).estimateMs(1200), 1_200_000);
  assertEquals(new CallBudget(7200).estimateMs(10), 5_000);
});

Deno.test("a negative rate is refused", () => {
  let threw = false;
  try {
    new CallBudget(-1);
  } catch {
    threw = true;
  }
  assert(threw);
});
