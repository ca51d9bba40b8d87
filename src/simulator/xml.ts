/**
 * Flickr's two REST formats from one answer: the JSON object, and the XML it maps from
 * (attributes become members, element text becomes `_content`, repeated elements become arrays).
 * {@link toXml} writes an answer as Flickr's default REST format; {@link xmlToJson} reads XML
 * fixtures into the JSON shape (used by the conformance tests).
 * @module
 */
import type { Json, JsonObject } from "./photo_json.ts";

function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" })[c]!,
  );
}

function element(name: string, value: Json, indent: string): string {
  if (value === null || typeof value !== "object") {
    return `${indent}<${name}>${escapeXml(String(value ?? ""))}</${name}>\n`;
  }
  if (Array.isArray(value)) return value.map((v) => element(name, v, indent)).join("");
  let attrs = "";
  let text: string | undefined;
  let children = "";
  for (const [k, v] of Object.entries(value)) {
    if (k === "_content") text = String(v ?? "");
    else if (v === null || typeof v !== "object") attrs += ` ${k}="${escapeXml(String(v ?? ""))}"`;
    else children += element(k, v, indent + "\t");
  }
  if (!children && text === undefined) return `${indent}<${name}${attrs} />\n`;
  if (!children) return `${indent}<${name}${attrs}>${escapeXml(text!)}</${name}>\n`;
  return `${indent}<${name}${attrs}>\n${children}${indent}</${name}>\n`;
}

/** Writes an API answer (with `stat`) as Flickr's XML. */
export function toXml(answer: JsonObject): string {
  const head = '<?xml version="1.0" encoding="utf-8" ?>\n';
  if (answer.stat === "fail") {
    return `${head}<rsp stat="fail">\n\t<err code="${answer.code}" msg="${
      escapeXml(String(answer.message))
    }" />\n</rsp>\n`;
  }
  let body = "";
  for (const [k, v] of Object.entries(answer)) if (k !== "stat") body += element(k, v, "");
  return `${head}<rsp stat="ok">\n${body}</rsp>\n`;
}

// ---- reading XML (for tests) ------------------------------------------------------------------

function decodeEntities(s: string): string {
  return s.replace(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === "#") {
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    }
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

function parse(xml: string): Node {
  const root: Node = { name: "#root", attrs: {}, children: [], text: "" };
  const stack: Node[] = [root];
  const re =
    /<\?[^>]*\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) stack.pop();
    else if (m[3] !== undefined) {
      const attrs: Record<string, string> = {};
      for (const a of m[4].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[a[1]] = decodeEntities(a[2] ?? a[3]);
      }
      const node: Node = { name: m[3], attrs, children: [], text: "" };
      top.children.push(node);
      if (m[5] !== "/") stack.push(node);
    } else if (m[6] !== undefined) top.text += decodeEntities(m[6]);
  }
  return root;
}

function nodeToJson(node: Node): Json {
  const out: JsonObject = { ...node.attrs };
  const groups = new Map<string, Node[]>();
  for (const c of node.children) groups.set(c.name, [...(groups.get(c.name) ?? []), c]);
  for (const [name, nodes] of groups) {
    out[name] = nodes.length > 1 ? nodes.map(nodeToJson) : nodeToJson(nodes[0]);
  }
  if (node.children.length === 0 && node.text.trim() !== "") out._content = node.text;
  else if (node.children.length === 0 && Object.keys(node.attrs).length === 0) return {};
  return out;
}

/**
 * Maps a Flickr XML answer to its JSON form by Flickr's rules. A single child element becomes an
 * object (XML cannot tell one from a list of one); callers comparing shapes treat both alike.
 */
export function xmlToJson(xml: string): JsonObject {
  const rsp = parse(xml).children.find((n) => n.name === "rsp");
  if (!rsp) throw new Error("Cannot read Flickr XML: no <rsp> element");
  const out: JsonObject = { stat: rsp.attrs.stat ?? "" };
  if (out.stat === "fail") {
    const err = rsp.children.find((n) => n.name === "err");
    return { stat: "fail", code: Number(err?.attrs.code), message: err?.attrs.msg ?? "" };
  }
  // Repeated elements at the root (getAllContexts' <set> and <pool>) are arrays, as everywhere.
  const counts = new Map<string, number>();
  for (const c of rsp.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  for (const c of rsp.children) {
    if ((counts.get(c.name) ?? 0) > 1) ((out[c.name] ??= []) as Json[]).push(nodeToJson(c));
    else out[c.name] = nodeToJson(c);
  }
  return out;
}
