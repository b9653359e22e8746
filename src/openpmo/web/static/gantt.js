// The schedule page draws only the rows in view (plus a margin) from the JSON in #gantt-data:
// in the Gantt (names pane and SVG) and in the schedule table, so a 2,000-task project stays a
// couple of thousand elements instead of 57,000. Both are panes of one windowing engine below,
// and they share one scroll position: scrolling either brings the other to the same row. Row
// markup matches templates/_gantt.html and _schedule_table.html, which draw the first rows on
// the server (and every row with ?rows=all). Links, grid, weekends and the status line stay
// whole (a few paths). Before printing every row is drawn; after, the window again.
(() => {
  "use strict";
  const MARGIN = 20; // rows drawn above and below the view
  const SLACK = 8; // redraw once the view comes this close to an undrawn row

  const esc = (text) =>
    String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  // A row of #gantt-data: [id, wbs, name, depth, kind, x, w, doneW, baseX, baseW, flags,
  // title, milestone label, cells]; flags: s summary, c critical, m milestone; cells: see
  // web/schedule_table.py (CELLS).

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

  function tableRow(r, k, labels) {
    const [, wbs, name, depth, , , , , , , flags, , , c] = r;
    const cls = [];
    if (flags.includes("s")) cls.push("summary");
    if (flags.includes("m")) cls.push("milestone");
    if (flags.includes("c")) cls.push("crit");
    const td = (klass, text) => `<td class="${klass}">${esc(text)}</td>`;
    let cells = td("col-wbs code", wbs) +
      `<td class="col-task" style="padding-left: ${12 + depth * labels.indent}px" title="${esc(name)}">${esc(name)}</td>` +
      td("num", c[6]) + td("col-date", c[0]) + td("col-date", c[1]) + td("col-date", c[2]) +
      td("col-date", c[3]) + td("num", c[4]) + td("num", c[5]) +
      (flags.includes("c") ? `<td><span class="pill pill-crit">${esc(labels.critical)}</span></td>` : "<td></td>") +
      (c[7] === null ? td("col-calendar muted", labels.calendar) : td("col-calendar", c[7]));
    for (let v = 8; v < c.length; v++) {
      cells += c[v] === null ? td("num", "—") : td(`num ${c[v][1]}`, c[v][0]);
    }
    return `<tr class="${cls.join(" ")}" data-wbs="${esc(wbs)}" aria-rowindex="${k + 2}">${cells}</tr>`;
  }

  // One pane of rows `height` px high in the scroll box `scroll`, whose sticky header sits
  // right above its first row (so the row under the header is scrollTop / height). `draw(from,
  // to)` replaces the drawn rows by rows [from, to); the server drew rows [0, drawn). Reading
  // the scroll position (plan) and drawing are apart, so that panes that follow each other
  // read all before any writes and the frame lays out once.
  function pane(scroll, height, count, drawn, draw) {
    // The first update trims the server's rows to the window, unless it drew them all.
    let range = drawn < count ? [0, 0] : [0, count];
    let printed = null; // the window before printing
    let view = scroll.clientHeight;
    const self = {
      scroll,
      height,
      top: scroll.scrollTop, // the scroll position this pane has accounted for
      resize() {
        view = scroll.clientHeight;
      },
      plan() {
        const top = scroll.scrollTop;
        const first = Math.floor(top / height);
        const last = Math.min(count, Math.ceil((top + view) / height));
        const near = (first - SLACK < range[0] && range[0] > 0) ||
          (last + SLACK > range[1] && range[1] < count);
        if (!near && first >= range[0] && last <= range[1]) return null;
        return [Math.max(0, first - MARGIN), Math.min(count, last + MARGIN)];
      },
      draw(next) {
        if (!next) return;
        range = next;
        draw(range[0], range[1]);
      },
      update() {
        self.draw(self.plan());
      },
      all() {
        if (!printed) printed = range;
        range = [0, count];
        draw(0, count);
      },
      restore() {
        // Back to the rows in view, unless the page drew them all (?rows=all).
        const full = !printed || (printed[0] === 0 && printed[1] === count);
        printed = null;
        if (full) return;
        range = [0, 0];
        self.update();
      },
    };
    return self;
  }

  function ganttPane(root, rows) {
    const scroll = root.querySelector(".gantt-scroll");
    const names = root.querySelector(".gantt-names");
    const pad = names.querySelector(".gn-pad");
    const group = root.querySelector(".gantt-body .rows");
    const height = parseFloat(getComputedStyle(root).getPropertyValue("--row")) || 26;
    const indent = Number(root.dataset.indent || 16);
    return pane(scroll, height, rows.length, group.children.length, (from, to) => {
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
    });
  }

  function tablePane(table, rows) {
    const scroll = table.closest(".schedule-table-scroll");
    const [top, bottom] = table.querySelectorAll("tbody > tr.pad");
    const height = parseFloat(getComputedStyle(table).getPropertyValue("--row")) || 26;
    const labels = {
      indent: Number(table.dataset.indent || 16),
      critical: table.dataset.critical || "",
      calendar: table.dataset.projectCalendar || "",
    };
    const drawn = table.querySelectorAll("tbody > tr[data-wbs]").length;
    const between = document.createRange();
    return pane(scroll, height, rows.length, drawn, (from, to) => {
      let html = "";
      for (let k = from; k < to; k++) html += tableRow(rows[k], k, labels);
      top.firstElementChild.style.height = `${from * height}px`;
      bottom.firstElementChild.style.height = `${(rows.length - to) * height}px`;
      between.setStartAfter(top);
      between.setEndBefore(bottom);
      between.deleteContents();
      top.insertAdjacentHTML("afterend", html);
    });
  }

  // Scrolling one pane brings the others to the same row, in the same frame.
  function follow(panes, leader) {
    const row = leader.scroll.scrollTop / leader.height;
    leader.top = leader.scroll.scrollTop;
    for (const other of panes) {
      if (other === leader) continue;
      other.scroll.scrollTop = row * other.height;
      other.top = other.scroll.scrollTop; // its own scroll event is then an echo
    }
    const plans = panes.map((p) => p.plan());
    panes.forEach((p, k) => p.draw(plans[k]));
  }

  function start() {
    const data = document.getElementById("gantt-data");
    if (!data) return;
    const rows = JSON.parse(data.textContent);
    const panes = [];
    const root = document.getElementById("gantt");
    if (root) panes.push(ganttPane(root, rows));
    const table = document.getElementById("schedule-table");
    if (table) panes.push(tablePane(table, rows));

    let pending = null;
    for (const p of panes) {
      p.scroll.addEventListener("scroll", () => {
        // Horizontal scrolling, and the echo of following another pane, move no row.
        if (Math.abs(p.scroll.scrollTop - p.top) < 1) return;
        if (pending) return;
        pending = p;
        requestAnimationFrame(() => {
          const leader = pending;
          pending = null;
          follow(panes, leader);
        });
      }, { passive: true });
    }
    const redraw = () => {
      panes.forEach((p) => p.resize());
      const plans = panes.map((p) => p.plan());
      panes.forEach((p, k) => p.draw(plans[k]));
    };
    window.addEventListener("resize", redraw);
    // Printing shows every row; the page then goes back to the rows in view.
    const all = () => panes.forEach((p) => p.all());
    window.addEventListener("beforeprint", all);
    window.addEventListener("afterprint", () => panes.forEach((p) => p.restore()));
    redraw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
