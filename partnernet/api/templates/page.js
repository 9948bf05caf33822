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

  // Decision forms (accept / reject with a note, undo): they work without script; here they
  // are sent with fetch so a refusal shows beside the form instead of on a page of its own.
  Array.prototype.forEach.call(document.querySelectorAll("form.pn-decide"), function (f) {
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var line = f.querySelector(".pn-status");
      var body = new URLSearchParams(new FormData(f));
      var button = ev.submitter;
      if (button && button.name) { body.set(button.name, button.value); }
      var buttons = f.querySelectorAll("button");
      Array.prototype.forEach.call(buttons, function (x) { x.disabled = true; });
      say(line, data.ui.saving);
      var headers = { "Content-Type": "application/x-www-form-urlencoded" };
      headers[HEADER] = "1";
      fetch(f.action, { method: "POST", headers: headers, credentials: "same-origin",
                        body: body.toString() }).then(function (response) {
        if (response.ok) { say(line, data.ui.saved); window.location.reload(); return; }
        return response.json().catch(function () { return {}; }).then(function (problem) {
          throw new Error(problem.detail || (data.ui.failed + " (" + response.status + ")"));
        });
      }).catch(function (err) {
        say(line, err.message, true);
        Array.prototype.forEach.call(buttons, function (x) { x.disabled = false; });
      });
    });
  });

  // The query page: an example fills the box (without script its link opens the page filled).
  var box = document.getElementById("pn-cypher");
  if (box) {
    Array.prototype.forEach.call(document.querySelectorAll("a.pn-example"), function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        box.value = a.getAttribute("data-query");
        document.getElementById("pn-params").value = a.getAttribute("data-params") || "";
        box.focus();
      });
    });
  }

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
