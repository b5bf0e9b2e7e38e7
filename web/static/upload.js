// Says at once when a chosen class list is over the size limit, before it is sent (a body
// over the server's limit would be refused without the page's words). The server checks
// the size either way.
(function () {
  var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var big = file && file.size > +input.getAttribute("data-max-bytes");
      input.setCustomValidity(big ? input.getAttribute("data-too-large") : "");
      if (big) input.reportValidity();
    });
  });
})();
