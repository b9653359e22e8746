// Filter bars apply a changed select at once; the Apply button remains for typed search
// text and for browsers without JavaScript.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.form && target.form.matches(".filter-bar")) {
    target.form.requestSubmit();
  }
});

// The Gantt chart opens scrolled to where the work starts: the first row's bar.
document.addEventListener("DOMContentLoaded", () => {
  const scroll = document.querySelector(".gantt-scroll");
  const first = document.querySelector(".gantt-body .row:not(.none)");
  if (!scroll || !first) return;
  scroll.scrollLeft = Math.max(0, first.getBBox().x - 60);
});
