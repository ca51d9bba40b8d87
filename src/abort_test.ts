import { assert, assertEquals } from "../tests/assert.ts";
import { linkedAbort } from "./abort.ts";

Deno.test("a linked abort follows its parent until disposed", () => {
  const parent = new AbortController();
  const a = linkedAbort(parent.signal);
  const b = linkedAbort(parent.signal);
  b.dispose();
  parent.abort("stop");
  assert(a.signal.aborted);
  assertEquals(a.signal.reason, "stop");
  assert(!b.signal.aborted, "a disposed child no longer follows");
  a.dispose();
});

Deno.test("a linked abort times out with a TimeoutError", async () => {
  const a = linkedAbort(undefined, 10);
  await new Promise((r) => setTimeout(r, 30));
  assert(a.signal.aborted);
  assertEquals((a.signal.reason as DOMException).name, "TimeoutError");
  a.dispose();
});

Deno.test("a child of an aborted parent starts aborted", () => {
  const parent = new AbortController();
  parent.abort("gone");
  const a = linkedAbort(parent.signal, 1000);
  assert(a.signal.aborted);
  a.dispose();
});
