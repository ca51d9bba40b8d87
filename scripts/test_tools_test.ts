import { assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { ensureTestTools, type SetupHost, systemHost, testTools } from "./test_tools.ts";

/** A machine with the given programs; apt-get "installs" packages by adding their programs. */
function fakeHost(opts: { present: string[]; isRoot: boolean; aptWorks?: boolean }) {
  const present = new Set(opts.present);
  const runs: string[] = [];
  const said: string[] = [];
  const provides: Record<string, string> = {
    chromium: "/usr/bin/chromium",
    "libimage-exiftool-perl": "exiftool",
    exiv2: "exiv2",
  };
  const host: SetupHost = {
    has: (command) => Promise.resolve(present.has(command)),
    isRoot: opts.isRoot,
    run(program, args, env) {
      runs.push(`${env?.DEBIAN_FRONTEND ?? ""} ${program} ${args.join(" ")}`.trim());
      if (opts.aptWorks === false) return Promise.resolve(false);
      if (args[0] === "install") { for (const p of args.slice(3)) present.add(provides[p]); }
      return Promise.resolve(true);
    },
    say: (line) => said.push(line),
  };
  return { host, runs, said };
}

const tools = testTools(() => undefined);

Deno.test("a machine with Chromium, ExifTool and exiv2 is left alone", async () => {
  const { host, runs, said } = fakeHost({
    present: ["/usr/bin/chromium", "exiftool", "exiv2", "apt-get"],
    isRoot: true,
  });
  assertEquals(await ensureTestTools(host, tools), []);
  assertEquals(runs, []);
  assertEquals(said, []);
});

Deno.test("as root on Debian, the missing packages are installed with apt-get", async () => {
  const { host, runs, said } = fakeHost({ present: ["apt-get"], isRoot: true });
  assertEquals(await ensureTestTools(host, tools), []);
  assertEquals(runs, [
    "noninteractive apt-get update -qq",
    "noninteractive apt-get install -y -qq chromium libimage-exiftool-perl exiv2",
  ]);
  assertEquals(said, [
    "Installing chromium and libimage-exiftool-perl and exiv2 from Debian for the browser tests " +
    "and the metadata tests…",
  ]);
});

Deno.test("without root, only what is missing is named, with the command that installs it", async () => {
  const { host, runs, said } = fakeHost({
    present: ["/usr/bin/chromium", "exiv2", "apt-get"],
    isRoot: false,
  });
  const missing = await ensureTestTools(host, tools);
  assertEquals(missing.map((t) => t.name), ["ExifTool"]);
  assertEquals(runs, []);
  assertEquals(said, [
    "warning: ExifTool (exiftool) missing: the metadata tests will fail. Install with: " +
    "sudo apt-get install -y libimage-exiftool-perl",
  ]);
});

Deno.test("a failed apt-get ends in the same hint", async () => {
  const { host, said } = fakeHost({ present: ["apt-get"], isRoot: true, aptWorks: false });
  const missing = await ensureTestTools(host, tools);
  assertEquals(missing.length, 3);
  assertStringIncludes(
    said.at(-1)!,
    "sudo apt-get install -y chromium libimage-exiftool-perl exiv2",
  );
  assertStringIncludes(said.at(-1)!, "(or set CHROMIUM_PATH)");
});

Deno.test("CHROMIUM_PATH is where Chromium is looked for, as the browser tests look", () => {
  const [chromium] = testTools((n) => n === "CHROMIUM_PATH" ? "/opt/chrome/chrome" : undefined);
  assertEquals(chromium.command, "/opt/chrome/chrome");
});

Deno.test("the real host finds programs on PATH and by path", async () => {
  const host = systemHost();
  assertEquals(await host.has("sh"), true);
  assertEquals(await host.has(Deno.execPath()), true);
  assertEquals(await host.has("no-such-program-flickrvault"), false);
});
