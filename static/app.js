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

  // "You have 120 characters left": the server still enforces the limit; this only warns.
  function countCharacters(box) {
    var field = box.querySelector("textarea");
    var status = box.querySelector(".character-count__status");
    if (!field || !status) return;
    var limit = Number(box.getAttribute("data-character-count"));
    var left = limit - field.value.length;
    // The page's words (its language) when it gives them, with "{n}" for the number.
    var words = box.getAttribute("data-" + (left >= 0 ? "left" : "over") + (Math.abs(left) === 1 ? "-one" : ""));
    status.textContent = words ? words.replace("{n}", Math.abs(left)) : left >= 0
      ? "You have " + left + (left === 1 ? " character" : " characters") + " left"
      : "You have " + -left + (left === -1 ? " character" : " characters") + " too many";
    status.classList.toggle("character-count__status--over", left < 0);
  }

  document.addEventListener("input", function (event) {
    var box = event.target instanceof Element ? event.target.closest("[data-character-count]") : null;
    if (box) countCharacters(box);
  });

  function browserZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return ""; }
  }

  function enhance(root) {
    root.querySelectorAll("[data-copy], [data-print]").forEach(function (el) { el.hidden = false; });
    root.querySelectorAll("[data-character-count]").forEach(function (box) {
      var status = box.querySelector(".character-count__status");
      if (status) status.hidden = false;
      countCharacters(box);
    });
    root.querySelectorAll("time[data-local-day]").forEach(localDay);
    // A fresh add form takes the browser's zone on every visit (someone who travelled is
    // where their clock is now); a form sent back with an error keeps what was chosen.
    var zone = browserZone();
    root.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
      var option = zone && zoneOption(select, zone);
      if (option) select.value = option.value;
    });
  }

  // A day the server wrote in UTC (a result's): the reader's own day, in the same words.
  // Only when the browser writes UTC's day exactly as the server did (the page's language
  // known to it): the day may change, never how it is written. A time kept to the hour
  // (data-local-day="60") is taken at the middle of its hour (phrases.local_day).
  function localDay(time) {
    try {
      var lang = document.documentElement.lang, minutes = Number(time.getAttribute("data-local-day")) || 0;
      var when = new Date(Date.parse(time.getAttribute("datetime")) + minutes * 30000);
      var words = { day: "numeric", month: "long", year: "numeric" };
      var tag = lang === "en" ? "en-GB" : lang;  // day first, as the server writes English
      var utc = new Intl.DateTimeFormat(tag, Object.assign({ timeZone: "UTC" }, words)).format(when);
      if (utc === time.textContent) time.textContent = new Intl.DateTimeFormat(tag, words).format(when);
    } catch (e) { /* an old browser: UTC's day stays */ }
  }

  // The list holds today's names (Asia/Kolkata); a browser may report an older one of the
  // same zone (Chrome: Asia/Calcutta). The browser names each listed zone its own way too,
  // so the option it names as it names itself is the person's zone. That search asks
  // about every zone (~400), so its answer is kept for the page: each diary save swaps
  // the form in again.
  var matched = {};
  function zoneOption(select, zone) {
    var exact = select.querySelector('option[value="' + zone.replace(/"/g, "") + '"]');
    if (exact) return exact;
    if (!(zone in matched)) {
      matched[zone] = "";
      var options = select.querySelectorAll("option[value]");
      for (var i = 0; i < options.length; i++) {
        if (options[i].value && sameZone(options[i].value, zone)) { matched[zone] = options[i].value; break; }
      }
    }
    return matched[zone] ? select.querySelector('option[value="' + matched[zone] + '"]') : null;
  }

  function sameZone(listed, zone) {
    try {
      return Intl.DateTimeFormat("en", { timeZone: listed }).resolvedOptions().timeZone === zone;
    } catch (e) { return false; }
  }

  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-copy], [data-print]") : null;
    if (!el) return;
    if (el.hasAttribute("data-print")) { window.print(); return; }
    var field = document.getElementById(el.getAttribute("data-copy"));
    var status = document.getElementById("copy-status");
    // The words come from the page, in its language.
    var done = function (ok) {
      if (status) status.textContent = status.getAttribute(ok ? "data-copied" : "data-not-copied");
    };
    if (navigator.clipboard && field) {
      navigator.clipboard.writeText(field.value).then(function () { done(true); }, function () { done(false); });
    } else if (field) {
      field.select();
      done(document.execCommand && document.execCommand("copy"));
    }
  });

  // While a step loads, say so to screen readers as the disabled button says so to the eye.
  document.addEventListener("htmx:beforeRequest", function () {
    var main = document.getElementById("main");
    if (main) main.setAttribute("aria-busy", "true");
    var problem = document.getElementById("connection-problem");
    if (problem) problem.hidden = true;
  });
  // A step that never reached the server: say so (htmx alone leaves the page as it was,
  // and gives the button back for another try).
  document.addEventListener("htmx:sendError", function () {
    var problem = document.getElementById("connection-problem");
    if (problem) problem.hidden = false;
  });
  document.addEventListener("htmx:afterRequest", function () {
    var main = document.getElementById("main");
    if (main) main.removeAttribute("aria-busy");
  });

  // Where a page load would put a screen reader: an error summary first, then an urgent
  // banner (it must be heard before the question below it), then the heading.
  function focusStart(root) {
    var target = root.querySelector("[data-autofocus]") || root.querySelector("[data-announce]") || root.querySelector("h1");
    if (target) target.focus();
    return target;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!(target instanceof Element)) return;
    enhance(target);
    // The diary chart's period: the link that was clicked is gone with the old chart, so
    // focus goes to the new chart's heading, and the change is said.
    var from = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (from instanceof Element && from.hasAttribute("data-chart-period")) {
      var heading = document.getElementById("chart-heading");
      var status = document.getElementById("chart-status");
      if (heading) heading.focus();
      if (heading && status) status.textContent = (status.getAttribute("data-said") || "Showing twitches per day over the last {n} days.").replace("{n}", heading.getAttribute("data-period"));
      return;
    }
    // Other swaps inside the page keep the reader where they are.
    if (target.id !== "main") return;
    if (focusStart(target)) window.scrollTo(0, 0);
  });

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
    var first = document.querySelector("[data-autofocus]") || document.querySelector("[data-announce]");
    if (first) first.focus();
  });
})();
