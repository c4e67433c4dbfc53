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

// The coach's skill box (profile form): a WAI-ARIA combobox with a listbox of options
// that htmx loads from /coach/skills while typing. Arrows move through the options
// (aria-activedescendant; focus stays in the box), Enter picks the active option or
// confirms what was typed, a comma confirms too, Escape closes the list (a second
// Escape empties the box), a click picks an option. A picked or confirmed skill becomes
// a checked box named "skills"; text still in the box is never saved by accident: the
// form is not sent until it is confirmed or cleared.
function skillKey(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/\s+/).join(" ").trim();
}

function skillCombobox(input) {
  var chosen = document.getElementById("chosen-skills");
  var status = document.getElementById("skill-status");
  function listbox() { return document.getElementById(input.getAttribute("aria-controls")); }
  function options() { var box = listbox(); return box ? Array.prototype.slice.call(box.querySelectorAll("[role=option]")) : []; }
  function active() { return options().filter(function (o) { return o.getAttribute("aria-selected") === "true"; })[0]; }
  function say(text) { if (status) { status.textContent = text; } }
  function close() {
    var box = listbox();
    if (box) { box.hidden = true; }
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    options().forEach(function (o) { o.setAttribute("aria-selected", "false"); });
  }
  function open() {
    var box = listbox();
    if (!box || !options().length) { close(); return false; }
    box.hidden = false;
    input.setAttribute("aria-expanded", "true");
    return true;
  }
  function activate(index) {
    var all = options();
    if (!all.length) { return; }
    var target = all[(index + all.length) % all.length];
    all.forEach(function (o) { o.setAttribute("aria-selected", o === target ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", target.id);
    target.scrollIntoView({ block: "nearest" });
  }
  function add(text) {
    var skill = text.split(/\s+/).join(" ").trim();
    if (!skill) { return; }
    var hint = document.getElementById("skill-unconfirmed");
    if (hint) { hint.remove(); }
    var boxes = Array.prototype.slice.call(chosen.querySelectorAll("input[name=skills]"));
    var same = boxes.filter(function (b) { return skillKey(b.value) === skillKey(skill); })[0];
    if (same) {
      same.checked = true;
      say(same.value + " staat er al.");
      return;
    }
    var item = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.name = "skills"; box.value = skill; box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + skill));
    item.appendChild(label);
    chosen.appendChild(item);
    say(skill + " toegevoegd.");
  }
  function confirmTyped() {
    input.value.split(/[,;]/).forEach(add);
    input.value = "";
    close();
  }
  input.addEventListener("keydown", function (event) {
    var expanded = input.getAttribute("aria-expanded") === "true";
    var current = active();
    var index = current ? options().indexOf(current) : -1;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded && !open()) { return; }
      activate(event.key === "ArrowDown" ? index + 1 : (index < 0 ? -1 : index - 1));
    } else if (event.key === "Enter") {
      if (!current && !input.value.trim()) { return; }  // empty box: Enter sends the form
      event.preventDefault();
      if (current && expanded) { add(current.textContent); input.value = ""; close(); } else { confirmTyped(); }
    } else if (event.key === ",") {
      event.preventDefault();
      confirmTyped();
    } else if (event.key === "Escape") {
      event.preventDefault();
      if (expanded) { close(); } else { input.value = ""; }
    } else if (event.key === "Tab") {
      close();
    }
  });
  input.addEventListener("input", function () {
    if (input.value.indexOf(",") >= 0) {  // pasted "a, b, c": all but the last are confirmed
      var parts = input.value.split(",");
      input.value = parts.pop().trimStart();
      parts.forEach(add);
    }
  });
  // Pressing on an option must not take the focus from the box (that would close it).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#" + input.getAttribute("aria-controls"))) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option && listbox() && listbox().contains(option)) {
      add(option.textContent); input.value = ""; close(); input.focus();
    }
  });
  input.addEventListener("blur", close);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== input.getAttribute("aria-controls")) { return; }
    input.removeAttribute("aria-activedescendant");  // the options are new
    if (document.activeElement === input && input.value.trim().length >= 2 && open()) {
      say(options().length === 1 ? "1 voorstel. Kies met de pijltjes en Enter." : options().length + " voorstellen. Kies met de pijltjes en Enter.");
    } else {
      close();
    }
  });
  input.form.addEventListener("submit", function (event) {
    var typed = input.value.trim();
    if (!typed) { return; }
    event.preventDefault();
    say("");
    var hint = document.getElementById("skill-unconfirmed") || document.createElement("p");
    hint.id = "skill-unconfirmed"; hint.className = "field-error"; hint.setAttribute("role", "alert");
    hint.textContent = "Niet opgeslagen: '" + typed + "' staat nog in het vak Vaardigheid toevoegen. Druk op Enter om het toe te voegen, of maak het vak leeg.";
    input.insertAdjacentElement("beforebegin", hint);
    input.focus();
  });
}
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-combobox]").forEach(skillCombobox);
});
