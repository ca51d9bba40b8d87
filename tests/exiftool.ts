/**
 * Reads metadata back with ExifTool (Debian's `libimage-exiftool-perl`), the independent reader
 * the sidecar and export tests check against: `exiftool -j -G1 -struct -n`, one object per file.
 * @module
 */

/** ExifTool's JSON for one file (group-prefixed keys such as "XMP-dc:Title"). */
// deno-lint-ignore no-explicit-any
export type ExifToolTags = Record<string, any>;

/** Whether ExifTool is installed (tests fail with a hint otherwise). */
export async function hasExifTool(): Promise<boolean> {
  try {
    const out = await new Deno.Command("exiftool", { args: ["-ver"], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Every tag of each file, structures kept (`-struct`), numbers as numbers (`-n`) unless
 * `numeric` is false.
 */
export async function readTags(
  paths: string[],
  opts: { numeric?: boolean; extra?: string[] } = {},
): Promise<ExifToolTags[]> {
  if (!(await hasExifTool())) {
    throw new Error("exiftool not found: install Debian's libimage-exiftool-perl");
  }
  const args = ["-j", "-G1", "-struct", "-charset", "utf8", ...(opts.extra ?? [])];
  if (opts.numeric !== false) args.push("-n");
  const out = await new Deno.Command("exiftool", { args: [...args, ...paths], stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  if (!text.trim()) throw new Error(`exiftool: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(text);
}

/** The tags of one file. */
export async function readTagsOf(
  path: string,
  opts: { numeric?: boolean; extra?: string[] } = {},
): Promise<ExifToolTags> {
  return (await readTags([path], opts))[0];
}
