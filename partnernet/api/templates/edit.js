/* partnernet editing pages (progressive enhancement; the forms work without it): the area
   picker refreshes its districts when a province or district is chosen, and a tie's other
   end gets suggestions from the organisations API. Names are set with textContent only. */
(function () {
  "use strict";
  var refresh = document.getElementById("pn-refresh");
  if (refresh && refresh.form) {
    var form = refresh.form;
    refresh.classList.add("pn-hidden");
    var order = ["f-province", "f-district", "f-subdistrict"];
    Array.prototype.forEach.call(form.querySelectorAll("select[data-refresh]"), function (s) {
      s.addEventListener("change", function () {
        // A new province clears the district and subdistrict chosen in the old one.
        for (var i = order.indexOf(s.id) + 1; i < order.length; i++) {
          var below = document.getElementById(order[i]);
          if (below) { below.value = ""; }
        }
        if (form.requestSubmit) { form.requestSubmit(refresh); } else { refresh.click(); }
      });
    });
  }

  var other = document.getElementById("f-other");
  var list = document.getElementById("pn-other-list");
  if (other && list) {
    var timer = null;
    other.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      var text = other.value.trim();
      if (text.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/api/v1/organizations?limit=10&q=" + encodeURIComponent(text),
              { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (page) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            page.items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.id;
              option.textContent = item.name_th + (item.name_en ? " · " + item.name_en : "");
              list.appendChild(option);
            });
          }, function () { /* suggestions are a convenience */ });
      }, 250);
    });
  }
})();
