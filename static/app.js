// Progressive enhancement only: every page reads fully without this script.
(function () {
  "use strict";
  // The language switch keeps the paragraph: carry the #fragment to the other language's page.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[data-keep-hash]");
    if (a && location.hash) a.href = a.href.split("#")[0] + location.hash;
  });
  // The printed footer names the page's address as the reader opened it (the build knows it only
  // when given a base URL).
  document.addEventListener("DOMContentLoaded", function () {
    var u = document.querySelector(".page-url");
    if (u && !/^https?:/.test(u.textContent)) u.textContent = location.href.split("#")[0];
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

  // Glossary terms: the short definition opens on hover, keyboard focus and tap, placed beside the term
  // (below it, or above when there is no room) and never outside the viewport. Escape closes it.
  document.documentElement.classList.add("js");
  // Search (shown by the "js" class): its code and the reports' data load on first use.
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".search"), q = box && box.querySelector("input"), started;
    if (!box) return;
    q.addEventListener("focus", function () {
      if (started) return;
      started = 1;
      if (window.RGS) return RGS(box);  // a single-file copy: code and data are inside it
      box.getAttribute("data-src").split(" ").forEach(function (src, i, all) {
        var s = document.createElement("script");
        s.src = src;
        s.async = false;  // in order: the data, then the code that reads it
        if (i == all.length - 1) s.onload = function () { RGS(box); };
        document.head.appendChild(s);
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key == "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) && !e.target.isContentEditable) {
        e.preventDefault();
        q.focus();
      }
    });
  });
  var open = null, closing = null, tapToOpen = false, GAP = 6, EDGE = 8;
  function termOf(node) { return node && node.closest ? node.closest(".term") : null; }
  function place(term) {
    var tip = term.querySelector(".tip"), r = term.querySelector(".term-link").getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    tip.style.left = "0px"; tip.style.top = "0px";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.max(EDGE, Math.min(r.left, vw - w - EDGE));
    var top = r.bottom + GAP;
    if (top + h > vh - EDGE && r.top - GAP - h >= EDGE) top = r.top - GAP - h;
    tip.style.left = left + "px"; tip.style.top = top + "px";
  }
  function show(term) {
    clearTimeout(closing);
    if (open === term) return;
    if (open) hide();
    term.classList.add("open");
    open = term;
    place(term);
  }
  function hide() {
    clearTimeout(closing);
    if (open) open.classList.remove("open");
    open = null;
  }
  document.addEventListener("mouseover", function (e) { var t = termOf(e.target); if (t) show(t); });
  document.addEventListener("mouseout", function (e) {
    var t = termOf(e.target);
    if (t && t === open && termOf(e.relatedTarget) !== t && !t.contains(document.activeElement)) {
      closing = setTimeout(hide, 200);  // time to move the pointer onto the definition
    }
  });
  document.addEventListener("focusin", function (e) { var t = termOf(e.target); if (t) show(t); else if (open) hide(); });
  document.addEventListener("focusout", function (e) {
    if (open && termOf(e.relatedTarget) !== open && !open.matches(":hover")) hide();
  });
  // A tap opens the definition first; its link (or a second tap on the term) goes to the full entry.
  document.addEventListener("pointerdown", function (e) {
    var t = termOf(e.target);
    tapToOpen = e.pointerType !== "mouse" && !!t && t !== open && !!e.target.closest(".term-link");
    if (!t && open) hide();
  });
  document.addEventListener("click", function (e) {
    var t = termOf(e.target);
    if (t && tapToOpen && e.target.closest(".term-link")) { e.preventDefault(); show(t); }
    tapToOpen = false;
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && open) hide(); });
  window.addEventListener("scroll", function () { if (open) place(open); }, { passive: true });
  window.addEventListener("resize", function () { if (open) place(open); });
})();
