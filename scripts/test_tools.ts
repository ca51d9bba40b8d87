/**
 * The programs some tests need besides Deno: Debian's Chromium (the browser tests), ExifTool and
 * exiv2 (tests that read metadata back with independent readers) and Python's flickrapi (the test
 * that points a Flickr client library at the simulator). `deno task test` looks for them
 * first; on a fresh Debian machine where it runs as root it installs the missing ones with
 * apt-get, as CI does, and elsewhere it says exactly what is missing and how to install it.
 * @module
 */
/** A program a test needs, and the Debian package that provides it. */
export interface TestTool {
  /** What a person calls it. */
  name: string;
  /** An absolute path, or a command name looked up on PATH. */
  command: string;
  /** Arguments that make `command` fail unless the tool is there (for a library, not a program). */
  probe?: readonly string[];
  /** The Debian package. */
  debianPackage: string;
  /** Which tests need it. */
  neededBy: string;
}

/**
 * Chromium at `$CHROMIUM_PATH` (as tests/chromium.ts reads it), ExifTool and exiv2 on PATH, and flickrapi in
 * Debian's Python (`$FLICKRAPI_PYTHON`, as tests/python_flickrapi.ts reads it).
 */
export function testTools(env: (name: string) => string | undefined = Deno.env.get): TestTool[] {
  return [
    {
      name: "Chromium",
      command: env("CHROMIUM_PATH") ?? "/usr/bin/chromium",
      debianPackage: "chromium",
      neededBy: "the browser tests",
    },
    {
      name: "ExifTool",
      command: "exiftool",
      debianPackage: "libimage-exiftool-perl",
      neededBy: "the metadata tests",
    },
    {
      // The library under digiKam, gThumb and Shotwell: what they derive from the XMP.
      name: "exiv2",
      command: "exiv2",
      debianPackage: "exiv2",
      neededBy: "the metadata tests",
    },
    {
      name: "Python's flickrapi",
      command: env("FLICKRAPI_PYTHON") ?? "/usr/bin/python3",
      probe: ["-c", "import flickrapi"],
      debianPackage: "python3-flickrapi",
      neededBy: "the client-library test",
    },
  ];
}

/** What the set-up may do on this machine; tests pass their own. */
export interface SetupHost {
  /** Whether `command` (a path, or a name on PATH) can be run. */
  has(command: string): Promise<boolean>;
  /** Whether the process is root (apt-get then needs no sudo). */
  isRoot: boolean;
  /** Runs a program to the end, its output hidden; resolves with its success. */
  run(program: string, args: string[], env?: Record<string, string>): Promise<boolean>;
  /** Prints one line for the person running the tests. */
  say(line: string): void;
}

/**
 * Finds the missing tools and installs them with apt-get when that is possible (root, apt-get
 * present); otherwise, or when installing fails, prints what is missing and how to install it.
 * Resolves with the tools still missing (their tests will fail with the same hint).
 */
export async function ensureTestTools(host: SetupHost, tools: TestTool[]): Promise<TestTool[]> {
  const missing = async (list: TestTool[]) => {
    const out: TestTool[] = [];
    for (const tool of list) {
      const there = await host.has(tool.command) &&
        (!tool.probe || await host.run(tool.command, [...tool.probe]));
      if (!there) out.push(tool);
    }
    return out;
  };
  let absent = await missing(tools);
  if (absent.length === 0) return [];
  const packages = absent.map((t) => t.debianPackage);
  if (host.isRoot && await host.has("apt-get")) {
    host.say(`Installing ${listed(packages)} from Debian for ${neededBy(absent)}…`);
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    const ok = await host.run("apt-get", ["update", "-qq"], env) &&
      await host.run("apt-get", ["install", "-y", "-qq", ...packages], env);
    absent = await missing(absent);
    if (ok && absent.length === 0) return [];
  }
  host.say(
    `warning: ${listed(absent.map((t) => `${t.name} (${t.command})`))} missing: ` +
      `${neededBy(absent)} will fail. Install with: ` +
      `sudo apt-get install -y ${absent.map((t) => t.debianPackage).join(" ")}` +
      (absent.some((t) => t.name === "Chromium") ? " (or set CHROMIUM_PATH)" : ""),
  );
  return absent;
}

function neededBy(tools: TestTool[]): string {
  return listed([...new Set(tools.map((t) => t.neededBy))]);
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** The real machine: PATH lookups, Deno.uid(), subprocesses, stdout. */
export function systemHost(): SetupHost {
  return {
    async has(command) {
      const candidates = command.includes("/")
        ? [command]
        : (Deno.env.get("PATH") ?? "").split(":").filter(Boolean).map((d) => `${d}/${command}`);
      for (const path of candidates) {
        try {
          const info = await Deno.stat(path);
          if (info.isFile && ((info.mode ?? 0o111) & 0o111)) return true;
        } catch { /* not there */ }
      }
      return false;
    },
    isRoot: Deno.uid?.() === 0,
    async run(program, args, env) {
      try {
        const out = await new Deno.Command(program, { args, env, stdout: "null", stderr: "null" })
          .output();
        return out.success;
      } catch {
        return false;
      }
    },
    say: (line) => console.log(line),
  };
}
