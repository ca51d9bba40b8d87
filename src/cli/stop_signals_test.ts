import { assert, assertEquals } from "../../tests/assert.ts";
import { exitCodeFor, listenForStop } from "./stop_signals.ts";

Deno.test("stop signals: SIGTERM and SIGHUP abort the run as Ctrl-C does, each with its exit code", async () => {
  assertEquals([exitCodeFor("SIGINT"), exitCodeFor("SIGTERM"), exitCodeFor("SIGHUP")], [
    130,
    143,
    129,
  ]);
  if (Deno.build.os === "windows") return;
  // SIGINT is left out: `deno test` takes it for itself (it stops the test run).
  for (const signal of ["SIGTERM", "SIGHUP"] as const) {
    const printed: string[] = [];
    const stop = listenForStop({
      resume: "run it again",
      graceMs: 60_000,
      print: (l) => printed.push(l),
    });
    try {
      assertEquals(stop.exitCode, undefined);
      Deno.kill(Deno.pid, signal);
      for (let i = 0; i < 100 && !stop.signal.aborted; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assert(stop.signal.aborted, `${signal} aborts the run`);
      assertEquals(stop.stoppedBy, signal);
      assertEquals(stop.exitCode, exitCodeFor(signal));
      assertEquals(printed, [
        `Stopping (${signal}): finishing the writes in flight (again to stop at once)…`,
      ]);
    } finally {
      stop.dispose();
    }
  }
});
