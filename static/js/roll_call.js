// The roll-call (templates/enrolments/roll_call.html): the counts of present and absent follow
// each tap. Without this script the page works the same, its counts those of when it was
// shown; the roll saved is the boxes ticked.
{
  const lang = document.documentElement.lang;
  // Moroccan Arabic writes its figures in Latin digits, as the portal's own filters do.
  const figures = new Intl.NumberFormat(lang === "ar" ? "ar-MA" : lang);

  for (const form of document.querySelectorAll("[data-roll-call]")) {
    const boxes = form.querySelectorAll('input[type="checkbox"][name="present"]');
    const present = form.querySelector('[data-count="present"]');
    const absent = form.querySelector('[data-count="absent"]');
    if (!present || !absent) {
      continue;
    }
    const count = () => {
      let ticked = 0;
      for (const box of boxes) {
        if (box.checked) {
          ticked += 1;
        }
      }
      present.textContent = figures.format(ticked);
      absent.textContent = figures.format(boxes.length - ticked);
    };
    form.addEventListener("change", count);
    // A page brought back by the browser's history keeps the boxes as they were left.
    window.addEventListener("pageshow", count);
    count();
  }
}
