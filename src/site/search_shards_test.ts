import { join } from "node:path";
import { assert, assertEquals } from "../../tests/assert.ts";
import { concatBytes } from "../xmp/bytes.ts";
import { SearchShards } from "./search_shards.ts";

/** Runs the shards as the site does, with a manifest of keys kept in `keys`. */
async function run(
  root: string,
  keys: Map<string, string>,
  fill: (s: SearchShards) => void,
  missing: (ids: string[]) => string[] = () => [],
): Promise<{ written: string[]; kept: string[] }> {
  const s = SearchShards.open(root, 10);
  fill(s);
  const written: string[] = [];
  const kept: string[] = [];
  await s.finish(
    (path, key) => {
      const ok = keys.get(path) === key;
      if (ok) kept.push(path);
      return ok;
    },
    (path, chunks, key) => {
      Deno.mkdirSync(join(root, "search"), { recursive: true });
      Deno.writeFileSync(join(root, path), concatBytes([...chunks].map((c) => c.slice())));
      keys.set(path, key);
      written.push(path);
    },
    (ids) => {
      for (const i of missing(ids)) s.add({ i, t: `again ${i}` });
      return Promise.resolve();
    },
  );
  return { written, kept };
}

Deno.test("SearchShards: unchanged items are kept from the last shard, changed ones replaced", async () => {
  const root = await Deno.makeTempDir();
  try {
    const keys = new Map<string, string>();
    const first = await run(root, keys, (s) => {
      s.add({ i: "1", t: "one" });
      s.add({ i: "2", t: "two" });
    });
    assertEquals(first.written, ["search/shard-0.js"]);

    // Nothing changed: the shard is kept as it is.
    const same = await run(root, keys, (s) => {
      s.keep("2");
      s.keep("1");
    });
    assertEquals([same.written, same.kept], [[], ["search/shard-0.js"]]);

    // Item 2 edited, item 1 unchanged, item 3 new: 1's document comes from the last shard.
    const edited = await run(root, keys, (s) => {
      s.keep("1");
      s.add({ i: "2", t: "two, edited" });
      s.add({ i: "3", t: "three" });
    });
    assertEquals(edited.written, ["search/shard-0.js"]);
    const text = Deno.readTextFileSync(join(root, "search/shard-0.js"));
    assertEquals(
      text,
      'fvSearchAdd([\n{"i":"1","t":"one"},\n{"i":"2","t":"two, edited"},\n{"i":"3","t":"three"},\n]);\n',
    );

    // Item 3 gone: the shard is rebuilt without it, though no document was added.
    const removed = await run(root, keys, (s) => {
      s.keep("1");
      s.keep("2");
    });
    assertEquals(removed.written, ["search/shard-0.js"]);
    assert(!Deno.readTextFileSync(join(root, "search/shard-0.js")).includes('"3"'));

    // The shard file was lost: the kept items' documents are asked for again.
    Deno.removeSync(join(root, "search/shard-0.js"));
    keys.clear();
    const lost = await run(root, keys, (s) => {
      s.keep("1");
      s.keep("2");
    }, (ids) => ids);
    assertEquals(lost.written, ["search/shard-0.js"]);
    assertEquals(
      Deno.readTextFileSync(join(root, "search/shard-0.js")),
      'fvSearchAdd([\n{"i":"1","t":"again 1"},\n{"i":"2","t":"again 2"},\n]);\n',
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("SearchShards: a shard's bytes do not depend on the order documents came in, nor on which were kept", async () => {
  const a = await Deno.makeTempDir();
  const b = await Deno.makeTempDir();
  try {
    const docs = ["7", "3", "12", "1"].map((i) => ({ i, t: `title ${i}` }));
    // One run adds them all; the other keeps two from its last shard and adds the others (as a
    // run resumed after a kill keeps the pages the killed run wrote).
    await run(a, new Map(), (s) => docs.forEach((d) => s.add(d)));
    const keysB = new Map<string, string>();
    await run(b, keysB, (s) => docs.slice(0, 2).reverse().forEach((d) => s.add(d)));
    await run(b, keysB, (s) => {
      s.add(docs[3]);
      s.keep("3");
      s.add(docs[2]);
      s.keep("7");
    });
    const shard = (root: string) => Deno.readTextFileSync(join(root, "search/shard-0.js"));
    assertEquals(shard(b), shard(a));
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});
