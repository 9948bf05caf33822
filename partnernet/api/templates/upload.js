/* partnernet upload page: pick or drop files, preview, untick/correct report facts, confirm.
   Runs after page.js in the same inline script. Text from the server is set with textContent
   or as an input's value only, never innerHTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pn-page").textContent);
  if (data.page !== "upload") { return; }
  var ui = data.ui;
  var HEADER = "X-Partnernet-Request";
  var API = "/api/v1/ingest";
  var current = null;  // the preview shown

  function $(id) { return document.getElementById(id); }
  function say(node, text, error) {
    node.textContent = text;
    node.className = "pn-status" + (error ? " pn-error" : "");
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function cell(row, text, label, cls) {
    var td = el("td", text, cls);
    if (label) { td.setAttribute("data-label", label); }
    row.appendChild(td);
    return td;
  }
  function headers(table) {
    return Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent;
    });
  }
  function send(method, url, body, json) {
    var h = {};
    h[HEADER] = "1";
    if (json) { h["Content-Type"] = "application/json"; }
    return fetch(url, { method: method, headers: h, credentials: "same-origin",
                        body: json ? JSON.stringify(body) : body })
      .then(function (response) {
        if (response.ok) { return response.json(); }
        return response.json().catch(function () { return {}; }).then(function (problem) {
          throw new Error(problem.detail || (ui.failed + " (" + response.status + ")"));
        });
      });
  }
  function show(value) {
    if (value === null || value === undefined) { return ""; }
    if (Array.isArray(value)) { return value.join("; "); }
    if (typeof value === "object") { return JSON.stringify(value); }
    return String(value);
  }

  // -- choosing files: the picker, or a drop on the zone ---------------------------------
  var input = $("pn-upload-file");
  var zone = $("pn-drop");
  function named() {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    $("pn-upload-names").textContent = names.join(", ");
  }
  input.addEventListener("change", named);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (ev) { ev.preventDefault(); zone.classList.add("pn-over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("pn-over"); });
  });
  zone.addEventListener("drop", function (ev) {
    ev.preventDefault();
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      input.files = ev.dataTransfer.files;
      named();
    }
  });

  // -- the preview -------------------------------------------------------------------------
  function fillRejects(p) {
    var table = $("pn-rejects");
    var labels = headers(table);
    var body = table.querySelector("tbody");
    body.textContent = "";
    p.rejects.forEach(function (r) {
      var row = document.createElement("tr");
      row.setAttribute("data-line", r.line);
      cell(row, r.file, labels[0]);
      cell(row, r.line, labels[1], "pn-num");
      cell(row, r.column, labels[2]);
      cell(row, r.reason, labels[3]);
      body.appendChild(row);
    });
    table.hidden = p.rejects.length === 0;
    $("pn-no-rejects").hidden = p.rejected > 0;
    var link = $("pn-rejects-download");
    link.hidden = p.rejected === 0;
    link.href = API + "/preview/" + encodeURIComponent(p.token) + "/rejects.csv";
  }

  function diff(change) {
    var box = el("span");
    Object.keys(change.after || {}).forEach(function (key) {
      var line = el("span", "", "pn-diff");
      line.appendChild(el("code", key));
      line.appendChild(document.createTextNode(": " + show((change.before || {})[key]) +
                                               " → " + show(change.after[key])));
      box.appendChild(line);
    });
    return box;
  }

  function fillChanges(p) {
    var totals = { node_create: p.nodes.create, node_update: p.nodes.update,
                   tie_create: p.ties.create, tie_update: p.ties.update };
    Object.keys(totals).forEach(function (name) {
      var table = document.querySelector("table[data-list='" + name + "']");
      var labels = headers(table);
      var body = table.querySelector("tbody");
      var items = p.changes[name];
      body.textContent = "";
      items.forEach(function (c) {
        var row = document.createElement("tr");
        if (name === "node_create") {
          cell(row, c.name || c.item, labels[0]); cell(row, c.kind, labels[1]);
          cell(row, c.item, labels[2], "pn-id");
        } else if (name === "node_update") {
          cell(row, c.name || c.item, labels[0]); cell(row, c.item, labels[1], "pn-id");
          cell(row, "", labels[2]).appendChild(diff(c));
        } else if (name === "tie_create") {
          cell(row, c.item, labels[0], "pn-id"); cell(row, c.kind, labels[1]);
        } else {
          cell(row, c.item, labels[0], "pn-id"); cell(row, "", labels[1]).appendChild(diff(c));
        }
        body.appendChild(row);
      });
      var count = document.querySelector("[data-list-count='" + name + "']");
      count.textContent = "(" + totals[name] + (totals[name] > items.length ? ", " + ui.more : "") + ")";
      table.hidden = items.length === 0;
    });
  }

  function field(row, fact, name, labelText) {
    var id = "pn-fact-" + fact.index + "-" + name;
    var wrap = el("span", "", "pn-field");
    var label = el("label", labelText);
    label.setAttribute("for", id);
    var control;
    if (name === "kind") {
      control = document.createElement("select");
      data.org_kinds.forEach(function (k) {
        var option = el("option", ui[k] || k);
        option.value = k;
        control.appendChild(option);
      });
      control.value = fact.correction.kind || fact.org_kind;
      control.setAttribute("data-original", fact.org_kind);
    } else {
      control = document.createElement("input");
      control.type = name === "date" ? "date" : "text";
      var original = name === "name" ? fact.name : name === "role" ? (fact.role || "") : (fact.date || "");
      control.value = fact.correction[name] || original;
      control.setAttribute("data-original", original);
    }
    control.id = id;
    control.setAttribute("data-field", name);
    control.addEventListener("change", stale);
    control.addEventListener("input", stale);
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function fillFacts(p) {
    var card = $("pn-facts-card");
    var table = $("pn-facts");
    var labels = headers(table);
    var body = table.querySelector("tbody");
    body.textContent = "";
    card.hidden = p.facts.length === 0;
    p.facts.forEach(function (fact, index) {
      fact.index = index;
      var row = document.createElement("tr");
      row.setAttribute("data-key", fact.key);
      row.setAttribute("data-fact", fact.fact);
      if (fact.review) { row.className = "pn-review"; }
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = fact.keep;
      box.id = "pn-fact-" + index + "-keep";
      box.setAttribute("aria-label", ui.keep + ": " + fact.name);
      box.addEventListener("change", stale);
      cell(row, "", labels[0], "pn-actions").appendChild(box);
      var what = cell(row, ui[fact.fact] || fact.fact, labels[1]);
      if (fact.review) { what.appendChild(el("span", ui.review, "pn-sev pn-sev-medium pn-review-mark")); }
      var read = cell(row, "", labels[2]);
      if (fact.editable.length === 0) { read.appendChild(el("strong", fact.name)); }
      fact.editable.forEach(function (name) { read.appendChild(field(row, fact, name, ui[name])); });
      cell(row, fact.sentence, labels[3], "pn-sentence");
      var sure = cell(row, fact.confidence.toFixed(2), labels[4], "pn-num");
      sure.appendChild(el("span", fact.rule, "pn-alt"));
      body.appendChild(row);
    });
  }

  function render(p) {
    current = p;
    document.querySelectorAll("[data-count]").forEach(function (dd) {
      var name = dd.getAttribute("data-count");
      var value = p[name];
      if (name === "nodes" || name === "ties") {
        value = value.create + " " + ui.created + ", " + value.update + " " + ui.changed;
      }
      dd.textContent = String(value);
    });
    var warnings = $("pn-preview-warnings");
    warnings.textContent = "";
    p.warnings.slice(0, 20).forEach(function (w) { warnings.appendChild(el("li", w)); });
    fillRejects(p);
    fillFacts(p);
    fillChanges(p);
    $("pn-preview").hidden = false;
    $("pn-replan").disabled = true;
    $("pn-confirm").disabled = false;
    say($("pn-confirm-status"), "");
  }

  function stale() {
    $("pn-replan").disabled = false;
    $("pn-confirm").disabled = true;
    say($("pn-confirm-status"), ui.stale);
  }

  $("pn-upload-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var status = $("pn-upload-status");
    if (!input.files.length) { say(status, ui.choose_first, true); return; }
    var form = new FormData();
    Array.prototype.forEach.call(input.files, function (f) { form.append("files", f, f.name); });
    var encoding = $("pn-upload-encoding").value;
    if (encoding) { form.append("encoding", encoding); }
    $("pn-upload-preview").disabled = true;
    say(status, ui.reading);
    send("POST", API + "/preview", form, false).then(function (p) {
      render(p);
      say(status, ui.previewed);
    }, function (err) {
      $("pn-preview").hidden = true;
      say(status, err.message, true);
    }).then(function () { $("pn-upload-preview").disabled = false; });
  });

  $("pn-replan").addEventListener("click", function () {
    var facts = {};
    Array.prototype.forEach.call($("pn-facts").querySelectorAll("tbody tr"), function (row) {
      var choice = { keep: row.querySelector("input[type=checkbox]").checked };
      Array.prototype.forEach.call(row.querySelectorAll("[data-field]"), function (control) {
        var value = control.value.trim();
        if (value && value !== control.getAttribute("data-original")) {
          choice[control.getAttribute("data-field")] = value;
        }
      });
      facts[row.getAttribute("data-key")] = choice;
    });
    var status = $("pn-confirm-status");
    $("pn-replan").disabled = true;
    say(status, ui.reading);
    send("POST", API + "/preview/" + encodeURIComponent(current.token) + "/facts",
         { facts: facts }, true).then(function (p) {
      render(p);
      say($("pn-upload-status"), ui.previewed);
    }, function (err) {
      $("pn-replan").disabled = false;
      say(status, err.message, true);
    });
  });

  $("pn-confirm").addEventListener("click", function () {
    var status = $("pn-confirm-status");
    var button = $("pn-confirm");
    button.disabled = true;
    say(status, ui.writing);
    send("POST", API + "/confirm", { token: current.token }, true).then(function (done) {
      say(status, ui.written + ": " + done.accepted + " / " + done.rows + " · " +
          done.created + " " + ui.created + ", " + done.updated + " " + ui.changed);
      $("pn-replan").disabled = true;
    }, function (err) {
      button.disabled = false;
      say(status, err.message, true);
    });
  });
}());
