import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { readCredentialsFile } from "./credentials.ts";
import { pastedVerifier, signIn } from "./sign_in.ts";

const SECRET_VALUES = ["apisecret", "reqsecret", "ACCESS-TOK", "ACCESS-SECRET"];

/** A fake Flickr with the OAuth endpoints, an authorise page that redirects, and test.login. */
async function withFakeFlickr(fn: (origin: string, calls: string[]) => Promise<void>) {
  const calls: string[] = [];
  let callback = "";
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen: () => {} },
    (req) => {
      const url = new URL(req.url);
      const q = url.searchParams;
      calls.push(url.pathname);
      switch (url.pathname) {
        case "/services/oauth/request_token":
          callback = q.get("oauth_callback")!;
          return new Response(
            "oauth_callback_confirmed=true&oauth_token=REQ&oauth_token_secret=reqsecret",
          );
        case "/services/oauth/authorize": {
          // The person clicks Allow: Flickr redirects to the callback, or shows the code for oob.
          if (callback === "oob") return new Response("Your code: 123-456-789");
          const to = new URL(callback);
          to.searchParams.set("oauth_token", q.get("oauth_token")!);
          to.searchParams.set("oauth_verifier", "123-456-789");
          return Response.redirect(to.href, 302);
        }
        case "/services/oauth/access_token":
          if (q.get("oauth_verifier") !== "123-456-789" || q.get("oauth_token") !== "REQ") {
            return new Response("oauth_problem=token_rejected", { status: 401 });
          }
          return new Response(
            "fullname=Ann%20Example&oauth_token=ACCESS-TOK&oauth_token_secret=ACCESS-SECRET" +
              "&user_nsid=42%40N01&username=ann",
          );
        case "/services/rest/":
          assertEquals(q.get("oauth_token"), "ACCESS-TOK");
          return Response.json({
            user: { id: "42@N01", username: { _content: "ann" } },
            stat: "ok",
          });
      }
      return new Response("not found", { status: 404 });
    },
  );
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`, calls);
  } finally {
    ac.abort();
    await server.finished;
  }
}

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("sign-in through the 127.0.0.1 callback stores the tokens with mode 0600", async () => {
  await withFakeFlickr((origin, calls) =>
    withDir(async (dir) => {
      const printed: string[] = [];
      let opened: Promise<string> | undefined;
      const result = await signIn({
        archiveDir: dir,
        apiKey: "apikey",
        apiSecret: "apisecret",
        origin,
        print: (l) => printed.push(l),
        // The "browser": follows the authorise page's redirect to the local callback.
        openBrowser: (url) => opened = fetch(url).then((r) => r.text()),
      });
      assertEquals(result.userNsid, "42@N01");
      assertEquals(result.username, "ann");
      assert((await opened)?.includes("You can close this tab"));
      assertEquals(calls, [
        "/services/oauth/request_token",
        "/services/oauth/authorize",
        "/services/oauth/access_token",
        "/services/rest/",
      ]);
      assertEquals((await Deno.stat(result.credentialsPath)).mode! & 0o777, 0o600);
      const saved = await readCredentialsFile(dir);
      assertEquals(saved, {
        apiKey: "apikey",
        apiSecret: "apisecret",
        oauthToken: "ACCESS-TOK",
        oauthTokenSecret: "ACCESS-SECRET",
        userNsid: "42@N01",
        username: "ann",
        fullname: "Ann Example",
      });
      const out = printed.join("\n");
      assert(out.includes(`${origin}/services/oauth/authorize?oauth_token=REQ&perms=read`));
      for (const s of SECRET_VALUES) assert(!out.includes(s), `printed ${s}`);
    })
  );
});

Deno.test("without a callback the pasted code completes the sign-in", async () => {
  await withFakeFlickr((origin) =>
    withDir(async (dir) => {
      const printed: string[] = [];
      const result = await signIn({
        archiveDir: dir,
        apiKey: "apikey",
        apiSecret: "apisecret",
        origin,
        callback: false,
        print: (l) => printed.push(l),
        readPasted: () => Promise.resolve(" 123-456-789\n"),
      });
      assertEquals(result.userNsid, "42@N01");
      assert(printed.some((l) => l.includes("paste the code")));
    })
  );
});

Deno.test("a wrong pasted code is Flickr's refusal, and nothing is stored", async () => {
  await withFakeFlickr((origin) =>
    withDir(async (dir) => {
      await assertRejects(
        () =>
          signIn({
            archiveDir: dir,
            apiKey: "apikey",
            apiSecret: "apisecret",
            origin,
            callback: false,
            print: () => {},
            readPasted: () => Promise.resolve("000-000-000"),
          }),
        "sign-in token was rejected",
      );
      assertEquals(await readCredentialsFile(dir), undefined);
    })
  );
});

Deno.test("no approval in time is a clear error", async () => {
  await withFakeFlickr((origin) =>
    withDir(async (dir) => {
      await assertRejects(
        () =>
          signIn({
            archiveDir: dir,
            apiKey: "apikey",
            apiSecret: "apisecret",
            origin,
            print: () => {},
            timeoutMs: 50,
          }),
        "No approval from Flickr",
      );
    })
  );
});

Deno.test("pastedVerifier takes the code or a callback URL", () => {
  assertEquals(pastedVerifier(" 123-456-789 "), "123-456-789");
  assertEquals(
    pastedVerifier("http://127.0.0.1:5/callback?oauth_token=T&oauth_verifier=ab%2Dc"),
    "ab-c",
  );
  assertEquals(pastedVerifier("  "), undefined);
});
