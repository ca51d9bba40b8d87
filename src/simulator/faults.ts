/**
 * Fault injection, as the real service misbehaves: `--faults 500:0.05,429:0.05,...` gives, per
 * kind, the probability that a request it applies to fails that way. Decisions come from a PRNG
 * seeded with the simulator's seed, so a run is reproducible for the same sequence of requests.
 *
 * Kinds and what they apply to:
 * - `500`, `502`, `503`: API calls and file downloads, answered with an nginx-style HTML page;
 * - `429`: API calls and file downloads, `<h1>429 Too Many Requests</h1>` with `Retry-After`;
 * - `105`, `201`: API calls, Flickr error bodies (service unavailable, temporary failure);
 * - `malformed`: API calls, JSON cut short;
 * - `short-page`: listing calls for a non-final page, which come back missing entries;
 * - `omit`: listing entries, each of which (at this rate) comes without some of the extras asked
 *   for, as real listings do for some items (see {@link OMITTABLE_EXTRAS});
 * - `truncate`: file downloads, the body stops before `Content-Length` bytes and the connection closes;
 * - `stall`: file downloads, the body starts and then stops arriving (the client must time out).
 *
 * Control endpoints are never faulted.
 * @module
 */
import { hash32, Rng } from "./prng.ts";

/** Faults answered with an HTTP error status; they hit API calls and file downloads alike. */
const HTTP_FAULTS = ["500", "502", "503", "429"] as const;

/** Every fault kind. */
export const FAULT_KINDS = [
  ...HTTP_FAULTS,
  "105",
  "201",
  "malformed",
  "short-page",
  "omit",
  "truncate",
  "stall",
] as const;
/** One fault kind. */
export type FaultKind = typeof FAULT_KINDS[number];

/** Parses a fault spec such as `500:0.05,429:0.05`; throws with a readable reason when invalid. */
export function parseFaults(spec: string | undefined): Map<FaultKind, number> {
  const out = new Map<FaultKind, number>();
  if (!spec) return out;
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [kind, rateText, extra] = part.split(":");
    if (!(FAULT_KINDS as readonly string[]).includes(kind) || extra !== undefined) {
      throw new Error(
        `Cannot read --faults: unknown fault '${part}' (kinds: ${FAULT_KINDS.join(", ")})`,
      );
    }
    const rate = Number(rateText);
    if (
      rateText === undefined || rateText === "" || !Number.isFinite(rate) || rate < 0 || rate > 1
    ) {
      throw new Error(
        `Cannot read --faults: rate of '${kind}' must be a number between 0 and 1, not '${
          rateText ?? ""
        }'`,
      );
    }
    out.set(kind as FaultKind, rate);
  }
  return out;
}

/** Decides, request by request, which fault (if any) to inject. */
export class FaultInjector {
  readonly rates: Map<FaultKind, number>;
  #rng: Rng;
  /** How many faults of each kind were injected. */
  readonly injected = new Map<FaultKind, number>();

  constructor(spec: string | undefined, seed: number) {
    this.rates = parseFaults(spec);
    this.#rng = new Rng(hash32(seed, 0xfa17));
  }

  /** Rolls for each of `kinds` in order; the first that fires is returned. */
  pick(kinds: readonly FaultKind[]): FaultKind | undefined {
    if (this.rates.size === 0) return undefined;
    for (const kind of kinds) {
      const rate = this.rates.get(kind);
      if (!rate) continue;
      if (this.#rng.next() < rate) {
        this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
        return kind;
      }
    }
    return undefined;
  }

  /**
   * The extras one listing entry comes without in this answer: none, or (at the `omit` rate)
   * one to four of {@link OMITTABLE_EXTRAS}.
   */
  omitted(): ReadonlySet<string> | undefined {
    if (this.pick(["omit"]) === undefined) return undefined;
    const out = new Set<string>();
    const n = 1 + Math.floor(this.#rng.next() * 4);
    while (out.size < n) {
      out.add(OMITTABLE_EXTRAS[Math.floor(this.#rng.next() * OMITTABLE_EXTRAS.length)]);
    }
    return out;
  }
}

/**
 * Extras a real listing entry has been seen without, although they were asked for: counts on
 * older accounts, sizes and original secrets on some favourites, descriptions, tags and places
 * on some items. `media`, `date_upload` and the smaller sizes are always there.
 */
export const OMITTABLE_EXTRAS: readonly string[] = [
  "description",
  "license",
  "date_taken",
  "owner_name",
  "original_format",
  "last_update",
  "geo",
  "tags",
  "machine_tags",
  "o_dims",
  "views",
  "path_alias",
  "url_o",
  "url_l",
  "count_faves",
  "count_comments",
  "count_views",
  "realname",
  "usage",
];

/** Faults that can hit an API call before it is answered. */
export const API_FAULTS: readonly FaultKind[] = [...HTTP_FAULTS, "105", "201", "malformed"];
/** Faults that can hit a file download. */
export const FILE_FAULTS: readonly FaultKind[] = [...HTTP_FAULTS, "truncate", "stall"];

/** An nginx-style error page, as Flickr's front ends send. */
export function httpErrorPage(status: 500 | 502 | 503): Response {
  const text = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
  }[status];
  return new Response(
    `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    { status, headers: { "content-type": "text/html" } },
  );
}

/** Flickr's rate-limit answer. */
export function tooManyRequests(retryAfter: number): Response {
  return new Response("<h1>429 Too Many Requests</h1>", {
    status: 429,
    headers: {
      "content-type": "text/html",
      "retry-after": String(Math.max(1, Math.ceil(retryAfter))),
    },
  });
}
