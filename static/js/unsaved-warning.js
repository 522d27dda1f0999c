/*
 * A warning before unsaved work is lost (progressive enhancement, #14 item 8): once a field of a form marked
 * data-unsaved-warning has changed (or the page says it holds unsaved values: data-unsaved-warning="changed"), leaving the page (a link, reload, closing the tab, another form of the page)
 * makes the browser ask first. Sending that form itself does not. Without JavaScript nothing happens and every form
 * works as always.
 *
 * The browser shows its own text (browsers ignore a page's message in the beforeunload dialog).
 * No inline script, no eval: the Content-Security-Policy stays "script-src 'self'".
 */
(function () {
  "use strict";

  if (!document.querySelectorAll || !window.addEventListener) {
    return;
  }
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var changed = [];  // the marked forms with changes not yet sent

  function markChanged(form) {
    if (changed.indexOf(form) === -1) {
      changed.push(form);
    }
  }

  Array.prototype.forEach.call(forms, function (form) {
    // data-unsaved-warning="changed": the page came back with values not yet saved (a form with errors, a text block
    // inserted into a response without saving).
    if (form.getAttribute("data-unsaved-warning") === "changed") {
      markChanged(form);
    }
    form.addEventListener("input", function () { markChanged(form); });
    form.addEventListener("change", function () { markChanged(form); });
    form.addEventListener("submit", function () {
      var at = changed.indexOf(form);
      if (at !== -1) {
        changed.splice(at, 1);
      }
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!changed.length) {
      return undefined;
    }
    event.preventDefault();
    event.returnValue = "";
    return "";
  });
})();
