import { assertEquals } from "../../tests/assert.ts";
import { startSimulator } from "../simulator/server.ts";
import { checkApiKey } from "./key_check.ts";

Deno.test("key check: one call tells a right pair, a wrong key and a wrong secret apart", async () => {
  const sim = await startSimulator({ photos: 1, videos: 0, seed: 3 });
  try {
    const check = (apiKey: string, apiSecret: string) =>
      checkApiKey({ apiKey, apiSecret, origin: sim.origin });
    assertEquals(await check(sim.apiKey, sim.apiSecret), { ok: true });
    assertEquals(
      await check(` ${sim.apiKey}\n`, sim.apiSecret),
      { ok: true },
      "pasted with spaces",
    );
    const wrongKey = await check("0".repeat(32), sim.apiSecret);
    assertEquals([wrongKey.ok, !wrongKey.ok && wrongKey.field], [false, "key"]);
    const wrongSecret = await check(sim.apiKey, "0123456789abcdef");
    assertEquals([wrongSecret.ok, !wrongSecret.ok && wrongSecret.field], [false, "secret"]);
    const empty = await check(sim.apiKey, "");
    assertEquals(!empty.ok && [empty.field, empty.message], ["secret", "Enter the secret"]);
  } finally {
    await sim.close();
  }
});

Deno.test("key check: without a network it says so, and neither field is blamed", async () => {
  // A port nothing listens on.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const check = await checkApiKey({
    apiKey: "a".repeat(32),
    apiSecret: "b".repeat(16),
    origin: `http://127.0.0.1:${port}`,
  });
  assertEquals(!check.ok && check.field, "network");
  assertEquals(!check.ok && /Cannot reach Flickr .*connection refused/.test(check.message), true);
});
