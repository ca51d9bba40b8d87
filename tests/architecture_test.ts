/**
 * The folders show the architecture and data flows one way (`src/flickr/` → `src/archive/` →
 * `src/catalog/` and the file tree → `src/server/` → `views/`), and no module imports itself round a
 * loop. Read from the source's relative imports (static and dynamic), so that a new upward import
 * or cycle fails here rather than in a reviewer's eye. `docs/architecture.md` explains the rules
 * this file enforces; {@link MAY_IMPORT} is their one statement. It also checks that every module
 * says where it is tested (a test beside it, or `Tested by …` in its doc comment).
 */
import { dirname, join, normalize } from "node:path";
import { assert, assertEquals } from "./assert.ts";
import { rootDir } from "./fixtures.ts";

/** Every .ts/.tsx module under `dirs` with the project-relative modules it imports. */
async function importGraph(dirs: string[]): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(join(rootDir, dir))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = await Deno.readTextFile(join(rootDir, path));
        const specifiers = [
          ...text.matchAll(/^\s*(?:import|export)\b[^;"']*?\bfrom\s*["'](\.[^"']+)["']/gm),
          ...text.matchAll(/^\s*import\s*["'](\.[^"']+)["']/gm),
          // `await import("../import/pipeline.ts")`: a command loads its pipeline lazily.
          // (`import("./x.ts").T` in a doc comment is a type reference, not an import.)
          ...text.matchAll(/\bawait\s+import\(\s*["'](\.[^"']+)["']\s*\)/g),
        ];
        graph.set(
          normalize(path),
          specifiers.map((m) => normalize(join(dirname(path), m[1]))),
        );
      }
    }
  };
  for (const dir of dirs) await walk(dir);
  return graph;
}

/** The import cycles (strongly connected components of more than one module, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/**
 * What each folder's modules may import besides their own folder. `src` is the shared basics at the
 * top of `src/` (units, defaults, progress, the usage error, aborts), which import only each other.
 * A folder missing here fails the test below: a new folder takes its place in this table and in
 * `docs/architecture.md`.
 */
const MAY_IMPORT: Record<string, string[]> = {
  "src": [],
  "src/files": ["src"],
  "src/xmp": ["src"],
  "src/flickr": ["src", "src/files"],
  "src/catalog": ["src", "src/files", "src/xmp"],
  "src/tree": ["src", "src/files", "src/xmp", "src/catalog"],
  "src/archive": ["src", "src/files", "src/xmp", "src/catalog", "src/tree", "src/flickr"],
  "src/import": ["src", "src/files", "src/xmp", "src/catalog", "src/tree"],
  "src/export": ["src", "src/files", "src/xmp", "src/catalog"],
  "views": ["src", "src/catalog"],
  // The table of pages: serve and the site loop over it, so it knows neither.
  "src/pages": ["src", "src/catalog", "views"],
  "src/server": ["src", "src/files", "src/xmp", "src/catalog", "src/pages", "views"],
  "src/site": ["src", "src/files", "src/xmp", "src/catalog", "src/pages", "views"],
  // The simulator answers as Flickr does and shares no code with the client beyond these.
  "src/simulator": ["src/flickr/oauth_signature.ts", "src/flickr/types.ts"],
  // The first run in the browser (`flickrvault` with no command): the viewer's server with the
  // pages that start the commands' pipelines, whose closing summaries it reuses from src/cli.
  "src/setup": [
    "src",
    "src/files",
    "src/xmp",
    "src/catalog",
    "src/tree",
    "src/flickr",
    "src/archive",
    "src/import",
    "src/export",
    "src/site",
    "src/server",
    "src/cli",
    "views",
  ],
  "src/cli": [
    "src",
    "src/files",
    "src/xmp",
    "src/flickr",
    "src/catalog",
    "src/tree",
    "src/archive",
    "src/import",
    "src/export",
    "src/pages",
    "src/server",
    "src/site",
    "src/setup",
    "src/simulator",
    "views",
  ],
};

/** The folder of `MAY_IMPORT` a module belongs to (`src` for the basics at the top of src/). */
function folderOf(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  if (parts[0] === "views") return "views";
  if (parts[0] !== "src") return undefined;
  return parts.length === 2 ? "src" : `src/${parts[1]}`;
}

