// flickrvault viewer: the little script the pages need beside htmx. Served from /assets (the CSP
// allows only same-origin scripts, never inline ones), so everything here hooks up by attributes.

/** Places notes drawn over the image: boxes are in pixels of Flickr's 500px image. */
function placeNotes(root) {
  for (const frame of root.querySelectorAll(".frame[data-base-w]")) {
    const baseW = Number(frame.dataset.baseW);
    const baseH = Number(frame.dataset.baseH);
    if (!baseW || !baseH) continue;
    for (const note of frame.querySelectorAll(".note")) {
      const pct = (v, of) => `${Math.max(0, Math.min(100, (Number(v) / of) * 100))}%`;
      note.style.left = pct(note.dataset.x, baseW);
      note.style.top = pct(note.dataset.y, baseH);
      note.style.width = pct(note.dataset.w, baseW);
      note.style.height = pct(note.dataset.h, baseH);
    }
  }
}

function typing(event) {
  const t = event.target;
  return t instanceof HTMLElement &&
    (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event)) {
    return;
  }
  const go = (rel) => {
    const link = document.querySelector(`a[rel~="${rel}"][data-key]`);
    if (link) {
      event.preventDefault();
      link.click();
    }
  };
  if (event.key === "ArrowLeft") go("prev");
  else if (event.key === "ArrowRight") go("next");
  else if (event.key === "Escape") go("up");
  else if (event.key === "n") {
    document.querySelector(".frame")?.classList.toggle("show-notes");
  } else if (event.key === "/") {
    const box = document.querySelector('input[type="search"]');
    if (box) {
      event.preventDefault();
      box.focus();
    }
  }
});

document.addEventListener("click", (event) => {
  const button = event.target instanceof Element && event.target.closest("[data-toggle-notes]");
  if (button) document.querySelector(".frame")?.classList.toggle("show-notes");
});

document.addEventListener("DOMContentLoaded", () => placeNotes(document));
document.addEventListener("htmx:after:swap", () => placeNotes(document));
