// A refused submit: the focus goes to the error summary (components/error_summary.html), so
// that a screen reader announces the problem first and the keyboard starts from its links.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
