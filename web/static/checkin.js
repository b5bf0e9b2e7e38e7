// Check-in at the door, improved where scripts run: the form is sent in the background and
// only the answer, the count and the field change, so the answer's live region is announced
// and the next code can be typed at once; where the browser can read codes (BarcodeDetector)
// a button scans the ticket's QR with the phone's camera. Without this script the same form
// posts and the page comes back with the answer: typing always works.
(function () {
  var form = document.getElementById("door-form");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var field = document.getElementById("f-ticket");
  var answer = document.getElementById("answer");
  var count = document.querySelector(".door-count");
  var busy = false;

  function show(html) {
    var next = new DOMParser().parseFromString(html, "text/html");
    var nextAnswer = next.getElementById("answer");
    var nextField = next.getElementById("f-ticket");
    if (!nextAnswer || !nextField) return false;  // refused or signed out: post it plainly
    answer.className = nextAnswer.className;
    answer.innerHTML = nextAnswer.innerHTML;
    count.textContent = next.querySelector(".door-count").textContent;
    document.title = next.title;
    field.value = nextField.value;
    ["aria-invalid", "aria-describedby"].forEach(function (name) {
      if (nextField.hasAttribute(name)) field.setAttribute(name, nextField.getAttribute(name));
      else field.removeAttribute(name);
    });
    field.focus();
    return true;
  }

  function send() {
    if (busy) return;
    busy = true;
    // URL-encoded, as the plain form sends it (the server reads no multipart).
    fetch(form.action, {method: "POST", body: new URLSearchParams(new FormData(form)),
                        credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) { if (!show(html)) form.submit(); }, function () { form.submit(); })
      .then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "quiet door-scan";
  button.textContent = form.getAttribute("data-scan");
  var video = document.createElement("video");
  video.className = "door-video";
  video.hidden = true;
  video.muted = true;
  video.setAttribute("playsinline", "");
  video.setAttribute("aria-hidden", "true");
  var note = document.createElement("p");
  note.className = "hint";
  note.setAttribute("role", "status");
  form.appendChild(button);
  form.appendChild(video);
  form.appendChild(note);
  var stream = null;

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    button.textContent = form.getAttribute("data-scan");
  }

  // The ticket's QR may hold the code alone or a link ending in it.
  function codeOf(text) {
    var parts = String(text).trim().split("/");
    return parts[parts.length - 1];
  }

  function look(detector) {
    if (!stream) return;
    detector.detect(video).then(function (found) {
      if (found.length) {
        field.value = codeOf(found[0].rawValue);
        stop();
        send();
      } else {
        requestAnimationFrame(function () { look(detector); });
      }
    }, function () { requestAnimationFrame(function () { look(detector); }); });
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); field.focus(); return; }
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = form.getAttribute("data-stop");
      note.textContent = "";
      return video.play().then(function () { look(detector); });
    }).catch(function () {
      stop();
      note.textContent = form.getAttribute("data-unsupported");
      field.focus();
    });
  });
})();
