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
