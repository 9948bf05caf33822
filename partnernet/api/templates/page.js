/* partnernet web pages: sign in/out, accept/reject suggestions, map links open the page.
   Text from the server is set with textContent only, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pn-page").textContent);
  var HEADER = "X-Partnernet-Request";

  function say(node, text, error) {
    if (!node) { return; }
    node.textContent = text;
    node.className = "pn-status" + (error ? " pn-error" : "");
  }
  function call(method, url, body) {
    var headers = {};
    headers[HEADER] = "1";
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) { return response.json(); }
      return response.json().catch(function () { return {}; }).then(function (problem) {
        throw new Error(problem.detail || (data.ui.failed + " (" + response.status + ")"));
      });
    });
  }

  // A page opened inside a frame (a map link) takes over the window instead.
  if (window.top !== window.self && data.page === "province") {
    try { window.top.location.href = window.location.href; } catch (e) { /* cross-origin */ }
  }

  var status = document.getElementById("pn-auth-status");
  var form = document.getElementById("pn-signin");
  if (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = document.getElementById("pn-key");
      say(status, data.ui.signing_in);
      call("POST", "/api/v1/session", { key: input.value }).then(function () {
        input.value = "";
        window.location.reload();
      }, function (err) { say(status, err.message, true); });
    });
  }
  var out = document.getElementById("pn-signout");
  if (out) {
    out.addEventListener("click", function () {
      call("DELETE", "/api/v1/session").then(function () { window.location.reload(); },
        function (err) { say(status, err.message, true); });
    });
  }

  var decided = document.getElementById("pn-decision-status");
  Array.prototype.forEach.call(document.querySelectorAll("button[data-decision]"), function (b) {
    b.addEventListener("click", function () {
      var row = b.closest("tr");
      Array.prototype.forEach.call(row.querySelectorAll("button"), function (x) { x.disabled = true; });
      say(decided, data.ui.saving);
      var body = { source: b.getAttribute("data-source"), target: b.getAttribute("data-target"),
                   decision: b.getAttribute("data-decision") };
      var score = parseFloat(b.getAttribute("data-score"));
      if (!isNaN(score)) { body.score = score; }
      call("POST", "/api/v1/provinces/" + encodeURIComponent(data.province) +
           "/recommendations/feedback", body).then(function () {
        say(decided, data.ui.saved);
        window.location.reload();
      }, function (err) {
        say(decided, err.message, true);
        Array.prototype.forEach.call(row.querySelectorAll("button"), function (x) { x.disabled = false; });
      });
    });
  });

  // Province links inside the map frame open in the whole window.
  var map = document.getElementById("pn-map-frame");
  function retarget() {
    try {
      var doc = map.contentDocument;
      Array.prototype.forEach.call(doc.querySelectorAll("a[href]"), function (a) {
        a.setAttribute("target", "_top");
      });
    } catch (e) { /* not loaded yet */ }
  }
  if (map) { map.addEventListener("load", retarget); retarget(); }
  document.body.setAttribute("data-page-ready", "1");
})();
