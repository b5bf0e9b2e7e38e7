// Shows the guardian's consent only to people under 18 on the session day. The form works
// without this: the box is then always there, and the service decides either way.
(function () {
  var form = document.querySelector("form[data-session-day]");
  if (!form) return;
  var birth = form.querySelector("#f-birthDate");
  var box = document.getElementById("guardian");
  function update() {
    var b = birth.value, d = form.getAttribute("data-session-day");
    var minor = false;
    if (/^\d{4}-\d{2}-\d{2}$/.test(b)) {
      var age = +d.slice(0, 4) - +b.slice(0, 4) - (d.slice(5) < b.slice(5) ? 1 : 0);
      minor = age < 18;
    }
    box.hidden = !minor && !box.querySelector(":checked, [aria-invalid]");
  }
  birth.addEventListener("input", update);
  update();
})();
