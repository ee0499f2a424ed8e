// Progressive enhancement only: every page reads fully without this script.
(function () {
  "use strict";
  // The language switch keeps the paragraph: carry the #fragment to the other language's page.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-keep-hash]");
    if (a && location.hash) a.href = a.href.split("#")[0] + location.hash;
  });
  // Permalinks: clicking one copies the paragraph's deep link (the link still works without JS).
  var status = document.createElement("p");
  status.className = "copied";
  status.setAttribute("role", "status");
  document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(status); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.pl");
    if (!a || !navigator.clipboard) return;
    var url = location.href.split("#")[0] + a.getAttribute("href");
    navigator.clipboard.writeText(url).then(function () {
      status.textContent = document.documentElement.lang === "en" ? "Link copied" : "已复制本段链接";
      setTimeout(function () { status.textContent = ""; }, 2500);
    }, function () {});
  });
})();
