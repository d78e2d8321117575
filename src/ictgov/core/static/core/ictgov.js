// Behaviour shared by every page. The CSP forbids inline scripts and onchange="" attributes,
// so elements declare what they need with data- attributes and this file wires them.
(function () {
  "use strict";
  // <select data-autosubmit>: choosing an option submits its form (the language switcher).
  document.addEventListener("change", function (event) {
    const field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });
})();
