/**
 * The most used Flickr client library, Python's flickrapi (Debian's python3-flickrapi, installed
 * by `deno task test` like ExifTool), pointed at the simulator over loopback: a stored token
 * checks out as valid (its `token_valid()` calls `flickr.auth.oauth.checkToken`), a wrong one does
 * not, the methods clients call to check a key or a token answer in JSON and XML, and the
 * library's own sign-in (request token, authorise, access token) works with the simulator's
 * OAuth signature checks.
 */
import { assertEquals } from "./assert.ts";
import { rootDir } from "./fixtures.ts";
import { startSimulator } from "../src/simulator/server.ts";
import { FLICKRAPI_PYTHON, requireFlickrapi } from "./python_flickrapi.ts";

Deno.test({
  name: "python3-flickrapi: token_valid() is true for the simulator's token, false for a wrong one",
  sanitizeResources: false,
  async fn() {
    await requireFlickrapi();
    const sim = await startSimulator({ photos: 3, videos: 0, seed: 5, autoApprove: true });
    try {
      const out = await new Deno.Command(FLICKRAPI_PYTHON, {
        args: [`${rootDir}/tests/flickrapi_client.py`],
        env: {
          SIM_ORIGIN: sim.origin,
          SIM_API_KEY: sim.apiKey,
          SIM_API_SECRET: sim.apiSecret,
          SIM_OAUTH_TOKEN: sim.oauthToken,
          SIM_OAUTH_TOKEN_SECRET: sim.oauthTokenSecret,
          // No proxy between the library and the simulator on 127.0.0.1.
          NO_PROXY: "127.0.0.1,localhost",
        },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, stderr);
      const r = JSON.parse(new TextDecoder().decode(out.stdout));

      assertEquals(r.token_valid, true);
      assertEquals(r.unknown_token_valid, false);
      assertEquals(r.wrong_secret_valid, false);
      // The pre-issued token grants read, as flickrvault's `auth` asks; the library wants the level
      // it stored to match.
      assertEquals(r.as_write_valid, false);

      assertEquals(r.check_token_xml, { token: sim.oauthToken, perms: "read", nsid: sim.userNsid });
      assertEquals(r.check_token_json.stat, "ok");
      assertEquals(r.check_token_json.oauth.token, { _content: sim.oauthToken });
      assertEquals(r.check_token_json.oauth.perms, { _content: "read" });
      assertEquals(r.check_token_json.oauth.user.nsid, sim.userNsid);
      assertEquals(r.login.user.id, sim.userNsid);
      assertEquals(r.null, { stat: "ok" });
      assertEquals(r.echo.method, { _content: "flickr.test.echo" });
      assertEquals(r.echo.foo, { _content: "bar" });
      assertEquals(r.echo_xml, "bar");
      // The library signs in an Authorization header (the key too): not arguments, not echoed.
      assertEquals(r.echo_keys, ["foo", "format", "method", "nojsoncallback", "stat"]);

      assertEquals(r.signed_in, { nsid: sim.userNsid, level: "write", valid: true });
    } finally {
      await sim.close();
    }
  },
});
