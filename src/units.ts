/**
 * Numbers as a person reads them, the same in the terminal, the viewer and the static site: one
 * meaning per name, and the unit of the argument in the name where there could be doubt.
 * @module
 */

/** Formats a count with thousands separators: 4213 → "4,213". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Plural nouns whose singular is not the plural without its final "s". */
const SINGULAR: Record<string, string> = {
  people: "person",
  "photos and videos": "photo or video",
  "photos or videos": "photo or video",
};

/**
 * A count with its noun, singular for exactly one: `countOf(1, "calls")` → "1 call",
 * `countOf(4213, "calls")` → "4,213 calls". `units` is the plural; the singular is looked up for
 * the irregular ones (people → person) and is otherwise the plural without its final "s".
 */
export function countOf(n: number, units: string): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? singularOf(units) : units}`;
}

function singularOf(units: string): string {
  return SINGULAR[units] ?? units.replace(/s$/, "");
}

/**
 * A size in bytes in decimal units, as the names KB, MB and GB mean (1 KB = 1,000 bytes, as disks
 * and macOS count): "812 bytes", "1.5 KB", "52 MB", "3.4 GB".
 */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return u === 0 ? `${formatCount(v)} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/**
 * How long something takes, from milliseconds, the way a person says it: "45 s", "12 min",
 * "1 h 10 min", "4 days".
 */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown";
  if (ms < 1000) return "under a second";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  if (h < 48) return rest ? `${h} h ${rest} min` : `${h} h`;
  return `${Math.round(h / 24)} days`;
}

/** A video's length, from seconds, as a player shows it: "1:05", "1:02:03"; "" when unknown. */
export function formatClockSeconds(seconds: number | null): string {
  if (seconds === null || seconds < 0) return "";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(Math.floor(seconds % 60)).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