/** The imports of product modules (tests aside) that `MAY_IMPORT` does not allow. */
function forbiddenImports(graph: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, deps] of graph) {
    if (/_test\.tsx?$/.test(from)) continue;
    const folder = folderOf(from.replaceAll("\\", "/"))!;
    const allowed = MAY_IMPORT[folder] ?? [];
    for (const dep of deps.map((d) => d.replaceAll("\\", "/"))) {
      // The version comes from deno.json; nothing else outside src/ and views/ is product code.
      if (dep === "deno.json") continue;
      const to = folderOf(dep);
      if (to === folder || allowed.includes(dep) || (to && allowed.includes(to))) continue;
      out.push(`${from} -> ${dep}`);
    }
  }
  return out.sort();
}

Deno.test("every folder of src/ has its rules in the table and in docs/architecture.md", async () => {
  const doc = await Deno.readTextFile(join(rootDir, "docs/architecture.md"));
  const folders = ["src", "views"];
  for await (const e of Deno.readDir(join(rootDir, "src"))) {
    if (e.isDirectory) folders.push(`src/${e.name}`);
  }
  assertEquals(folders.filter((f) => !(f in MAY_IMPORT)), [], "folders missing from MAY_IMPORT");
  for (const f of Object.keys(MAY_IMPORT)) {
    if (f !== "src") assert(doc.includes(`\`${f}/\``), `docs/architecture.md does not name ${f}/`);
  }
});

Deno.test("each folder imports only what docs/architecture.md allows (site, export and import nothing from src/archive/)", async () => {
  const graph = await importGraph(["src", "views"]);
  assertEquals(forbiddenImports(graph), []);
  // The graph holds the edges the rules are about, dynamic imports included.
  assert(graph.get(normalize("src/cli/import.ts"))?.includes(normalize("src/import/pipeline.ts")));
  assert(
    graph.get(normalize("src/simulator/oauth.ts"))?.includes(
      normalize("src/flickr/oauth_signature.ts"),
    ),
  );
  // And the check finds what the rules forbid.
  assertEquals(
    forbiddenImports(
      new Map([
        ["src/site/x.ts", ["src/archive/download.ts", "src/files/durable.ts"]],
        ["src/simulator/y.ts", ["src/flickr/client.ts", "src/flickr/types.ts"]],
        ["views/z.tsx", ["src/server/app.ts"]],
        ["src/pages/v.tsx", ["src/site/build.tsx", "views/layout.tsx"]],
        ["src/units.ts", ["src/catalog/db.ts"]],
        ["src/export/w_test.ts", ["src/archive/pipeline.ts"]],
      ]),
    ),
    [
      "src/pages/v.tsx -> src/site/build.tsx",
      "src/simulator/y.ts -> src/flickr/client.ts",
      "src/site/x.ts -> src/archive/download.ts",
      "src/units.ts -> src/catalog/db.ts",
      "views/z.tsx -> src/server/app.ts",
    ],
  );
});

Deno.test("no import cycles in src/ and views/", async () => {
  const graph = await importGraph(["src", "views"]);
  assertEquals(cycles(graph), []);
  // The graph is real (it holds the edges the check relies on) and the check finds a loop.
  const interactions = graph.get(normalize("src/simulator/account/interactions.ts")) ?? [];
  assertEquals(interactions.includes(normalize("src/simulator/account/ids.ts")), true);
  const looped = new Map([["a.ts", ["b.ts"]], ["b.ts", ["c.ts"]], ["c.ts", ["a.ts"]], [
    "d.ts",
    [],
  ]]);
  assertEquals(cycles(looped), [["a.ts", "b.ts", "c.ts"]]);
});

/** The product modules (tests aside) over `limit` lines that do not say why on their first line. */
async function longWithoutReason(dirs: string[], limit = 450): Promise<string[]> {
  const graph = await importGraph(dirs);
  const found: string[] = [];
  for (const path of [...graph.keys()].sort()) {
    if (/_test\.tsx?$/.test(path)) continue;
    const lines = (await Deno.readTextFile(join(rootDir, path))).split("\n");
    if (lines.length > limit && !lines[0].startsWith("// Long on purpose: ")) found.push(path);
  }
  return found;
}

