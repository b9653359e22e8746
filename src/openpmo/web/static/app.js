// Filter bars apply a changed select at once; the Apply button remains for typed search
// text and for browsers without JavaScript.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.form && target.form.matches(".filter-bar")) {
    target.form.requestSubmit();
  }
});

// The Gantt chart opens scrolled to a little before the status date.
document.addEventListener("DOMContentLoaded", () => {
  const scroll = document.querySelector(".gantt-scroll");
  const line = document.querySelector(".gantt-body .status-line");
  if (!scroll || !line) return;
  const x = Number(line.getAttribute("d").slice(1).split(",")[0]);
  scroll.scrollLeft = Math.max(0, x - 200);
});
