import { assertEquals } from "../../tests/assert.ts";
import { flickrEndpoints, flickrOrigin } from "./endpoints.ts";

Deno.test("flickrEndpoints: Flickr's own hosts, or one origin for everything (the simulator)", () => {
  assertEquals(flickrEndpoints(), {
    rest: "https://api.flickr.com/services/rest/",
    requestToken: "https://www.flickr.com/services/oauth/request_token",
    authorize: "https://www.flickr.com/services/oauth/authorize",
    accessToken: "https://www.flickr.com/services/oauth/access_token",
  });
  const sim = flickrEndpoints("http://127.0.0.1:8123//");
  assertEquals(sim.rest, "http://127.0.0.1:8123/services/rest/", "trailing slashes do not double");
  assertEquals(sim.authorize, "http://127.0.0.1:8123/services/oauth/authorize");
});

Deno.test("flickrOrigin: the flag, else the environment, else Flickr; empty means Flickr", () => {
  const before = Deno.env.get("FLICKRVAULT_FLICKR_ORIGIN");
  try {
    Deno.env.set("FLICKRVAULT_FLICKR_ORIGIN", "http://from-env");
    assertEquals(flickrOrigin("http://from-flag"), "http://from-flag");
    assertEquals(flickrOrigin(undefined), "http://from-env");
    assertEquals(flickrOrigin(""), undefined);
    Deno.env.delete("FLICKRVAULT_FLICKR_ORIGIN");
    assertEquals(flickrOrigin(undefined), undefined);
  } finally {
    if (before === undefined) Deno.env.delete("FLICKRVAULT_FLICKR_ORIGIN");
    else Deno.env.set("FLICKRVAULT_FLICKR_ORIGIN", before);
  }
});
