// Every htmx request carries the CSRF token from the page's <meta> tag.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});

// Upload progress: the <progress> next to a form shows how much of the file was sent.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest ? event.target.closest("form") : null;
  var bar = form ? form.querySelector("progress") : null;
  if (bar && event.detail.lengthComputable) {
    bar.hidden = false;
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
  }
});

// Refusals (409, 413, 422) carry a message: show it where the target asks for it.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var refusal = status === 409 || status === 413 || status === 422;
  if (refusal && event.detail.target.hasAttribute("data-swap-errors")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Narrow screens show a table as one card per row (app.css); each cell then names its
// column, taken from the table's header, so the card still says what each value is.
function labelTableCells(root) {
  root.querySelectorAll("table").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    if (!headers.length) { return; }
    table.querySelectorAll("tbody > tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        var label = headers[i] ? headers[i].textContent.trim() : "";
        if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { labelTableCells(document); });
document.addEventListener("htmx:load", function () { labelTableCells(document); });
