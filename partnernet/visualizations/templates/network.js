/* partnernet network view. Data comes from the JSON block #pn-data; every piece of text that
   comes from data is put into the page with textContent / createTextNode, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pn-data").textContent);
  var lang = data.lang === "en" ? "en" : "th";
  var other = lang === "th" ? "en" : "th";
  var L = lang === "th" ? 0 : 1;

  function ui(key) { var pair = data.ui[key]; return pair ? pair[L] : key; }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function nameOf(item, which) {
    return which === "en" ? (item.en || item.th) : (item.th || item.en);
  }
  function fmt(value) {
    if (value === null || value === undefined) { return "–"; }
    if (Math.abs(value) >= 100 || Math.round(value) === value) { return String(Math.round(value * 100) / 100); }
    return Number(value).toPrecision(3);
  }
  function rgba(hex, alpha) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!m) { return hex; }
    return "rgba(" + parseInt(m[1], 16) + "," + parseInt(m[2], 16) + "," + parseInt(m[3], 16) + "," + alpha + ")";
  }

  // --- search keys: the same steps as partnernet.visualizations.view.search_key -------------
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  function searchKey(text) {
    var s = String(text).normalize("NFC").toLowerCase();
    s = s.replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, "");
    s = s.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
    s = s.normalize("NFKC");
    s = s.replace(/[\s.\-_()'"]/g, "");
    return s.replace(/\u0e4d\u0e32/g, "\u0e33");
  }

  // --- categories ----------------------------------------------------------------------------
  var groups = {}, rels = {}, state = { groups: {}, rels: {}, suggested: true, day: null };
  data.groups.forEach(function (g) { groups[g.key] = g; state.groups[g.key] = !g.hidden; });
  data.rels.forEach(function (r) { rels[r.key] = r; state.rels[r.key] = !r.hidden; });
  var GAP = data.gapColor;

  // --- vis data sets -------------------------------------------------------------------------
  var visNodes = data.nodes.map(function (n, i) {
    var g = groups[n.g] || { color: "#7f7f7f", shape: "dot" };
    var gap = n.gaps && n.gaps.length > 0;
    return {
      id: i, x: n.x, y: n.y, label: n.label, value: n.s, shape: g.shape,
      borderWidth: gap ? 4 : 1.5, borderWidthSelected: gap ? 5 : 3,
      color: {
        background: g.color, border: gap ? GAP : "#ffffff",
        highlight: { background: g.color, border: gap ? GAP : "#222222" },
        hover: { background: g.color, border: gap ? GAP : "#444444" }
      }
    };
  });
  var visEdges = data.edges.map(function (e, i) {
    var r = data.rels[e[2]] || { color: "#7f7f7f", dashes: [], arrows: false };
    var suggested = r.key === data.suggested;
    return {
      id: i, from: e[0], to: e[1], width: e[3],
      dashes: r.dashes && r.dashes.length ? r.dashes : false,
      arrows: r.arrows ? { to: { enabled: true, scaleFactor: 0.45 } } : undefined,
      color: { color: rgba(r.color, suggested ? 0.95 : 0.55), highlight: r.color, hover: r.color }
    };
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  // Focus (Bloom-like exploring): null shows every node; otherwise only the nodes in `focus`
  // (an organisation and its 1-2 hop partners, grown by expanding a node's neighbours).
  var focus = null;
  var adjacent = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) { adjacent[e[0]].push(e[1]); adjacent[e[1]].push(e[0]); });
  var nodeView = new vis.DataView(nodes, {
    filter: function (item) {
      return state.groups[data.nodes[item.id].g] !== false && (focus === null || focus[item.id] === true);
    }
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (item) {
      var r = data.rels[data.edges[item.id][2]];
      if (r.key === data.suggested && !state.suggested) { return false; }
      if (state.day !== null) {
        // The date slider: a dated tie shows from its since up to the day before its until.
        var d = data.edgeDates && data.edgeDates[item.id];
        if (d && ((d[0] && d[0] > state.day) || (d[1] && d[1] <= state.day))) { return false; }
      }
      return state.rels[r.key] !== false;
    }
  });

  var big = data.nodes.length > 800;
  var options = {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 1 },
    interaction: {
      hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big, multiselect: true,
      tooltipDelay: 150, navigationButtons: false, keyboard: false
    },
    nodes: {
      font: { face: data.font, size: 15, color: "#1a1a1a", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: {
        min: data.sizeRange[0], max: data.sizeRange[1],
        // values are the radii computed in Python: keep them, and let labels grow with them
        customScalingFunction: function (min, max, total, value) {
          var lo = data.sizeRange[0], hi = data.sizeRange[1];
          return hi > lo ? Math.max(0, Math.min(1, (value - lo) / (hi - lo))) : 0.5;
        },
        label: { enabled: true, min: 10, max: 24, maxVisible: 24, drawThreshold: 10 }
      }
    },
    edges: { smooth: false, selectionWidth: 1.5, arrowStrikethrough: false, hoverWidth: 0.8 }
  };
  var container = $("pn-net");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  if (data.backdrop && data.backdrop.length) {
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.fillStyle = "#f3f1ec";
      ctx.strokeStyle = "#c9c4b8";
      ctx.lineWidth = 1 / network.getScale();
      data.backdrop.forEach(function (ring) {
        ctx.beginPath();
        for (var k = 0; k + 1 < ring.length; k += 2) {
          if (k === 0) { ctx.moveTo(ring[k], ring[k + 1]); } else { ctx.lineTo(ring[k], ring[k + 1]); }
        }
        ctx.closePath();
        ctx.fill();
        ctx.stroke();
      });
      ctx.restore();
    });
  }
  network.once("afterDrawing", function () {
    window.__pnFirstPaint = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  network.fit({ animation: false });

  // --- card (tooltip on hover, pinned on click) ----------------------------------------------
  var card = $("pn-card"), pinned = null;
  function row(table, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    tr.appendChild(el("td", null, value));
    table.appendChild(tr);
  }
  function nodeCard(i) {
    var n = data.nodes[i], g = groups[n.g] || { th: n.g, en: n.g, color: "#7f7f7f" };
    var frag = document.createDocumentFragment();
    var head = el("div", "pn-card-head");
    var dot = el("span", "pn-swatch");
    dot.style.backgroundColor = g.color;
    head.appendChild(dot);
    head.appendChild(el("strong", null, nameOf(n, lang)));
    frag.appendChild(head);
    var second = nameOf(n, other);
    if (second && second !== nameOf(n, lang)) { frag.appendChild(el("div", "pn-alt", second)); }
    var table = el("table", "pn-facts");
    row(table, ui("kind"), nameOf(g, lang) + (n.sub ? " · " + n.sub : ""));
    row(table, ui("province"), n.prov);
    row(table, ui("partners"), n.p);
    row(table, data.sizeBy[L], n.v === null || n.v === undefined ? null : fmt(n.v));
    (n.facts || []).forEach(function (f) { row(table, ui(f[0]), f[1]); });
    if (n.al && n.al.length) { row(table, ui("aliases"), n.al.join(" · ")); }
    row(table, ui("id"), n.id);
    frag.appendChild(table);
    if (n.code && data.linkPattern && /^[0-9]{2}$/.test(n.code)) {
      var a = el("a", "pn-open", ui("open_view"));
      a.setAttribute("href", data.linkPattern.split("{code}").join(encodeURIComponent(n.code)));
      frag.appendChild(a);
    }
    if (n.gaps && n.gaps.length) {
      frag.appendChild(el("div", "pn-card-sub", ui("gaps")));
      var list = el("ul", "pn-card-gaps");
      n.gaps.forEach(function (gi) {
        var gap = data.gaps[gi], li = el("li");
        li.appendChild(el("span", "pn-sev pn-sev-" + (gap.sev === "high" || gap.sev === "medium" ? gap.sev : "low"), gap.sevName[L]));
        li.appendChild(document.createTextNode(" " + gap[lang]));
        list.appendChild(li);
      });
      frag.appendChild(list);
    }
    if (!visible(i)) { frag.appendChild(el("div", "pn-alt", ui("hidden"))); }
    var tools = el("div", "pn-tools");
    tools.appendChild(tool(ui("focus_1"), "focus1", function () { focusOn(i, 1); }));
    tools.appendChild(tool(ui("focus_2"), "focus2", function () { focusOn(i, 2); }));
    tools.appendChild(tool(ui("expand"), "expand", function () { expand(i); }));
    if (focus !== null) { tools.appendChild(tool(ui("show_all"), "all", showAll)); }
    frag.appendChild(tools);
    return frag;
  }
  function tool(text, key, action) {
    var b = el("button", "pn-tool", text);
    b.type = "button";
    b.setAttribute("data-tool", key);
    b.addEventListener("click", function (ev) { ev.stopPropagation(); action(); });
    return b;
  }
  function visibleIds() {
    var ids = [];
    for (var k = 0; k < data.nodes.length; k++) { if (visible(k)) { ids.push(k); } }
    return ids;
  }
  function showFocus(i) {
    refresh();
    $("pn-showall").hidden = focus === null;
    var ids = visibleIds();
    if (ids.length) { network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 }); }
    if (i !== null && visible(i)) { network.selectNodes([i]); }
    pinned = i;
    if (i === null) { card.hidden = true; } else { showCard(nodeCard(i), null); }
  }
  function focusOn(i, hops) {
    focus = {};
    focus[i] = true;
    var ring = [i];
    for (var h = 0; h < hops; h++) {
      var next = [];
      ring.forEach(function (a) {
        adjacent[a].forEach(function (b) { if (focus[b] !== true) { focus[b] = true; next.push(b); } });
      });
      ring = next;
    }
    showFocus(i);
  }
  function expand(i) {
    if (focus === null) { focusOn(i, 1); return; }
    focus[i] = true;
    adjacent[i].forEach(function (b) { focus[b] = true; });
    showFocus(i);
  }
  function showAll() { focus = null; showFocus(null); }
  function edgeCard(i) {
    var e = data.edges[i], r = data.rels[e[2]];
    var frag = document.createDocumentFragment();
    var head = el("div", "pn-card-head");
    head.appendChild(el("strong", null, nameOf(r, lang)));
    frag.appendChild(head);
    frag.appendChild(el("div", "pn-alt", nameOf(data.nodes[e[0]], lang) + " → " + nameOf(data.nodes[e[1]], lang)));
    var table = el("table", "pn-facts");
    (data.edgeFacts[String(i)] || []).forEach(function (f) {
      if (f[0]) { row(table, ui(f[0]), f[1]); } else { frag.appendChild(el("p", "pn-why", f[1])); }
    });
    frag.insertBefore(table, frag.childNodes[2] || null);
    return frag;
  }
  function showCard(content, pointer) {
    clear(card);
    card.appendChild(content);
    card.hidden = false;
    var box = container.getBoundingClientRect();
    var x = pointer ? pointer.x + box.left + 14 : box.right - 340;
    var y = pointer ? pointer.y + box.top + 14 : box.top + 12;
    if (narrow()) { x = 4; y = window.innerHeight; }  // a phone: the card sits at the bottom
    x = Math.max(box.left + 4, Math.min(x, window.innerWidth - card.offsetWidth - 8));
    y = Math.max(4, Math.min(y, window.innerHeight - card.offsetHeight - 8));
    card.style.left = x + "px";
    card.style.top = y + "px";
  }
  function hideCard() { if (pinned === null) { card.hidden = true; } }
  network.on("hoverNode", function (p) { if (pinned === null) { showCard(nodeCard(p.node), p.pointer.DOM); } });
  network.on("hoverEdge", function (p) { if (pinned === null) { showCard(edgeCard(p.edge), p.pointer.DOM); } });
  network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });
  network.on("blurNode", hideCard);
  network.on("blurEdge", hideCard);
  network.on("click", function (p) {
    if (p.nodes.length) { pinned = p.nodes[0]; showCard(nodeCard(pinned), p.pointer.DOM); }
    else if (p.edges.length) { pinned = "e"; showCard(edgeCard(p.edges[0]), p.pointer.DOM); }
    else { pinned = null; card.hidden = true; }
  });

  // --- legend and filters --------------------------------------------------------------------
  function visible(i) {
    return state.groups[data.nodes[i].g] !== false && (focus === null || focus[i] === true);
  }
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    $("pn-stats").textContent = api.visibleNodeCount() + " / " + data.nodes.length + " " + ui("nodes") +
      " · " + api.visibleEdgeCount() + " / " + data.edges.length + " " + ui("edges");
  }
  function swatchNode(g) {
    var s = el("span", "pn-swatch pn-shape-" + (/^[a-zA-Z]+$/.test(g.shape) ? g.shape : "dot"));
    s.style.backgroundColor = g.color;
    return s;
  }
  function swatchEdge(r) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", "30"); svg.setAttribute("height", "10"); svg.setAttribute("class", "pn-line");
    var line = document.createElementNS(NS, "line");
    line.setAttribute("x1", "1"); line.setAttribute("y1", "5"); line.setAttribute("x2", "29"); line.setAttribute("y2", "5");
    line.setAttribute("stroke", r.color); line.setAttribute("stroke-width", "2.5");
    if (r.dashes && r.dashes.length) { line.setAttribute("stroke-dasharray", r.dashes.map(Number).join(" ")); }
    svg.appendChild(line);
    return svg;
  }
  function legendRow(parent, item, swatch, checked, onChange, testId) {
    var label = el("label", "pn-row");
    var box = el("input");
    box.type = "checkbox"; box.checked = checked;
    box.setAttribute("data-key", testId);
    box.addEventListener("change", function () { onChange(box.checked); refresh(); });
    label.appendChild(box);
    label.appendChild(swatch);
    var names = el("span", "pn-names");
    names.appendChild(el("span", "pn-name", nameOf(item, lang)));
    if (nameOf(item, other) !== nameOf(item, lang)) { names.appendChild(el("span", "pn-name-alt", nameOf(item, other))); }
    label.appendChild(names);
    label.appendChild(el("span", "pn-count", item.count));
    parent.appendChild(label);
    return box;
  }
  var groupBox = $("pn-groups"), relBox = $("pn-rels");
  groupBox.appendChild(el("h3", null, ui("kinds")));
  data.groups.forEach(function (g) {
    legendRow(groupBox, g, swatchNode(g), state.groups[g.key], function (on) { state.groups[g.key] = on; }, "group:" + g.key);
  });
  relBox.appendChild(el("h3", null, ui("rels")));
  data.rels.forEach(function (r) {
    if (r.key === data.suggested) {
      legendRow(relBox, r, swatchEdge(r), state.suggested, function (on) { state.suggested = on; }, "suggested");
    } else {
      legendRow(relBox, r, swatchEdge(r), state.rels[r.key], function (on) { state.rels[r.key] = on; }, "rel:" + r.key);
    }
  });
  // Labels on the canvas can be hidden (a dense view reads better without them).
  var labelBox = legendRow($("pn-legend"), { th: data.ui.labels[0], en: data.ui.labels[1], count: "" },
    el("span"), true, function (on) {
      network.setOptions({ nodes: { font: { color: on ? "#1a1a1a" : "rgba(0,0,0,0)", strokeWidth: on ? 3 : 0 } } });
    }, "labels");
  labelBox.id = "pn-labels";
  var showAllButton = tool(ui("show_all"), "all", showAll);
  showAllButton.id = "pn-showall";
  showAllButton.hidden = true;
  $("pn-stats").parentNode.insertBefore(showAllButton, $("pn-stats").nextSibling);
  $("pn-size").textContent = ui("size") + ": " + data.sizeBy[L];
  if (!data.gaps.length) { $("pn-gapring").hidden = true; }

  // --- date slider: the ties as they stood on a day (hidden when no tie is dated) ---------
  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function shownDay(iso) {
    if (lang !== "th") { return iso; }
    return (Number(iso.slice(0, 4)) + 543) + iso.slice(4);  // Buddhist Era, as users write it
  }
  if (data.dateRange) {
    var first = Date.parse(data.dateRange[0] + "T00:00:00Z");
    var last = Date.parse(data.dateRange[1] + "T00:00:00Z");
    var steps = Math.max(1, Math.round((last - first) / 86400000));
    var slider = $("pn-day"), out = $("pn-dayout");
    slider.max = String(steps + 1);  // the last step: every tie, as stored
    slider.value = slider.max;
    out.textContent = ui("all_days");
    slider.addEventListener("input", function () {
      var step = Number(slider.value);
      state.day = step > steps ? null : isoDay(first + step * 86400000);
      out.textContent = state.day === null ? ui("all_days") : shownDay(state.day);
      refresh();
    });
    $("pn-time").hidden = false;
  }

  // --- gap list ------------------------------------------------------------------------------
  var gapList = $("pn-gaps");
  if (!data.gaps.length) { $("pn-gapsec").hidden = true; }
  data.gaps.forEach(function (gap) {
    var li = el("li", "pn-gap");
    li.appendChild(el("span", "pn-sev pn-sev-" + (gap.sev === "high" || gap.sev === "medium" ? gap.sev : "low"), gap.sevName[L]));
    li.appendChild(document.createTextNode(" " + gap[lang]));
    li.tabIndex = 0;
    li.addEventListener("click", function () {
      var ids = gap.subjects.filter(visible);
      network.selectNodes(ids);
      if (ids.length) { network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.5 }); }
    });
    gapList.appendChild(li);
  });
  data.notes.forEach(function (text) { $("pn-notes").appendChild(el("p", null, text)); });
  if (data.credit) { $("pn-credit").textContent = data.credit; }

  // --- search --------------------------------------------------------------------------------
  var kindOrder = {};
  data.groups.forEach(function (g, i) { kindOrder[g.key] = i; });
  function kindRank(n) { return n.g in kindOrder ? kindOrder[n.g] : data.groups.length; }
  function search(query, limit) {
    var q = searchKey(query || "");
    if (!q) { return []; }
    var found = [];
    data.nodes.forEach(function (n, i) {
      var best = 3;
      for (var k = 0; k < n.q.length && best > 0; k++) {
        var key = n.q[k];
        var rank = key === q ? 0 : key.indexOf(q) === 0 ? 1 : key.indexOf(q) > 0 ? 2 : 3;
        if (rank < best) { best = rank; }
      }
      if (best < 3) { found.push([best, kindRank(n), -(n.p || 0), nameOf(n, lang), i]); }
    });
    // Best first: how well a name matches (exact, start, inside), then the kind in legend
    // order (councils first: "โนนท่อน" finds the council before the village's savings group),
    // then the most partners, then the name.
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] ||
        (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : a[4] - b[4]);
    });
    return found.slice(0, limit || 20).map(function (f) { return f[4]; });
  }
  // --- the drawer (narrow screens): the sidebar over the graph, closed after a choice -------
  var drawer = $("pn-drawer"), app = $("pn-app");
  function setDrawer(open) {
    if (!drawer) { return; }
    app.classList.toggle("pn-drawer-open", open);
    drawer.setAttribute("aria-expanded", open ? "true" : "false");
    drawer.textContent = drawer.getAttribute(open ? "data-close" : "data-open");
  }
  function narrow() { return drawer && getComputedStyle(drawer).display !== "none"; }
  if (drawer) {
    drawer.addEventListener("click", function () {
      var open = !app.classList.contains("pn-drawer-open");
      setDrawer(open);
      if (open) { $("pn-q").focus(); }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && app.classList.contains("pn-drawer-open")) { setDrawer(false); drawer.focus(); }
    });
  }

  function select(i) {
    if (narrow()) { setDrawer(false); }
    if (visible(i)) {
      network.selectNodes([i]);
      network.focus(i, { scale: Math.max(network.getScale(), 1.1), animation: false });
    }
    pinned = i;
    showCard(nodeCard(i), null);
  }
  var input = $("pn-q"), results = $("pn-results");
  function showResults() {
    clear(results);
    var hits = search(input.value, 15);
    if (input.value && !hits.length) { results.appendChild(el("li", "pn-none", ui("no_match"))); }
    hits.forEach(function (i) {
      var n = data.nodes[i], li = el("li"), b = el("button", "pn-hit");
      b.type = "button";
      b.appendChild(swatchNode(groups[n.g] || { color: "#7f7f7f", shape: "dot" }));
      b.appendChild(document.createTextNode(nameOf(n, lang)));
      b.addEventListener("click", function () { select(i); });
      li.appendChild(b);
      results.appendChild(li);
    });
    return hits;
  }
  input.addEventListener("input", showResults);
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = showResults(); if (hits.length) { select(hits[0]); } }
  });

  // --- API for scripts and tests -------------------------------------------------------------
  var api = {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    visibleNodeCount: function () { return network.body.nodeIndices.length; },
    visibleEdgeCount: function () { return network.body.edgeIndices.length; },
    setDay: function (iso) { state.day = iso; refresh(); },
    search: function (q) { return search(q, 50).map(function (i) { return data.nodes[i].id; }); },
    focus: function (id, hops) {
      for (var i = 0; i < data.nodes.length; i++) { if (data.nodes[i].id === id) { focusOn(i, hops || 1); return true; } }
      return false;
    },
    visibleIds: function () { return visibleIds().map(function (i) { return data.nodes[i].id; }); },
    select: function (id) {
      for (var i = 0; i < data.nodes.length; i++) { if (data.nodes[i].id === id) { select(i); return true; } }
      return false;
    },
    searchKey: searchKey
  };
  window.partnernet = api;
  refresh();
})();
