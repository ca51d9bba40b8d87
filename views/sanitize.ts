/**
 * Flickr's HTML (descriptions, comments, profile text) made safe to show: a small allow-list of
 * tags, `http`/`https` links only, everything else dropped or escaped.
 * @module
 */
// @ts-types="npm:@types/sanitize-html@^2.16.2"
import sanitizeHtml from "sanitize-html";

const options: sanitizeHtml.IOptions = {
  allowedTags: ["a", "b", "i", "em", "strong", "br", "p", "blockquote", "u", "s"],
  allowedAttributes: { a: ["href", "title", "rel"] },
  allowedSchemes: ["http", "https"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Text of <script>/<style> is dropped entirely, not shown as text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed"],
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener noreferrer" }),
  },
};

/**
 * Sanitises Flickr HTML to the allow-list. Flickr keeps line breaks as newlines in descriptions and
 * comments (its pages show them as breaks), so bare newlines become `<br>`.
 *
 * @example
 * ```ts
 * sanitizeFlickrHtml('Hi <b>there</b><script>alert(1)</script>'); // 'Hi <b>there</b>'
 * ```
 */
export function sanitizeFlickrHtml(html: string): string {
  if (!html) return "";
  const withBreaks = html.replace(/\r\n?/g, "\n").replace(/\n/g, "<br />");
  // Most comments are plain words: without markup or entities the parser would return them as
  // they are, and it costs ~15 µs a comment (a photo page may show hundreds).
  if (isPlainText(html)) return withBreaks.trim();
  return sanitizeHtml(withBreaks, options).trim();
}

/** No tag, no entity: what sanitize-html would give back unchanged. */
function isPlainText(html: string): boolean {
  return !/[<>&]/.test(html);
}

/** The visible text of Flickr HTML, for `title` attributes, snippets and JSON `text` fields. */
export function flickrHtmlToText(html: string): string {
  if (isPlainText(html)) return html.trim();
  return sanitizeHtml(html.replace(/<br\s*\/?>/gi, "\n"), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: options.nonTextTags,
  })
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}
