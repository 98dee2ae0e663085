// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Exclusive "None of these": choosing it clears the others, and choosing another clears it.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "checkbox" || !input.checked) return;
    var group = input.form ? input.form.querySelectorAll('input[type="checkbox"][name="' + input.name + '"]') : [];
    group.forEach(function (other) {
      if (other === input) return;
      if (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive")) other.checked = false;
    });
  });

  function enhance(root) {
    root.querySelectorAll("[data-copy], [data-print]").forEach(function (el) { el.hidden = false; });
    // Diary times are typed in local time; the server stores UTC.
    root.querySelectorAll("[data-tz-offset]").forEach(function (el) { el.value = String(new Date().getTimezoneOffset()); });
  }

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-copy], [data-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) { window.print(); return; }
    var field = document.getElementById(el.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    var done = function (ok) { if (status) status.textContent = ok ? "Link copied." : "Copy the link from the box above."; };
    if (navigator.clipboard && field) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(false); });
    } else if (field) {
      field.select();
      done(document.execCommand && document.execCommand("copy"));
    }
  });

  // After htmx swaps a step in, move focus to its error summary or its heading, as a
  // page load would put a screen reader at the start of the new content.
  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (!main || event.detail.target !== main) return;
    enhance(main);
    var target = main.querySelector("[data-autofocus]") || main.querySelector("h1");
    if (target) { target.focus(); window.scrollTo(0, 0); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var summary = document.querySelector("[data-autofocus]");
    if (summary) summary.focus();
  });
})();
