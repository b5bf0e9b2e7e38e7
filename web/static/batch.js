// Follows a certificate batch while it runs: asks for its counts every two seconds and shows
// them; once the batch is done the page is loaded again, with the download. Without this
// script the page reloads itself (a <noscript> refresh) to the same effect.
(function () {
  var box = document.querySelector("[data-progress]");
  if (!box) return;
  var url = box.getAttribute("data-progress");
  function show(id, value) {
    var el = document.getElementById(id);
    if (el && el.textContent !== String(value)) el.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c) return;
        if (!c.running) { location.reload(); return; }
        show("b-status", c.label);
        show("b-issued", c.issued);
        show("b-total", c.total);
        show("b-rendered", c.rendered);
        var bar = document.getElementById("b-bar");
        bar.max = c.total || 1;
        bar.value = c.rendered;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
