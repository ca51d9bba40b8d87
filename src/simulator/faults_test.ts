import { assert, assertEquals, assertRejects, assertThrows } from "../../tests/assert.ts";
import { FaultInjector, parseFaults } from "./faults.ts";
import { RateLimiter } from "./rate_limit.ts";
import { type RunningSimulator, startSimulator } from "./server.ts";

const publicCall = (sim: RunningSimulator, method = "flickr.photos.licenses.getInfo", extra = "") =>
  `${sim.origin}/services/rest/?method=${method}&format=json&nojsoncallback=1&api_key=${sim.apiKey}${extra}`;

Deno.test("faults: spec parsing", () => {
  assertEquals([...parseFaults("500:0.05,429:0.1,short-page:1")], [["500", 0.05], ["429", 0.1], [
    "short-page",
    1,
  ]]);
  assertThrows(() => parseFaults("boom:0.1"), "unknown fault 'boom:0.1'");
  assertThrows(() => parseFaults("500:2"), "between 0 and 1");
  assertThrows(() => parseFaults("500"), "between 0 and 1");
});

Deno.test("faults: decisions are reproducible for a seed", () => {
  const roll = (seed: number) => {
    const f = new FaultInjector("500:0.3,201:0.3", seed);
    return Array.from({ length: 50 }, () => f.pick(["500", "201"]) ?? "-").join(",");
  };
  assertEquals(roll(4), roll(4));
  assert(roll(4) !== roll(5));
  const counts = roll(4).split(",");
  assert(counts.includes("500") && counts.includes("201") && counts.includes("-"));
});

for (const status of [500, 502, 503] as const) {
  Deno.test(`faults: ${status} answers an HTML page, on API calls and files`, async () => {
    const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: `${status}:1` });
    try {
      const res = await fetch(publicCall(sim));
      assertEquals(res.status, status);
      assert((await res.text()).includes(`<h1>${status} `));
      const file = await fetch(`${sim.origin}/images/buddyicon.gif`);
      assertEquals(file.status, status);
      await file.body?.cancel();
      const truth = await fetch(`${sim.origin}/__simulator/truth?sha256=0`);
      assertEquals(truth.status, 200, "control endpoints are never faulted");
      await truth.body?.cancel();
    } finally {
      await sim.close();
    }
  });
}

Deno.test("faults: 429 with Retry-After", async () => {
  const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: "429:1" });
  try {
    const res = await fetch(publicCall(sim));
    assertEquals(res.status, 429);
    assert(Number(res.headers.get("retry-after")) >= 1);
    assertEquals(await res.text(), "<h1>429 Too Many Requests</h1>");
  } finally {
    await sim.close();
  }
});

for (const code of [105, 201]) {
  Deno.test(`faults: API error ${code}`, async () => {
    const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: `${code}:1` });
    try {
      const res = await fetch(publicCall(sim));
      assertEquals(res.status, 200);
      const body = await res.json();
      assertEquals([body.stat, body.code], ["fail", code]);
    } finally {
      await sim.close();
    }
  });
}

Deno.test("faults: malformed JSON", async () => {
  const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: "malformed:1" });
  try {
    const text = await (await fetch(publicCall(sim))).text();
    assert(text.startsWith('{"licenses"'));
    assertThrows(() => JSON.parse(text));
  } finally {
    await sim.close();
  }
});

Deno.test("faults: short pages only on non-final pages", async () => {
  const sim = await startSimulator({ photos: 30, videos: 0, seed: 1, faults: "short-page:1" });
  try {
    const page = async (p: number) =>
      (await (await fetch(
        publicCall(
          sim,
          "flickr.people.getPhotos",
          `&user_id=${sim.userNsid}&per_page=10&page=${p}`,
        ),
      ))
        .json()).photos;
    const first = await page(1);
    assert(first.pages > 1);
    assert(first.photo.length < 10, `short page: ${first.photo.length}`);
    const last = await page(first.pages);
    assertEquals(
      last.photo.length,
      Number(last.total) - (last.pages - 1) * 10,
      "the final page is complete",
    );
  } finally {
    await sim.close();
  }
});

Deno.test("faults: truncated downloads end before Content-Length", async () => {
  const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: "truncate:1" });
  try {
    const res = await fetch(`${sim.origin}/images/buddyicon.gif`);
    const length = Number(res.headers.get("content-length"));
    assert(length > 10);
    await assertRejects(() => res.arrayBuffer());
  } finally {
    await sim.close();
  }
});

Deno.test("faults: stalled downloads never finish; the client must time out", async () => {
  const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, faults: "stall:1" });
  try {
    const res = await fetch(`${sim.origin}/images/buddyicon.gif`, {
      signal: AbortSignal.timeout(300),
    });
    assertEquals(res.status, 200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert(!first.done && first.value.length > 0, "the body starts");
    await assertRejects(() => reader.read(), "");
  } finally {
    await sim.close();
  }
});

Deno.test("rate limit: a sliding hour window", () => {
  const limit = new RateLimiter(3);
  const t = 1_000_000;
  assertEquals([limit.take(t), limit.take(t + 1), limit.take(t + 2)], [0, 0, 0]);
  assertEquals(limit.take(t + 3), (3_600_000 - 3) / 1000);
  assertEquals(limit.take(t + 3_600_000), 0, "the oldest call left the window");
  assert(limit.take(t + 3_600_000) > 0);
});

Deno.test("rate limit: HTTP 429 past the budget", async () => {
  const sim = await startSimulator({ photos: 3, videos: 0, seed: 1, rateLimit: 2 });
  try {
    for (let k = 0; k < 2; k++) {
      assertEquals((await fetch(publicCall(sim)).then((r) => r.json())).stat, "ok");
    }
    const res = await fetch(publicCall(sim));
    assertEquals(res.status, 429);
    assert(Number(res.headers.get("retry-after")) > 3500);
    assertEquals(await res.text(), "<h1>429 Too Many Requests</h1>");
  } finally {
    await sim.close();
  }
});
