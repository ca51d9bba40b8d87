/**
 * URLs flickrvault derives itself rather than receiving from an API answer: buddy icons.
 *
 * Flickr serves buddy icons from its farm hosts (`farm{iconfarm}.staticflickr.com`) and the default
 * icon from `www.flickr.com`. When `--flickr-origin` replaces Flickr (the simulator, a recording
 * proxy), that origin also stands in for those hosts: `farm{N}.staticflickr.com/...` becomes
 * `{origin}/cdn-farm{N}/...` and `www.flickr.com/images/...` becomes `{origin}/images/...`, which is
 * how the simulator serves them.
 * @module
 */

/** What a buddy icon URL is derived from (any answer that describes a person carries these). */
export interface IconOwner {
  nsid: string;
  /** `"0"` (or absent) means the person has no icon of their own. */
  iconServer?: string | null;
  iconFarm?: number | null;
}

/** Flickr's stand-in icon for people without one of their own. */
export const DEFAULT_BUDDY_ICON = "https://www.flickr.com/images/buddyicon.gif";

/** Whether the person has an icon of their own (iconserver > 0). */
export function hasOwnIcon(person: IconOwner): boolean {
  return Number(person.iconServer ?? 0) > 0 && Number(person.iconFarm ?? 0) > 0;
}

/**
 * The buddy icon URL of a person: `https://farm{iconfarm}.staticflickr.com/{iconserver}/buddyicons/{nsid}.jpg`
 * when iconserver > 0, else the default icon; under a replaced `origin`, the same paths on it.
 *
 * @example
 * ```ts
 * buddyIconUrl({ nsid: "12037949754@N01", iconServer: "5", iconFarm: 1 });
 * // "https://farm1.staticflickr.com/5/buddyicons/12037949754@N01.jpg"
 * buddyIconUrl({ nsid: "1@N01", iconServer: "0" }, "http://127.0.0.1:8123");
 * // "http://127.0.0.1:8123/images/buddyicon.gif"
 * ```
 */
export function buddyIconUrl(person: IconOwner, origin?: string): string {
  const o = origin?.replace(/\/+$/, "");
  if (!hasOwnIcon(person)) return o ? `${o}/images/buddyicon.gif` : DEFAULT_BUDDY_ICON;
  const farm = Number(person.iconFarm);
  const server = encodeURIComponent(String(person.iconServer));
  // NSIDs keep their `@`, as in Flickr's own icon URLs.
  const nsid = encodeURIComponent(person.nsid).replaceAll("%40", "@");
  const file = `${server}/buddyicons/${nsid}.jpg`;
  return o ? `${o}/cdn-farm${farm}/${file}` : `https://farm${farm}.staticflickr.com/${file}`;
}
