import { assert, assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { runMain, spawnMain } from "../../tests/cli_process.ts";

Deno.test("simulate: a share outside 0..1, not a number, or a fractional album count exits 2 with a hint", async () => {
  const cases: [string[], string][] = [
    [["--comment-share", "1.5"], "--comment-share takes a number from 0 to 1, not '1.5'"],
    [["--comment-share=-0.2"], "--comment-share takes a number from 0 to 1, not '-0.2'"],
    [["--fave-share", "many"], "--fave-share takes a number from 0 to 1, not 'many'"],
    [["--fave-share", ""], "--fave-share takes a number from 0 to 1, not ''"],
    [["--albums", "2.5"], "--albums takes a whole number, not '2.5'"],
    [["--account", "basic"], "--account takes pro or free, not 'basic'"],
  ];
  for (const [args, message] of cases) {
    const r = await runMain(["simulate", "--photos", "5", ...args], { NO_COLOR: "1" });
    assertEquals(r.code, 2, args.join(" "));
    assertEquals(r.stderr.trim().split("\n"), [
      `flickrvault simulate: ${message}`,
      "hint: see 'flickrvault simulate --help'",
    ]);
    assertEquals(r.stdout, "");
  }
});

Deno.test("simulate: --help documents the shape options", async () => {
  const r = await runMain(["simulate", "--help"], { NO_COLOR: "1" });
  assertEquals(r.code, 0);
  for (
    const option of ["--comment-share F", "--fave-share F", "--albums N", "--account pro|free"]
  ) {
    assertStringIncludes(r.stdout, option);
  }
});

Deno.test("simulate: --comment-share, --fave-share and --albums reach the account", async () => {
  const p = spawnMain([
    "simulate",
    "--port",
    "0",
    "--photos",
    "200",
    "--videos",
    "4",
    "--favorites",
    "20",
    "--comment-share",
    "0",
    "--fave-share",
    "1",
    "--albums",
    "7",
  ], { NO_COLOR: "1" });
  try {
    const line = await p.waitForLine(/^\{"origin"/);
    assert(line, `the simulator printed its origin:\n${p.lines.map((l) => l.text).join("\n")}`);
    const { origin } = JSON.parse(line.text);
    const truth = await (await fetch(`${origin}/__simulator/truth?sha256=0`)).json();
    assertEquals(truth.albums, 7);
    assertEquals(truth.comments, 0);
    assertEquals(truth.items.length, 224);
    assert(truth.items.every((i: { faves: number }) => i.faves > 0), "every item faved");
  } finally {
    p.child.kill("SIGTERM");
    await p.finished;
  }
});

Deno.test("simulate: --account free reaches the account (photos limited to 1,024 px), pro is the default", async () => {
  for (const account of ["free", undefined]) {
    const p = spawnMain([
      "simulate",
      "--port",
      "0",
      "--photos",
      "40",
      "--videos",
      "2",
      ...(account ? ["--account", account] : []),
    ], { NO_COLOR: "1" });
    try {
      const line = await p.waitForLine(/^\{"origin"/);
      assert(line, `the simulator printed its origin:\n${p.lines.map((l) => l.text).join("\n")}`);
      const { origin } = JSON.parse(line.text);
      const truth = await (await fetch(`${origin}/__simulator/truth?sha256=0`)).json();
      assertEquals(truth.account, account ?? "pro");
      if (account === "free") assert(truth.photos_limited_to_1024 > 10, "limited photos");
      else assertEquals(truth.photos_limited_to_1024, 0);
    } finally {
      p.child.kill("SIGTERM");
      await p.finished;
    }
  }
});
