// Filter bars apply a changed select at once; the Apply button remains for typed search
// text and for browsers without JavaScript.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.form && target.form.matches(".filter-bar")) {
    target.form.requestSubmit();
  }
});
