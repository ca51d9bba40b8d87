import { assertEquals, assertStringIncludes } from "../tests/assert.ts";
import { ensureTestTools, type SetupHost, systemHost, testTools } from "./test_tools.ts";

/**
 * A machine with the given programs; apt-get "installs" packages by adding their programs. A
 * library counts as a program named `python3:flickrapi`, found by its probe.
 */
function fakeHost(opts: { present: string[]; isRoot: boolean; aptWorks?: boolean }) {
  const present = new Set(opts.present);
  const runs: string[] = [];
  const said: string[] = [];
  const provides: Record<string, string> = {
    chromium: "/usr/bin/chromium",
    "libimage-exiftool-perl": "exiftool",
    exiv2: "exiv2",
    "python3-flickrapi": "python3:flickrapi",
  };
  const host: SetupHost = {
    has: (command) => Promise.resolve(present.has(command)),
    isRoot: opts.isRoot,
    run(program, args, env) {
      if (args[0] === "-c") return Promise.resolve(present.has("python3:flickrapi"));
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

Deno.test("a machine with Chromium, ExifTool, exiv2 and flickrapi is left alone", async () => {
  const { host, runs, said } = fakeHost({
    present: [
      "/usr/bin/chromium",
      "exiftool",
      "exiv2",
      "/usr/bin/python3",
      "python3:flickrapi",
      "apt-get",
    ],
    isRoot: true,
  });
  assertEquals(await ensureTestTools(host, tools), []);
  assertEquals(runs, []);
  assertEquals(said, []);
});

Deno.test("as root on Debian, the missing packages are installed with apt-get", async () => {
  const { host, runs, said } = fakeHost({ present: ["apt-get", "/usr/bin/python3"], isRoot: true });
  assertEquals(await ensureTestTools(host, tools), []);
  assertEquals(runs, [
    "noninteractive apt-get update -qq",
    "noninteractive apt-get install -y -qq chromium libimage-exiftool-perl exiv2 python3-flickrapi",
  ]);
  assertEquals(said, [
    "Installing chromium, libimage-exiftool-perl, exiv2 and python3-flickrapi from Debian for " +
    "the browser tests, the metadata tests and the client-library test…",
  ]);
});

Deno.test("without root, only what is missing is named, with the command that installs it", async () => {
  const { host, runs, said } = fakeHost({
    present: ["/usr/bin/chromium", "exiv2", "/usr/bin/python3", "python3:flickrapi", "apt-get"],
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
  assertEquals(missing.length, 4);
  assertStringIncludes(
    said.at(-1)!,
    "sudo apt-get install -y chromium libimage-exiftool-perl exiv2 python3-flickrapi",
  );
  assertStringIncludes(said.at(-1)!, "(or set CHROMIUM_PATH)");
});

Deno.test("a Python without flickrapi counts as missing: the library is what is probed", async () => {
  const { host, said } = fakeHost({
    present: ["/usr/bin/chromium", "exiftool", "exiv2", "/usr/bin/python3"],
    isRoot: false,
  });
  const missing = await ensureTestTools(host, tools);
  assertEquals(missing.map((t) => t.debianPackage), ["python3-flickrapi"]);
  assertStringIncludes(said[0], "the client-library test will fail");
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