Deno.test("a module over 450 lines says why on its first line (// Long on purpose: …)", async () => {
  assertEquals(await longWithoutReason(["src", "views"]), []);
  // The check reads real sizes: with a lower limit, modules that give no reason show up.
  assert((await longWithoutReason(["src", "views"], 200)).length > 0);
});

/**
 * Where a module says it is tested: `foo_test.ts(x)` beside it, or a sentence of its module doc
 * comment, `Tested by tests/export_test.ts and src/site/site_test.ts.` (test files that exist), or
 * `Types only.` for a module that declares types and nothing a test could run.
 */
async function untestedModules(
  graph: Map<string, string[]>,
  exists: (path: string) => Promise<boolean>,
  read: (path: string) => Promise<string>,
): Promise<string[]> {
  const out: string[] = [];
  for (const path of [...graph.keys()].map((p) => p.replaceAll("\\", "/")).sort()) {
    if (/_test\.tsx?$/.test(path)) continue;
    const stem = path.replace(/(\.d)?\.tsx?$/, "");
    if (await exists(`${stem}_test.ts`) || await exists(`${stem}_test.tsx`)) continue;
    const said = testedBy(await read(path));
    if (said === "types") continue;
    if (said.length === 0) {
      out.push(`${path}: no ${stem.split("/").pop()}_test.ts beside it and no "Tested by …."`);
      continue;
    }
    for (const test of said) {
      if (!await exists(test)) out.push(`${path}: names ${test}, which does not exist`);
    }
  }
  return out;
}

/**
 * The test files a module's doc comment names in its `Tested by … .` sentence, `"types"` for
 * `Types only.`, or none. The module doc comment is the block that says `@module`, else the first.
 */
function testedBy(source: string): string[] | "types" {
  const blocks = [...source.matchAll(/\/\*\*([\s\S]*?)\*\//g)].map((m) => m[1]);
  const doc = blocks.find((b) => b.includes("@module")) ?? blocks[0] ?? "";
  const text = doc.split("\n").map((l) => l.replace(/^\s*\*\s?/, "")).join(" ");
  if (/(^|\s)Types only\./.test(text)) return "types";
  const sentence = /(?:^|\s)Tested by (.+?)\.(?:\s|$)/.exec(text)?.[1] ?? "";
  return [...sentence.matchAll(/[\w./-]+_test\.tsx?/g)].map((m) => m[0]);
}

Deno.test("every module has a test beside it or names the tests that cover it (Tested by …)", async () => {
  const graph = await importGraph(["src", "views"]);
  const exists = async (path: string) => {
    try {
      return (await Deno.stat(join(rootDir, path))).isFile;
    } catch {
      return false;
    }
  };
  const read = (path: string) => Deno.readTextFile(join(rootDir, path));
  assertEquals(await untestedModules(graph, exists, read), []);
  // The check reads the doc comment: a module with neither, or naming a test that is not there,
  // shows up.
  const fake = new Map([
    [
      "src/a.ts",
      "/**\n * A.\n * Tested by tests/real_test.ts and\n * src/b_test.ts.\n * @module\n */",
    ],
    ["src/c.ts", "/** C. @module */\nexport const c = 1;"],
    ["src/d.ts", "/**\n * D.\n * Tested by tests/gone_test.ts.\n * @module\n */"],
    ["src/e.ts", "/** E. Types only. @module */"],
    ["src/f.ts", "/** F. @module */"],
  ]);
  assertEquals(
    await untestedModules(
      new Map([...fake.keys()].map((k) => [k, []])),
      (p) => Promise.resolve(["tests/real_test.ts", "src/b_test.ts", "src/f_test.tsx"].includes(p)),
      (p) => Promise.resolve(fake.get(p)!),
    ),
    [
      'src/c.ts: no c_test.ts beside it and no "Tested by …."',
      "src/d.ts: names tests/gone_test.ts, which does not exist",
    ],
  );
});
