import { Hono } from "hono";
import { assert, assertEquals } from "../../tests/assert.ts";
import {
  allowedHostsFor,
  hostCheck,
  isLoopback,
  normalizeHost,
  passwordGuard,
  securityHeaders,
} from "./security.ts";

function app(password?: string) {
  const a = new Hono();
  a.use(securityHeaders());
  a.use(hostCheck(["127.0.0.1", "localhost"]));
  if (password) a.use(passwordGuard(password));
  a.get("/", (c) => c.text("ok"));
  return a;
}

Deno.test("host names compare without port, brackets or case", () => {
  assertEquals(normalizeHost("LocalHost:8080"), "localhost");
  assertEquals(normalizeHost("[::1]:8080"), "::1");
  assertEquals(normalizeHost("::1"), "::1");
  assertEquals(normalizeHost("example.com."), "example.com");
  assert(isLoopback("127.0.0.1") && isLoopback("[::1]") && isLoopback("localhost"));
  assert(!isLoopback("0.0.0.0") && !isLoopback("192.168.1.2"));
  assert(allowedHostsFor("127.0.0.1").includes("localhost"));
  assertEquals(allowedHostsFor("192.168.1.20"), ["192.168.1.20"]);
});

Deno.test("a foreign Host header is refused, with security headers set", async () => {
  const a = app();
  const ok = await a.request("http://127.0.0.1:8080/", { headers: { host: "127.0.0.1:8080" } });
  assertEquals(ok.status, 200);
  const csp = ok.headers.get("content-security-policy")!;
  assert(csp.includes("script-src 'self'") && !csp.includes("unsafe-inline"));
  assert(csp.includes("frame-ancestors 'none'"));
  assertEquals(ok.headers.get("x-content-type-options"), "nosniff");
  assertEquals(ok.headers.get("referrer-policy"), "no-referrer");
  const evil = await a.request("http://127.0.0.1:8080/", {
    headers: { host: "evil.example:8080" },
  });
  assertEquals(evil.status, 403);
  assertEquals(evil.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("the password guard asks for basic auth and accepts only the password", async () => {
  const a = app("s3cret");
  const none = await a.request("http://localhost/");
  assertEquals(none.status, 401);
  assert(none.headers.get("www-authenticate")!.startsWith("Basic"));
  const wrong = await a.request("http://localhost/", {
    headers: { authorization: `Basic ${btoa("me:nope")}` },
  });
  assertEquals(wrong.status, 401);
  const right = await a.request("http://localhost/", {
    headers: { authorization: `Basic ${btoa("anyone:s3cret")}` },
  });
  assertEquals(right.status, 200);
});
