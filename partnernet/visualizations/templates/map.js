/* partnernet province map. Text from data is set with textContent only, never as markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("pn-data").textContent);
  var L = data.lang === "en" ? 1 : 0;
  var lang = data.lang === "en" ? "en" : "th";
  var other = lang === "th" ? "en" : "th";
  var COLOR = /^#[0-9a-fA-F]{6}$/;
  function ui(key) { var pair = data.ui[key]; return pair ? pair[L] : key; }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  var current = data.metric;
  var paths = Array.prototype.slice.call(document.querySelectorAll("#pn-provinces path"));
  var legend = document.getElementById("pn-legend");
  var tip = document.getElementById("pn-tip");
  var outline = document.createElementNS("http://www.w3.org/2000/svg", "path");
  outline.setAttribute("id", "pn-hover");
  outline.setAttribute("visibility", "hidden");
  document.getElementById("pn-map").appendChild(outline);

  function paint(metric) {
    current = metric;
    var fills = data.fills[metric] || {};
    paths.forEach(function (p) {
      var fill = fills[p.getAttribute("data-code")];
      p.setAttribute("fill", COLOR.test(fill || "") ? fill : "#e8e8e8");
    });
    clear(legend);
    var m = data.metrics[metric];
    legend.appendChild(el("h2", null, m[lang]));
    if (m[other] !== m[lang]) { legend.appendChild(el("div", "pn-alt", m[other])); }
    m.legend.forEach(function (entry) {
      var row = el("div", "pn-legend-row");
      var sw = el("span", "pn-swatch");
      if (COLOR.test(entry[0])) { sw.style.backgroundColor = entry[0]; }
      row.appendChild(sw);
      row.appendChild(el("span", null, entry[1]));
      legend.appendChild(row);
    });
  }
  function card(code) {
    var prov = data.provinces[code];
    var frag = document.createDocumentFragment();
    if (!prov) { frag.appendChild(el("strong", null, code)); return frag; }
    frag.appendChild(el("strong", null, prov[lang]));
    frag.appendChild(el("div", "pn-alt", prov[other] + (prov.region[L] ? " · " + prov.region[L] : "")));
    var table = el("table", "pn-facts");
    Object.keys(data.metrics).forEach(function (key) {
      var tr = el("tr", key === current ? "pn-current" : null);
      tr.appendChild(el("th", null, data.metrics[key][lang]));
      tr.appendChild(el("td", null, prov.values[key]));
      table.appendChild(tr);
    });
    frag.appendChild(table);
    if (prov.link) { frag.appendChild(el("div", "pn-alt", ui("open_view"))); }
    return frag;
  }
  paths.forEach(function (p) {
    p.addEventListener("mouseenter", function () {
      // outline the province on a top layer, so that no neighbour hides its border
      outline.setAttribute("d", p.getAttribute("d") || "");
      outline.removeAttribute("visibility");
    });
    p.addEventListener("mousemove", function (ev) {
      clear(tip);
      tip.appendChild(card(p.getAttribute("data-code")));
      tip.hidden = false;
      var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
      var y = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
      tip.style.left = Math.max(4, x) + "px";
      tip.style.top = Math.max(4, y) + "px";
    });
    p.addEventListener("mouseleave", function () {
      tip.hidden = true;
      outline.setAttribute("visibility", "hidden");
    });
  });
  var select = document.getElementById("pn-metric");
  select.addEventListener("change", function () { if (data.metrics[select.value]) { paint(select.value); } });
  paint(current);
  window.partnernetMap = { paint: paint, card: card, provinces: paths.length };
  document.body.setAttribute("data-ready", "1");
})();
