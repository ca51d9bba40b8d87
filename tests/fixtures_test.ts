/**
 * The fixtures are the sources' bytes: each camera file matches the size and SHA-256 its MANIFEST
 * records, and every API sample the tests read has its source in the MANIFEST.
 */
import { assert, assertEquals } from "./assert.ts";
import { fixturePath } from "./fixtures.ts";

Deno.test("fixtures: every camera file has the size and SHA-256 its MANIFEST records", async () => {
  const [header, ...rows] = Deno.readTextFileSync(fixturePath("media", "MANIFEST.tsv")).trim()
    .split("\n").map((line) => line.split("\t"));
  const col = (name: string) => header.indexOf(name);
  assert(rows.length >= 40, `expected the camera files, found ${rows.length}`);
  for (const row of rows) {
    const bytes = await Deno.readFile(fixturePath("media", row[col("file")]));
    assertEquals(bytes.length, Number(row[col("bytes")]), row[col("file")]);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    assertEquals(hex, row[col("sha256")], row[col("file")]);
  }
});

Deno.test("fixtures: every Flickr API sample names its source repository and commit", () => {
  const sources = new Map(
    Deno.readTextFileSync(fixturePath("flickr-api", "MANIFEST.tsv")).trim().split("\n")
      .map((line) => line.split("\t")).map(([file, repo, , commit]) => [file, { repo, commit }]),
  );
  const samples = [...Deno.readDirSync(fixturePath("flickr-api"))].map((e) => e.name)
    .filter((name) => name !== "MANIFEST.tsv" && name !== "README.md");
  assert(samples.length > 300, `expected the API samples, found ${samples.length}`);
  for (const name of samples) {
    const source = sources.get(name);
    assert(source, `${name} is not in flickr-api/MANIFEST.tsv`);
    assert(/^[\w.-]+\/[\w.-]+$/.test(source.repo), `${name}: source ${source.repo}`);
    assert(/^[0-9a-f]{40}$/.test(source.commit), `${name}: commit ${source.commit}`);
  }
});
