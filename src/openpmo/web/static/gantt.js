// Draws only the Gantt rows in view (plus a margin) from the JSON in #gantt-data, in both the
// names pane and the SVG, as the chart scrolls: a 2,000-task chart stays a few hundred
// elements instead of 35,000. Row markup matches templates/_gantt.html, which draws the first
// rows on the server. Links, grid, weekends and the status line stay whole (a few paths).
(() => {
  "use strict";
  const MARGIN = 40; // rows drawn above and below the view
  const SLACK = 15; // redraw once the view comes this close to an undrawn row

  const esc = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  function nameRow(r, indent) {
    const [, wbs, name, depth, , , , , , , flags] = r;
    const cls = ["gn"];
    if (flags.includes("s")) cls.push("s");
    if (flags.includes("c")) cls.push("c");
    if (flags.includes("m")) cls.push("m");
    return `<div class="${cls.join(" ")}" style="padding-left: ${8 + depth * indent}px" title="${esc(name)}"><span class="gw">${esc(wbs)}</span>${esc(name)}</div>`;
  }

  function chartRow(r, y) {
    const [id, wbs, , , kind, x, w, doneW, baseX, baseW, flags, title, label] = r;
    let body = `<title>${esc(title)}</title>`;
    if (baseX !== null) body += `<rect class="base" x="${baseX}" y="19" width="${baseW}" height="4"/>`;
    if (kind === "bar") {
      body += `<rect class="bar" x="${x}" y="5" width="${w}" height="12" rx="2"/>`;
      if (doneW) body += `<rect class="done" x="${x}" y="9" width="${doneW}" height="4"/>`;
    } else if (kind === "summary") {
      body += `<path class="sum" d="M${x},6h${w}v10l-4,-4H${x + 4}l-4,4z"/>`;
    } else if (kind === "milestone") {
      body += `<path class="ms" d="M${x},4l7,7l-7,7l-7,-7z"/><text x="${x + 10}" y="15">${esc(label)}</text>`;
    }
    const crit = flags.includes("c") ? " crit" : "";
    return `<g class="row ${kind}${crit}" transform="translate(0,${y})" data-task="${id}" data-wbs="${esc(wbs)}">${body}</g>`;
  }

  function start() {
    const root = document.getElementById("gantt");
    const data = document.getElementById("gantt-data");
    if (!root || !data) return;
    const rows = JSON.parse(data.textContent);
    const scroll = root.querySelector(".gantt-scroll");
    const names = root.querySelector(".gantt-names");
    const pad = names.querySelector(".gn-pad");
    const group = root.querySelector(".gantt-body .rows");
    const height = parseFloat(getComputedStyle(root).getPropertyValue("--row")) || 26;
    const indent = Number(root.dataset.indent || 16);
    const headTop = root.querySelector(".gantt-body").getBoundingClientRect().top -
      scroll.getBoundingClientRect().top + scroll.scrollTop;
    // The server drew rows [0, first); the first redraw replaces them.
    let drawn = [0, group.children.length];

    function draw() {
      const top = Math.max(0, scroll.scrollTop - headTop);
      const first = Math.floor(top / height);
      const last = Math.min(rows.length, Math.ceil((top + scroll.clientHeight) / height));
      const near = (first - SLACK < drawn[0] && drawn[0] > 0) ||
        (last + SLACK > drawn[1] && drawn[1] < rows.length);
      if (!near && first >= drawn[0] && last <= drawn[1]) return;
      const from = Math.max(0, first - MARGIN);
      const to = Math.min(rows.length, last + MARGIN);
      let left = "";
      let right = "";
      for (let k = from; k < to; k++) {
        left += nameRow(rows[k], indent);
        right += chartRow(rows[k], k * height);
      }
      pad.style.height = `${from * height}px`;
      while (pad.nextSibling) pad.nextSibling.remove();
      pad.insertAdjacentHTML("afterend", left);
      group.innerHTML = right;
      drawn = [from, to];
    }

    let pending = false;
    scroll.addEventListener("scroll", () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    }, { passive: true });
    window.addEventListener("resize", draw);
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
