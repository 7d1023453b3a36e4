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
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
