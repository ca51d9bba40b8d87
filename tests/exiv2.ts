/**
 * Reads metadata back with exiv2 (Debian's `exiv2`), the library under digiKam, gThumb and
 * Shotwell: `exiv2 -pa` prints every EXIF, IPTC and XMP value, and for an XMP sidecar also the
 * EXIF and IPTC values exiv2 derives from the XMP, which is what those apps then show (a partial
 * XMP date, for one, becomes the last day of the period before).
 * @module
 */

/** Whether exiv2 is installed (tests fail with a hint otherwise). */
export async function hasExiv2(): Promise<boolean> {
  try {
    const out = await new Deno.Command("exiv2", { args: ["--version"], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** `exiv2 -pa` of a file as key → values (a key may repeat, as IPTC keywords do). */
export async function exiv2Values(path: string): Promise<Map<string, string[]>> {
  if (!(await hasExiv2())) throw new Error("exiv2 not found: install Debian's exiv2");
  const out = await new Deno.Command("exiv2", { args: ["-pa", path], stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout);
  const values = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    // "Exif.Photo.DateTimeOriginal                  Ascii      20  2023:04:01 00:00:00"
    const m = /^(\S+)\s+\S+\s+\d+\s{2}(.*)$/.exec(line) ?? /^(\S+)\s+\S+\s+\d+\s*$/.exec(line);
    if (!m) continue;
    const list = values.get(m[1]) ?? [];
    list.push(m[2] ?? "");
    values.set(m[1], list);
  }
  return values;
}
