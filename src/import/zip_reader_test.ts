import { Zip, ZipDeflate, ZipPassThrough, zipSync } from "fflate";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { openZip } from "./zip_reader.ts";

const enc = new TextEncoder();

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_zip_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

async function readAll(path: string): Promise<Map<string, Uint8Array>> {
  await using zip = await openZip(path);
  const out = new Map<string, Uint8Array>();
  for (const entry of zip.entries) out.set(entry.name, await zip.bytes(entry));
  return out;
}

Deno.test("openZip reads stored and deflated entries written by zipSync", async () => {
  await withDir(async (dir) => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const text = enc.encode("hello ".repeat(100_000));
    await Deno.writeFile(
      `${dir}/a.zip`,
      zipSync({
        "photo_1.json": [text, { level: 6 }],
        "media/x_1_o.jpg": [big, { level: 0 }],
        "empty.txt": [new Uint8Array(0), { level: 6 }],
      }),
    );
    const files = await readAll(`${dir}/a.zip`);
    assertEquals([...files.keys()].sort(), ["empty.txt", "media/x_1_o.jpg", "photo_1.json"]);
    assertEquals(files.get("photo_1.json"), text);
    assertEquals(files.get("media/x_1_o.jpg"), big);
    assertEquals(files.get("empty.txt")!.length, 0);
  });
});

Deno.test("openZip reads streamed zips whose sizes sit in data descriptors", async () => {
  await withDir(async (dir) => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, chunk) => {
      if (err) throw err;
      parts.push(chunk);
    });
    const a = new ZipDeflate("a.json", { level: 9 });
    zip.add(a);
    a.push(enc.encode('{"a":'), false);
    a.push(enc.encode("1}"), true);
    const b = new ZipPassThrough("b.bin");
    zip.add(b);
    const payload = randomBytes(100_000);
    b.push(payload.subarray(0, 50_000));
    b.push(payload.subarray(50_000), true);
    zip.end();
    await Deno.writeFile(`${dir}/s.zip`, concat(parts));
    const files = await readAll(`${dir}/s.zip`);
    assertEquals(new TextDecoder().decode(files.get("a.json")), '{"a":1}');
    assertEquals(files.get("b.bin"), payload);
  });
});

Deno.test("openZip streams an entry in chunks rather than all at once", async () => {
  await withDir(async (dir) => {
    const big = randomBytes(5 * 1024 * 1024);
    await Deno.writeFile(`${dir}/big.zip`, zipSync({ "big.bin": [big, { level: 0 }] }));
    await using zip = await openZip(`${dir}/big.zip`);
    let chunks = 0;
    let total = 0;
    for await (const chunk of zip.read(zip.entries[0])) {
      chunks++;
      total += chunk.length;
    }
    assertEquals(total, big.length);
    assert(chunks >= 5, `expected several chunks, got ${chunks}`);
  });
});

Deno.test("openZip refuses files that are not zips, cut short, or damaged", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/text.zip`, "this is not a zip file at all, just some text");
    await assertRejects(() => openZip(`${dir}/text.zip`), "text.zip is not a zip file");
    await Deno.writeFile(`${dir}/tiny.zip`, new Uint8Array([1, 2, 3]));
    await assertRejects(() => openZip(`${dir}/tiny.zip`), "is not a zip file");

    const good = zipSync({ "photo_1.json": enc.encode('{"id":"1"}'.repeat(1000)) });
    await Deno.writeFile(`${dir}/cut.zip`, good.subarray(0, good.length - 30));
    await assertRejects(() => openZip(`${dir}/cut.zip`), "cut.zip is truncated");

    // Flip bytes in the compressed data: inflate or the CRC check must notice.
    const bad = good.slice();
    for (let i = 60; i < 80; i++) bad[i] ^= 0x5a;
    await Deno.writeFile(`${dir}/bad.zip`, bad);
    await assertRejects(() => readAll(`${dir}/bad.zip`), "bad.zip is damaged");
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), at += p.length);
  return out;
}

Deno.test("a whole entry read at once is refused when its size or CRC-32 differs from the directory", async () => {
  await withDir(async (dir) => {
    const body = enc.encode('{"id":"1","name":"a record"}'.repeat(50));
    for (const level of [0, 6] as const) {
      const good = zipSync({ "photo_1.json": [body, { level }] });
      const gv = new DataView(good.buffer);
      let cd = good.length - 4;
      while (gv.getUint32(cd, true) !== 0x02014b50) cd--;
      // The directory says one byte fewer than the entry holds.
      const short = good.slice();
      const sv = new DataView(short.buffer);
      sv.setUint32(cd + 24, sv.getUint32(cd + 24, true) - 1, true);
      await Deno.writeFile(`${dir}/short${level}.zip`, short);
      await assertRejects(() => readAll(`${dir}/short${level}.zip`), "where the directory says");
      // Another CRC-32 than the data's.
      const crc = good.slice();
      new DataView(crc.buffer).setUint32(cd + 16, 12345, true);
      await Deno.writeFile(`${dir}/crc${level}.zip`, crc);
      await assertRejects(() => readAll(`${dir}/crc${level}.zip`), "fails its CRC-32 check");
    }
  });
});
