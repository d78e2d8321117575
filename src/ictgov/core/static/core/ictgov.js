// Searchable pickers: every <select data-picker> becomes a Tom Select box. Matching ignores
// Vietnamese accents; a long list (data-picker-url) loads its choices as the user types.
(function () {
  // The words come from the page (base.html), in its language.
  var said = document.querySelector('meta[name="ictgov-no-results"]');
  var noResults = said ? said.content : "—";
  function enhance(root) {
    if (typeof TomSelect === "undefined") return;
    root.querySelectorAll("select[data-picker]").forEach(function (el) {
      if (el.tomselect) return;
      var url = el.getAttribute("data-picker-url");
      var options = {
        diacritics: true,
        maxOptions: 200,
        allowEmptyOption: true,
        plugins: el.multiple ? ["remove_button"] : [],
        render: {
          no_results: function () {
            var div = document.createElement("div");
            div.className = "no-results";
            div.textContent = noResults;
            return div;
          },
        },
      };
      if (url) {
        options.valueField = "value";
        options.labelField = "text";
        options.searchField = ["text"];
        options.preload = "focus";
        options.load = function (query, callback) {
          fetch(url + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : { results: [] }; })
            .then(function (data) { callback(data.results); })
            .catch(function () { callback(); });
        };
      }
      new TomSelect(el, options);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
})();

// Every POST form carries a token made when the page loaded: the server runs a page's form once
// (core.idempotency.OnceFormMiddleware), even if it is sent twice.
(function () {
  function token() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }
  function stamp(root) {
    root.querySelectorAll("form").forEach(function (form) {
      if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
      if (form.querySelector("input[name=_once]")) return;
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "_once";
      input.value = token();
      form.appendChild(input);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { stamp(document); });
  document.addEventListener("htmx:afterSwap", function (e) { stamp(e.target); });
})();

// A button with data-confirm asks first (withdrawing or rejecting a dossier, revoking a
// certificate, cancelling a task): "Cancel" sends nothing and leaves the form as it was. Runs in
// the capture phase, before the listener below marks the form as sent.
document.addEventListener(
  "submit",
  function (e) {
    var button = e.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  },
  true
);

// A form is sent once: a second click while it is on its way does nothing (no double submit).
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.method && form.method.toLowerCase() !== "post") return;
  if (form.dataset.submitted) { e.preventDefault(); return; }
  form.dataset.submitted = "1";
  form.querySelectorAll("button[data-once]").forEach(function (b) {
    b.setAttribute("aria-disabled", "true");
    b.classList.add("disabled");
  });
});

// <select data-autosubmit>: choosing an option submits its form (the language switcher). The CSP
// forbids inline scripts and onchange="" attributes, so elements declare behaviour with data-.
document.addEventListener("change", function (e) {
  var field = e.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.submit();
  }
});

// A "print" button (no inline handler: the page's content security policy forbids them).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { window.print(); }
});
