// The admin's export page: the "all columns" box ticks or clears the columns of its own list
// (import-export wires it with an inline handler, which the Content-Security-Policy forbids).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", () => {
      const row = toggle.closest(".selectable-field-export-row");
      const index = row ? row.getAttribute("resource-index") : null;
      const selector =
        index === null
          ? '.selectable-field-export-row input[type="checkbox"]'
          : `.selectable-field-export-row[resource-index="${index}"] input[type="checkbox"]`;
      document.querySelectorAll(selector).forEach((checkbox) => {
        checkbox.checked = toggle.checked;
      });
    });
  });
});
