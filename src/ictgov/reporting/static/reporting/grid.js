// Keyboard entry in a report's grid: Enter or ↓ moves to the cell below, ↑ to the one above,
// as in a spreadsheet; Enter never submits the form by accident.
(function () {
  var cells = Array.prototype.slice.call(document.querySelectorAll("[data-grid-cell]"));
  cells.forEach(function (cell, i) {
    cell.addEventListener("keydown", function (e) {
      var next = null;
      if (e.key === "Enter" || e.key === "ArrowDown") next = cells[i + 1];
      else if (e.key === "ArrowUp") next = cells[i - 1];
      else return;
      e.preventDefault();
      if (next) { next.focus(); next.select(); }
    });
  });
  if (cells.length && !document.querySelector(".is-invalid")) cells[0].focus();
  var bad = document.querySelector(".is-invalid");
  if (bad) bad.focus();
})();
