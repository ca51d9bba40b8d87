/**
 * Flickr's description HTML as plain text for metadata fields: line breaks kept, every other tag
 * dropped, entities decoded, and a link kept as its text followed by its address (`label (url)`),
 * since a photo app shows the text and nothing else.
 *
 * Tested by src/xmp/xmp_test.ts.
 * @module
 */

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  copy: "©",
  reg: "®",
  trade: "™",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  uuml: "ü",
  ouml: "ö",
  auml: "ä",
  szlig: "ß",
};

/** Decodes character references (`&amp;`, `&#233;`, `&#xE9;`); unknown names are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X"
        ? parseInt(ref.slice(2), 16)
        : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff || code < 0) return whole;
      try {
        return String.fromCodePoint(code);
      } catch {
        return whole;
      }
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/**
 * Plain text of a Flickr description or title.
 *
 * @example
 * ```ts
 * htmlToText('Shot at <a href="https://x.org/">the fair</a><br>day two'); // "Shot at the fair (https://x.org/)\nday two"
 * ```
 */
export function htmlToText(html: string): string {
  if (!html.includes("<") && !html.includes("&")) return html.trim();
  let text = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(
      /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi,
      (_m, attrs: string, label: string) => {
        const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
        const url = decodeEntities(href?.[1] ?? href?.[2] ?? href?.[3] ?? "").trim();
        const inner = stripTags(label).trim();
        if (!url) return inner;
        if (!inner || sameLink(decodeEntities(inner), url)) return url;
        return `${inner} (${url})`;
      },
    )
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|blockquote|div|li|h[1-6])\s*>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "• ");
  text = decodeEntities(stripTags(text));
  return text.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

function stripTags(html: string): string {
  return html.replace(/<\/?[a-z][^>]*>/gi, "");
}

/** "example.org/x" shown for "https://example.org/x": the label already is the link. */
function sameLink(label: string, url: string): boolean {
  const bare = (s: string) =>
    s.replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/\/$/, "");
  return bare(label) === bare(url);
}
