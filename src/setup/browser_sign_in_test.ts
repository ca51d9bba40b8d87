import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { readCredentialsFile } from "../flickr/credentials.ts";
import { startSimulator } from "../simulator/server.ts";
import { BrowserSignIn } from "./browser_sign_in.ts";

/** Clicks Allow on the simulator's authorise page; returns where Flickr sends the browser. */
async function allow(authorize: string): Promise<URL> {
  const token = new URL(authorize).searchParams.get("oauth_token")!;
  const res = await fetch(new URL("/services/oauth/authorize", authorize), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ oauth_token: token, perms: "read", allow: "1" }),
    redirect: "manual",
  });
  await res.body?.cancel();
  assertEquals(res.status, 302);
  return new URL(res.headers.get("location")!);
}

Deno.test("browser sign-in: key checked, Flickr's page, back to our callback, credentials 0600, free account told", async () => {
  const sim = await startSimulator({ photos: 2, videos: 0, seed: 5, account: "free" });
  const dir = await Deno.makeTempDir({ prefix: "fv_browser_sign_in_" });
  try {
    const signIn = new BrowserSignIn({ archiveDir: dir, origin: sim.origin });
    await assertRejects(
      () => signIn.begin("http://127.0.0.1:9/setup/callback"),
      "Check the API key",
    );
    const wrong = await signIn.checkKey(sim.apiKey, "0000000000000000");
    assertEquals([wrong.ok, signIn.keyChecked], [false, false]);
    assertEquals((await signIn.checkKey(sim.apiKey, sim.apiSecret)).ok, true);
    assert(signIn.keyChecked);

    const callback = "http://127.0.0.1:8080/setup/api-key/callback";
    const authorize = await signIn.begin(callback);
    assert(authorize.startsWith(`${sim.origin}/services/oauth/authorize?oauth_token=`), authorize);
    assert(signIn.pendingSince !== undefined);
    const back = await allow(authorize);
    assertEquals(back.origin + back.pathname, callback);
    const token = back.searchParams.get("oauth_token")!;
    const verifier = back.searchParams.get("oauth_verifier")!;
    await assertRejects(() => signIn.finish("another-token", verifier), "no sign-in is waiting");

    const done = await signIn.finish(token, verifier);
    assertEquals([done.userNsid, done.free], [sim.userNsid, true]);
    assertEquals(signIn.pendingSince, undefined);
    const stored = await readCredentialsFile(dir);
    assertEquals([stored?.apiKey, stored?.userNsid], [sim.apiKey, sim.userNsid]);
    assert(stored?.oauthToken && stored.oauthTokenSecret);
    assertEquals((await Deno.stat(`${dir}/credentials.json`)).mode! & 0o777, 0o600);
    // The same callback again (a reload) finishes nothing twice.
    await assertRejects(() => signIn.finish(token, verifier), "no sign-in is waiting");
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
