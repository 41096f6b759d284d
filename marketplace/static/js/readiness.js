// Readiness questionnaire: how many questions are answered and which pillar the reader is in, kept
// up to date as they answer. Without JavaScript the server's count (on load) is shown.
(function () {
  "use strict";
  var form = document.getElementById("readiness-form");
  var answered = document.getElementById("readiness-answered");
  var bar = document.getElementById("readiness-bar");
  var where = document.getElementById("readiness-pillar");
  if (!form || !answered || !bar || !where) { return; }
  var questions = form.querySelectorAll("fieldset.question");

  function update(pillar) {
    var count = 0;
    questions.forEach(function (q) { if (q.querySelector("input:checked")) { count += 1; } });
    answered.textContent = answered.getAttribute("data-template").replace("{n}", count);
    bar.value = count;
    if (pillar) { where.textContent = "· " + pillar.getAttribute("data-step"); }
  }

  form.addEventListener("change", function (event) {
    var question = event.target.closest("fieldset.question");
    if (question) { question.classList.remove("has-error"); }
    update(event.target.closest("fieldset.pillar"));
  });
  form.addEventListener("focusin", function (event) {
    var pillar = event.target.closest("fieldset.pillar");
    if (pillar) { where.textContent = "· " + pillar.getAttribute("data-step"); }
  });
  update(null);
})();
