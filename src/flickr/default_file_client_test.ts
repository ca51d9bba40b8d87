import { assert } from "../../tests/assert.ts";
import { defaultFileClient } from "./default_file_client.ts";
import { FetchFileClient } from "./fetch_file_client.ts";
import { Http1Client } from "./http1_client.ts";

Deno.test("defaultFileClient: the HTTP/1.1 client, or fetch where a proxy is configured", () => {
  const before = Deno.env.get("HTTPS_PROXY");
  try {
    Deno.env.delete("HTTPS_PROXY");
    const others = ["https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"];
    if (others.every((name) => !Deno.env.get(name))) {
      assert(defaultFileClient() instanceof Http1Client);
    }
    Deno.env.set("HTTPS_PROXY", "http://proxy.example:3128");
    assert(defaultFileClient() instanceof FetchFileClient);
  } finally {
    if (before === undefined) Deno.env.delete("HTTPS_PROXY");
    else Deno.env.set("HTTPS_PROXY", before);
  }
});
