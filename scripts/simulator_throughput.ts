/**
 * Measures that the simulator is not the bottleneck: API calls per second (signed, as a client
 * sends them) and file bytes per second over loopback. The simulator runs in its own process
 * (`main.ts simulate`), as it does beside an archive run; this script is the client. Prints one
 * line per measurement and a JSON summary.
 *
 * `deno run -A scripts/simulator_throughput.ts [--photos N] [--seconds S] [--concurrency C]`
 * @module
 */
import { parseArgs } from "node:util";
import { oauthSignature, rfc3986 } from "../src/flickr/oauth_signature.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    photos: { type: "string", default: "100000" },
    videos: { type: "string", default: "1000" },
    seconds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "16" },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const t0 = performance.now();
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    new URL("../main.ts", import.meta.url).pathname,
    "simulate",
    "--port",
    "0",
    "--photos",
    values.photos!,
    "--videos",
    values.videos!,
    "--seed",
    "1",
  ],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let text = "";
while (!text.includes("\n")) {
  const chunk = await reader.read();
  if (chunk.done) {
    throw new Error("Cannot measure: the simulator exited before printing its JSON line");
  }
  text += chunk.value;
}
reader.releaseLock();
const line = JSON.parse(text.slice(0, text.indexOf("\n")));
const sim = {
  origin: line.origin as string,
  apiKey: line.api_key as string,
  apiSecret: line.api_secret as string,
  oauthToken: line.oauth_token as string,
  oauthTokenSecret: line.oauth_token_secret as string,
};
const startMs = performance.now() - t0;
const base = `${sim.origin}/services/rest/`;
let nonce = 0;

async function signed(params: Record<string, string>): Promise<string> {
  const all: Record<string, string> = {
    format: "json",
    nojsoncallback: "1",
    ...params,
    oauth_consumer_key: sim.apiKey,
    oauth_token: sim.oauthToken,
    oauth_nonce: String(nonce++),
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_signature_method: "HMAC-SHA1",
    oauth_version: "1.0",
  };
  all.oauth_signature = await oauthSignature({
    method: "GET",
    url: base,
    params: all,
    consumerSecret: sim.apiSecret,
    tokenSecret: sim.oauthTokenSecret,
  });
  return `${base}?${Object.entries(all).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&")}`;
}

/** Runs `task` from `concurrency` workers for `seconds`; returns completed count and bytes. */
async function load(
  task: (k: number) => Promise<number>,
): Promise<{ count: number; bytes: number; secs: number }> {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  let bytes = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    let k = w;
    while (performance.now() < end) {
      // Read the result first: `bytes += await ...` would read `bytes` before the await.
      const n = await task(k);
      bytes += n;
      k += concurrency;
      count++;
    }
  }));
  return { count, bytes, secs: (performance.now() - start) / 1000 };
}

// Ids to ask about: the first pages of the listing.
const listing = await (await fetch(
  await signed({
    method: "flickr.people.getPhotos",
    user_id: "me",
    per_page: "500",
    safe_search: "3",
    extras: "url_o,url_l,url_q",
  }),
)).json();
const photos: { id: string; url_o: string; url_l?: string; url_q: string }[] = listing.photos.photo;

const results: Record<string, number> = { start_ms: Math.round(startMs) };

const info = await load(async (k) => {
  const res = await fetch(
    await signed({ method: "flickr.photos.getInfo", photo_id: photos[k % photos.length].id }),
  );
  return (await res.arrayBuffer()).byteLength;
});
results.getinfo_calls_per_s = Math.round(info.count / info.secs);
console.log(`flickr.photos.getInfo (signed): ${results.getinfo_calls_per_s} calls/s`);

const login = await load(async () => {
  const res = await fetch(await signed({ method: "flickr.test.login" }));
  return (await res.arrayBuffer()).byteLength;
});
results.test_login_calls_per_s = Math.round(login.count / login.secs);
console.log(`flickr.test.login (signed): ${results.test_login_calls_per_s} calls/s`);

const list = await load(async (k) => {
  const res = await fetch(
    await signed({
      method: "flickr.people.getPhotos",
      user_id: "me",
      per_page: "100",
      page: String(1 + (k % 50)),
      safe_search: "3",
      extras: "date_upload,last_update,url_o,count_comments,count_faves,media",
    }),
  );
  return (await res.arrayBuffer()).byteLength;
});
results.getphotos_100_calls_per_s = Math.round(list.count / list.secs);
console.log(
  `flickr.people.getPhotos per_page=100 with extras (signed): ${results.getphotos_100_calls_per_s} calls/s`,
);

// Files: warm the cache with the originals first, then measure steady-state serving.
for (const p of photos.slice(0, 64)) await (await fetch(p.url_o)).arrayBuffer();
const filesRun = await load(async (k) => {
  const res = await fetch(photos[k % 64].url_o);
  return (await res.arrayBuffer()).byteLength;
});
results.files_mb_per_s = Math.round(filesRun.bytes / filesRun.secs / 1e6);
results.files_per_s = Math.round(filesRun.count / filesRun.secs);
console.log(`originals: ${results.files_mb_per_s} MB/s (${results.files_per_s} files/s)`);

const cold = await load(async (k) => {
  const p = photos[(64 + k) % photos.length];
  const res = await fetch(p.url_l ?? p.url_q);
  return (await res.arrayBuffer()).byteLength;
});
results.cold_files_mb_per_s = Math.round(cold.bytes / cold.secs / 1e6);
console.log(`first-time large sizes: ${results.cold_files_mb_per_s} MB/s`);

console.log(JSON.stringify(results));
child.kill("SIGTERM");
await child.status;
