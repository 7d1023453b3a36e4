// Optional enhancement: ticking a facet checkbox applies the filters at once.
// The page works the same without this script (the "Filters toepassen" button submits the form).
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.facets");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "checkbox") {
        form.submit();
      }
    });
  });
  // "Meld een wijziging": show the current value of the chosen field (without the script, the options
  // show it), and start the new value from it while the visitor has not typed anything yet.
  var field = document.querySelector(".suggest-form select[name='veld']");
  var current = document.getElementById("huidige-waarde");
  var proposed = document.querySelector(".suggest-form textarea[name='waarde']");
  if (field && current && proposed) {
    var shown = proposed.value;
    field.addEventListener("change", function () {
      var option = field.options[field.selectedIndex];
      var value = option ? option.getAttribute("data-current") : null;
      current.parentNode.hidden = value === null;
      current.textContent = value || current.getAttribute("data-empty");
      if (proposed.value === shown) {
        proposed.value = value || "";
        shown = proposed.value;
      }
    });
  }
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
