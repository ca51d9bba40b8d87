/**
 * Where `flickrvault site` holds its memory: the site written in this process as `main.ts site`
 * writes it, with the process's resident set (and its peak), V8's heap and the memory V8 counts as
 * external sampled four times a second and at each line of progress, so that each step of the
 * build shows what it added. With `--snapshot`, a V8 heap snapshot is written at the end of each
 * step (open it in Chrome's DevTools, Memory tab). Not part of the benchmark: run it on a catalog
 * made by `make_catalog.ts`, with the V8 flags the program ships with.
 *
 * `deno run -A --v8-flags=$(deno eval 'import {V8_FLAGS} from "./scripts/v8_flags.ts"; console.log(V8_FLAGS)') scripts/bench/site_memory.ts ARCHIVE SITE [--snapshot DIR [--snapshot-at 'step photos']] [--steps photostream,photos]`
 * @module
 */
import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import v8 from "node:v8";
import { openExistingCatalog } from "../../src/cli/status.ts";
import { SITE_STEPS, writeSite } from "../../src/site/site.tsx";
import { SiteWriter } from "../../src/site/site_writer.ts";
import { SiteMedia } from "../../src/site/site_media.ts";
import { SearchShards } from "../../src/site/search_shards.ts";
import { isInside } from "../../src/site/site_media.ts";

/** One sample: MB, and seconds since the start. */
export interface MemorySample {
  t: number;
  rss: number;
  hwm: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const MB = 1e6;

/** The process's resident set and its peak so far (VmRSS, VmHWM), in bytes. */
function procRss(): { rss: number; hwm: number } {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, hwm: kb("VmHWM") * 1024 };
}

function sampleNow(t0: number): MemorySample {
  const m = Deno.memoryUsage();
  const p = procRss();
  const r = (x: number) => Math.round(x / MB);
  return {
    t: Math.round((performance.now() - t0) / 100) / 10,
    rss: r(p.rss),
    hwm: r(p.hwm),
    heapUsed: r(m.heapUsed),
    heapTotal: r(m.heapTotal),
    external: r(m.external),
  };
}

/** Each step's end, with the highest figures sampled while it ran. */
export interface StepMemory {
  line: string;
  end: MemorySample;
  maxHeapUsed: number;
  maxRss: number;
  maxExternal: number;
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    options: {
      snapshot: { type: "string" },
      "snapshot-at": { type: "string" },
      steps: { type: "string" },
    },
    allowPositionals: true,
  });
  const [archive, site] = positionals.map((p) => resolve(p));
  if (!archive || !site) {
    console.error("site_memory.ts needs ARCHIVE and SITE folders");
    Deno.exit(2);
  }
  const t0 = performance.now();
  const steps: StepMemory[] = [];
  let max = { heapUsed: 0, rss: 0, external: 0 };
  const take = () => {
    const s = sampleNow(t0);
    max = {
      heapUsed: Math.max(max.heapUsed, s.heapUsed),
      rss: Math.max(max.rss, s.rss),
      external: Math.max(max.external, s.external),
    };
    return s;
  };
  const timer = setInterval(take, 250);
  const stepEnd = (line: string) => {
    const end = take();
    steps.push({
      line,
      end,
      maxHeapUsed: max.heapUsed,
      maxRss: max.rss,
      maxExternal: max.external,
    });
    console.log(
      `${end.t.toFixed(1).padStart(6)} s  rss ${end.rss} (peak ${end.hwm}, step max ${max.rss}) ` +
        `heap ${end.heapUsed}/${end.heapTotal} (step max ${max.heapUsed}) external ${end.external}` +
        ` (step max ${max.external})  ${line}`,
    );
    max = { heapUsed: 0, rss: 0, external: 0 };
    if (values.snapshot && line.startsWith(values["snapshot-at"] ?? "")) {
      const name = `${String(steps.length).padStart(2, "0")}-${
        line.split(":")[0].replace(/\W+/g, "_")
      }`;
      v8.writeHeapSnapshot(join(values.snapshot, `${name}.heapsnapshot`));
    }
  };
  if (values.snapshot) await Deno.mkdir(values.snapshot, { recursive: true });
  // Every step, and the work after them, ends with a sample of its own (a step's progress line
  // comes before its last pages are flushed, and the search index and the manifest have none).
  const after = <T extends object>(o: T, name: keyof T & string, label: string) => {
    const f = o[name] as (...a: unknown[]) => Promise<unknown>;
    (o as Record<string, unknown>)[name] = async function (this: unknown, ...a: unknown[]) {
      const r = await f.apply(this, a);
      stepEnd(label);
      return r;
    };
  };
  // `--steps photos,tags`: only those steps write their pages (to look at one step quickly).
  const only = values.steps?.split(",");
  for (const step of SITE_STEPS) {
    if (only && !only.includes(step.name)) (step as { run: unknown }).run = () => Promise.resolve();
    after(step, "run", `step ${step.name} done`);
  }
  after(SearchShards.prototype, "finish", "search shards assembled");
  after(SiteMedia.prototype, "prune", "media pruned");
  after(SiteWriter.prototype, "finish", "manifest written");
  stepEnd("start");
  const catalog = await openExistingCatalog(archive, { readonly: true });
  stepEnd("catalog open");
  try {
    await writeSite({
      catalog,
      archiveDir: archive,
      siteDir: site,
      media: isInside(archive, site) ? "archive" : "copy",
      progress: { line: stepEnd, status() {} },
    });
  } finally {
    await catalog.close();
    clearInterval(timer);
  }
  stepEnd("done");
}
