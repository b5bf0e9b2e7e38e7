// Check-in at the door: where the browser can read codes (BarcodeDetector), a button scans the
// ticket's QR with the phone's camera, fills the code and sends the form. Without this script,
// or without a camera, the code is typed: the page works the same.
(function () {
  var form = document.getElementById("door-form");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) return;
  var field = document.getElementById("f-ticket");
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
        form.submit();
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
