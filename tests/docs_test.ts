/**
 * The README and `docs/` stay true to each other and to the code: every relative link and
 * `#anchor` resolves (as GitHub renders headings), every source file and test they name exists,
 * every page of `docs/` is reachable from the README, the README's command table is the CLI's, and
 * `docs/catalog.md` names every table of a freshly made catalog.
 */
import { dirname, join, relative } from "node:path";
import { sql } from "kysely";
import { assertEquals } from "./assert.ts";
import { rootDir } from "./fixtures.ts";
import { commands } from "../main.ts";
import { openCatalog } from "../src/catalog/db.ts";

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/`([^`]*)`/g, "$1")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*]/g, "");
  return text.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, "").replace(/ /g, "-");
}

/** Markdown without its fenced code blocks and code spans, where a `[x](y)` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`]*`/g, "");
}

/** The anchors of a Markdown file's headings, numbered as GitHub numbers repeated ones. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const m of withoutFences.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = headingSlug(m[1]);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** The link targets of a Markdown file: inline links, images and reference definitions. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const defined = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s+<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  return [...inline, ...defined];
}

/**
 * What is wrong with the relative links of `files` (paths relative to `root`): each problem as
 * "file: target (why)". Links with a scheme (https:, mailto:) are not followed.
 */
export async function linkProblems(root: string, files: string[]): Promise<string[]> {
  const problems: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = async (path: string) => {
    let anchors = anchorCache.get(path);
    if (!anchors) anchorCache.set(path, anchors = anchorsOf(await Deno.readTextFile(path)));
    return anchors;
  };
  for (const file of files) {
    const from = join(root, file);
    for (const target of linkTargets(await Deno.readTextFile(from))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
      const to = pathPart === "" ? from : join(dirname(from), decodeURI(pathPart));
      const shown = relative(root, to);
      const stat = await Deno.stat(to).catch(() => undefined);
      if (!stat) {
        problems.push(`${file}: ${target} (no ${shown})`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!stat.isFile || !to.endsWith(".md")) {
        problems.push(`${file}: ${target} (an anchor into ${shown}, which is not Markdown)`);
      } else if (!(await anchorsIn(to)).has(decodeURIComponent(anchor))) {
        problems.push(`${file}: ${target} (no heading #${anchor} in ${shown})`);
      }
    }
  }
  return problems;
}

/** README.md and every Markdown file under docs/, relative to the project's root. */
async function documentationFiles(): Promise<string[]> {
  const files = ["README.md"];
  for await (const entry of Deno.readDir(join(rootDir, "docs"))) {
    if (entry.isFile && entry.name.endsWith(".md")) files.push(join("docs", entry.name));
  }
  return files.sort();
}

Deno.test("headings get GitHub's anchors", () => {
  assertEquals(
    headingSlug("6 December 2026: where the 100,000-item slowdown came from (issue 25, part 3)"),
    "6-december-2026-where-the-100000-item-slowdown-came-from-issue-25-part-3",
  );
  assertEquals(
    headingSlug("Copies with the metadata inside: `flickrvault export DIR`"),
    "copies-with-the-metadata-inside-flickrvault-export-dir",
  );
  assertEquals(
    headingSlug("What `export` keeps of the original, and what it changes"),
    "what-export-keeps-of-the-original-and-what-it-changes",
  );
  assertEquals(headingSlug("Which way in?"), "which-way-in");
  assertEquals([...anchorsOf("# A\n\n```sh\n# not a heading\n```\n## A\n")], ["a", "a-1"]);
});

