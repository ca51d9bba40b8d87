/**
 * Opening a page in the person's browser, for `auth` and for `flickrvault` with no command.
 * @module
 */

/** Opens a URL in the desktop's browser where there is one; never throws, never waits. */
export function openInBrowser(url: string): void {
  const os = Deno.build.os;
  const hasDisplay = os !== "linux" || Deno.env.get("DISPLAY") || Deno.env.get("WAYLAND_DISPLAY");
  if (!hasDisplay) return;
  const [cmd, ...args] = os === "darwin"
    ? ["open", url]
    : os === "windows"
    ? ["cmd", "/c", "start", "", url]
    : ["xdg-open", url];
  try {
    const child = new Deno.Command(cmd, { args, stdin: "null", stdout: "null", stderr: "null" })
      .spawn();
    child.status.catch(() => {});
    child.unref();
  } catch {
    // No opener installed: the printed address is enough.
  }
}
