// Lists on a phone (portal.css, table.stack): each row becomes a card, each cell under its
// column's heading. The heading is copied here into the cell's data-label, which the CSS shows
// beside the value; a cell the template labelled already keeps its own. Without this script a
// list still reads as a table.
//
// Once a table's parts are laid out as blocks, some browsers stop telling screen readers that
// it is a table: its roles are stated here, so that it stays one for them at any width.
{
  const ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup", TR: "row", TD: "cell" };

  for (const table of document.querySelectorAll("table.stack")) {
    for (const part of [table, ...table.querySelectorAll("thead, tbody, tfoot, tr, th, td")]) {
      if (part.closest("table") !== table || part.hasAttribute("role")) {
        continue;
      }
      if (part.tagName === "TH") {
        const inHead = part.parentElement.parentElement.tagName === "THEAD";
        part.setAttribute("role", inHead || part.scope === "col" ? "columnheader" : "rowheader");
      } else {
        part.setAttribute("role", ROLES[part.tagName]);
      }
    }
    const header = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!header) {
      continue;
    }
    const headings = [];
    for (const cell of header.cells) {
      const text = cell.textContent.replace(/\s+/g, " ").trim();
      for (let span = 0; span < cell.colSpan; span += 1) {
        headings.push(text);
      }
    }
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        let column = 0;
        for (const cell of row.cells) {
          const heading = headings[column];
          if (heading && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.dataset.label = heading;
          }
          column += cell.colSpan;
        }
      }
    }
  }
}