Deno.test("a broken link, a missing anchor, an anchor into a folder and a missing file are each reported", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv-docs-links-" });
  try {
    await Deno.mkdir(join(dir, "docs"));
    await Deno.writeTextFile(join(dir, "docs", "page.md"), "# Page\n\n## Two words\n");
    await Deno.writeTextFile(
      join(dir, "README.md"),
      [
        "# Top",
        "[ok](docs/page.md#two-words) [ok](#top) [web](https://example.org/#x) `[code](nowhere.md)`",
        "[gone](docs/missing.md) [no anchor](docs/page.md#three-words) [self](#bottom)",
        "[folder](docs#x)",
        "",
        "```md",
        "[in a code block](nowhere.md)",
        "```",
      ].join("\n"),
    );
    await Deno.writeTextFile(
      join(dir, "docs", "named.md"),
      "`src/gone.ts` and `gone_test.ts`, not `foo_test.ts` nor `other/thing.ts`\n",
    );
    assertEquals(await missingNamedFiles(dir, ["docs/named.md"]), [
      "docs/named.md: src/gone.ts",
      "docs/named.md: gone_test.ts",
    ]);
    assertEquals(await linkProblems(dir, ["README.md", "docs/page.md"]), [
      "README.md: docs/missing.md (no docs/missing.md)",
      "README.md: docs/page.md#three-words (no heading #three-words in docs/page.md)",
      "README.md: #bottom (no heading #bottom in README.md)",
      "README.md: docs#x (an anchor into docs, which is not Markdown)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every relative link and #anchor in README.md and docs/ resolves", async () => {
  assertEquals(await linkProblems(rootDir, await documentationFiles()), []);
});

/** The project's files named in code spans (`src/...`, `tests/...`, a bare `*_test.ts`) that do not exist. */
export async function missingNamedFiles(root: string, files: string[]): Promise<string[]> {
  const testFiles = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(join(root, dir))) {
      if (entry.isDirectory && entry.name !== "fixtures") await walk(join(dir, entry.name));
      else if (/_test\.tsx?$/.test(entry.name)) testFiles.add(entry.name);
    }
  };
  for (const dir of ["src", "tests", "views", "scripts"]) {
    if (await Deno.stat(join(root, dir)).catch(() => undefined)) await walk(dir);
  }
  if (await Deno.stat(join(root, "main_test.ts")).catch(() => undefined)) {
    testFiles.add("main_test.ts");
  }
  const missing: string[] = [];
  for (const file of files) {
    const text = (await Deno.readTextFile(join(root, file)))
      .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
    for (const [, name] of text.matchAll(/`([\w./-]+\.(?:tsx?|js|json|md|yml))`/g)) {
      if (/^(src|scripts|tests|views|\.github)\//.test(name)) {
        if (!await Deno.stat(join(root, name)).catch(() => undefined)) {
          missing.push(`${file}: ${name}`);
        }
      } else if (!name.includes("/") && /_test\.tsx?$/.test(name) && name !== "foo_test.ts") {
        if (!testFiles.has(name)) missing.push(`${file}: ${name}`);
      }
    }
  }
  return missing;
}

Deno.test("every source file and test the README and docs/ name exists", async () => {
  assertEquals(await missingNamedFiles(rootDir, await documentationFiles()), []);
});

Deno.test("every page of docs/ is linked from the README", async () => {
  const readme = await Deno.readTextFile(join(rootDir, "README.md"));
  const linked = new Set(
    linkTargets(readme).map((t) => t.split("#")[0]).filter((t) => t.startsWith("docs/")),
  );
  const pages = (await documentationFiles()).filter((f) => f.startsWith("docs/"));
  assertEquals(pages.filter((p) => !linked.has(p)), []);
});

Deno.test("the README's command table lists exactly the CLI's commands", async () => {
  const readme = await Deno.readTextFile(join(rootDir, "README.md"));
  const table = /^\| command +\|[^\n]*\n\|[- |]+\n((?:\|[^\n]*\n)+)/m.exec(readme);
  const documented = [...(table?.[1] ?? "").matchAll(/^\| `([a-z]+)[^`]*` /gm)].map((m) => m[1]);
  assertEquals(documented.sort(), Object.keys(commands).sort());
});

Deno.test("docs/catalog.md names every table of a new catalog", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv-docs-catalog-" });
  const catalog = await openCatalog(dir);
  try {
    // FTS5 keeps its index in shadow tables named after the virtual table (`search_data`, ...).
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%'`
      .execute(catalog.db);
    const doc = await Deno.readTextFile(join(rootDir, "docs", "catalog.md"));
    const named = new Set([...doc.matchAll(/^- (`[a-z_]+`(?:, `[a-z_]+`)*):/gm)]
      .flatMap((m) => m[1].split(", ").map((n) => n.slice(1, -1))));
    assertEquals(tables.rows.map((r) => r.name).filter((n) => !named.has(n)), []);
    assertEquals([...named].filter((n) => !tables.rows.some((r) => r.name === n)), []);
  } finally {
    await catalog.close();
    await Deno.remove(dir, { recursive: true });
  }
});
