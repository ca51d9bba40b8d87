/**
 * The folders show the architecture and data flows one way (`src/server/` → `views/`), and no
 * module imports itself round a loop. Read from the source's relative imports, so that a new
 * upward import or cycle fails here rather than in a reviewer's eye.
 */
import { dirname, join, normalize } from "node:path";
import { assertEquals } from "./assert.ts";
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
        const deps = [
          ...text.matchAll(/^\s*(?:import|export)\b[^;"']*?\bfrom\s*["'](\.[^"']+)["']/gm),
        ]
          .map((m) => normalize(join(dirname(path), m[1])));
        graph.set(normalize(path), deps);
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

Deno.test("views/ imports nothing from the routes, the pipeline, the client or the simulator", async () => {
  const graph = await importGraph(["views"]);
  const upward = [...graph].flatMap(([from, deps]) =>
    deps.filter((d) => /^src\/(server|archive|flickr|import|cli|simulator)\//.test(d))
      .map((d) => `${from} -> ${d}`)
  );
  assertEquals(upward, []);
});

Deno.test("the table of pages (src/pages/) reads the catalog and renders views, and knows neither serve nor the site", async () => {
  const graph = await importGraph(["src/pages"]);
  const outward = [...graph].flatMap(([from, deps]) =>
    deps.filter((d) => !/^(src\/(pages|catalog)|views)\//.test(d)).map((d) => `${from} -> ${d}`)
  );
  assertEquals(outward, []);
  // The graph is real: the table imports its entries.
  assertEquals(
    graph.get(normalize("src/pages/table.ts"))?.includes(normalize("src/pages/photo.tsx")),
    true,
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
