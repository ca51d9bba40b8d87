/**
 * How the viewer words what the catalog holds: dates with Flickr's taken-date granularity, licences,
 * privacy, safety levels, sizes and durations.
 * @module
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Flickr's `datetakengranularity`: how much of `date_taken` the person actually set. */
export const Granularity = { second: 0, month: 4, year: 6, circa: 8 } as const;

/**
 * A taken date as Flickr would word it: "3 March 2001, 14:05", "March 2001", "2001", "circa 1975".
 * `date_taken` is local time without a zone ("YYYY-MM-DD HH:MM:SS"), so it is never shifted.
 *
 * @example
 * ```ts
 * formatTakenDate("1975-01-01 00:00:00", 8); // "circa 1975"
 * ```
 */
export function formatTakenDate(
  dateTaken: string | null | undefined,
  granularity: number,
  unknown = false,
): string {
  if (!dateTaken || unknown) return "Date taken unknown";
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(dateTaken);
  if (!m) return dateTaken;
  const [, y, mo, d, h, mi] = m;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  if (granularity >= Granularity.circa) return `circa ${y}`;
  if (granularity >= Granularity.year) return y;
  if (granularity >= Granularity.month) return `${month} ${y}`;
  const day = `${Number(d)} ${month} ${y}`;
  return h === undefined ? day : `${day}, ${h}:${mi}`;
}

/** A year and month label for the timeline: "March 2001". */
export function monthLabel(year: string, month: string): string {
  return `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

/** A unix time as a readable date in the server's time zone: "3 March 2001, 14:05". */
export function formatUnixTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const t = new Date(seconds * 1000);
  const hh = String(t.getHours()).padStart(2, "0");
  const mm = String(t.getMinutes()).padStart(2, "0");
  return `${t.getDate()} ${MONTHS[t.getMonth()]} ${t.getFullYear()}, ${hh}:${mm}`;
}

/** A unix time as an ISO string for `<time datetime>` and JSON, or null. */
export function unixToIso(seconds: number | null | undefined): string | null {
  return seconds === null || seconds === undefined ? null : new Date(seconds * 1000).toISOString();
}

/**
 * Who may see an item, in Flickr's words: "Public", "Friends and family", "Private"... Anything
 * not known to be public reads as such: "Unknown (not public)", or "Friends or family" for what
 * Flickr's export says only "friend & family" of.
 */
export function formatPrivacy(
  isPublic: number | null,
  isFriend: number | null,
  isFamily: number | null,
): string {
  if (isPublic === null) return "Unknown (not public)";
  if (isPublic) return "Public";
  if (isFriend === null && isFamily === null) return "Friends or family";
  if (isFriend && isFamily) return "Friends and family";
  if (isFriend) return "Friends";
  if (isFamily) return "Family";
  return "Private";
}

/** Flickr's safety levels (0/1 safe, 2 moderate, 3 restricted). */
export function formatSafety(level: number | null): string {
  if (level === null) return "Unknown";
  return level >= 3 ? "Restricted" : level === 2 ? "Moderate" : "Safe";
}

/** A count with its noun: "1 comment", "3 comments". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
