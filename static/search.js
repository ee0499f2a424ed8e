// Search over the reports in both languages, loaded on first use (static/app.js) with each report's
// data (reportgen/search.py): unit = [anchor, page, place, zh, en, zh lead length, en lead length, extra].
window.RGS = function (box) {
  "use strict";
  var input = box.querySelector("input"), out = box.querySelector(".search-results"), T = {}, units = [],
    zh = document.documentElement.lang != "en", bi = !/view-(zh|en)/.test(document.body.className), at = {}, json = document.getElementById("search-data"),
    M = { "万": 1e4, "亿": 1e8, "万亿": 1e12, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 },
    NUM = /(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|trillion|billion|million|thousand|%|percent)?/gi,
    HAN = /[\u3400-\u9fff\uf900-\ufaff]/g, B = [], timer, given = json && [JSON.parse(json.textContent)], done = 0,
    I = window.RGT, more = 0, n, W, rank = {};
  box.getAttribute("data-reports").split(" ").forEach(function (r, i) { r = r.split("|"); at[r[0]] = r[1]; rank[r[0]] = i; });
  function add() {  // the units of the data loaded since
    var all = given || window.RGD || [];
    for (; done < all.length; done++) (function (d) {
      for (var i = 0; i < d.t.length; i += 2) T[d.t[i]] = d.t[i + 1];
      d.b.forEach(function (p) { B.push([p[0], p[1].join("\n").toLowerCase().split("\n")]); });
      d.u.forEach(function (u, i) {
        // what each kind of term is looked for in: the Chinese, the English (lower case), the numbers
        units.push({ u: u, d: d, i: i, z: u[3] + " " + u[7], e: (u[4] + " " + u[7]).toLowerCase(), l: u[4].toLowerCase(),
          n: u[7] + " " });
      });
    })(all[done]);
  }
  add();
  // a page listing a site of many reports reads the site's index (static/siteindex.js) to load only the
  // data of the reports that may hold a query's words
  if (I) for (W = RGW(box, add, function () { show(); }), n = 0; n < I.t.length; n += 2) T[I.t[n]] = I.t[n + 1];
  // "811亿" and "81.1 billion" → "#81100000000"; Chinese runs (2+ characters) as substrings; English
  // words from their start, singular or plural.
  function parse(q) {
    var t = [];
    q = q.replace(HAN, function (c) { return T[c] || c; }).toLowerCase().replace(NUM, function (m, d, s) {
      var v = String(+(+d.replace(/,/g, "") * (M[s] || 1)).toPrecision(12));
      t.push({ n: "#" + v + (s == "%" || s == "percent" ? "%" : "") + " ", s: m });
      return " ";
    });
    (q.match(/[\u3400-\u9fff]{2,}/g) || []).forEach(function (w) { t.push({ z: w, s: w, a: other(w) }); });
    (q.match(/[a-z0-9][a-z0-9'’-]*/g) || []).forEach(function (w) {
      if (w.length > 3) w = w.replace(/(ies|es|s)$/, "");
      var r = RegExp("(?:^|[^a-z0-9])" + w.replace(/[^\w]/g, "\\$&"), "g");
      t.push({ r: r, s: w, a: other(w, r) });
    });
    return t;
  }
  // the other language's forms of the glossary and termbase terms a query word names (to highlight)
  function other(w, r) {
    var a = [];
    B.forEach(function (p) {
      if (r ? p[1].some(function (f) { r.lastIndex = 0; return r.test(f); })
        : p[0].some(function (f) { return f.indexOf(w) > -1 || w.indexOf(f) > -1; })) a = a.concat(p[r ? 0 : 1]);
    });
    return a;
  }
  // [where, length] of the first of these forms in the text
  function first(text, forms) {
    var b = [-1, 0];
    forms.forEach(function (f) { var i = text.indexOf(f); if (i > -1 && (b[0] < 0 || i < b[0])) b = [i, f.length]; });
    if (b[0] > -1) b[1] += text.slice(b[0] + b[1]).search(/[^\w'’-]|$/);  // to the end of its word
    return b;
  }
  // [hits of one term in one unit, where the first is in the Chinese and its length, the same in English]
  function find(x, t) {
    var h = 0, p = -1, m, u = x.u;
    if (t.n) return x.n.indexOf(t.n) + 1 ? [1, u[3].indexOf(t.s), t.s.length, x.l.indexOf(t.s), t.s.length] : [0];
    if (t.z) {
      for (m = x.z.indexOf(t.z); m > -1; m = x.z.indexOf(t.z, m + 1)) h++;
      return [h, u[3].indexOf(t.z), t.z.length].concat(first(x.l, t.a));
    }
    if (x.e.indexOf(t.s) < 0) return [0];  // most units: no need for the word-start pattern
    t.r.lastIndex = 0;
    while ((m = t.r.exec(x.e))) { h++; if (p < 0) p = m.index + m[0].length - t.s.length; }
    p = p < u[4].length ? p : -1;
    return [h].concat(first(u[3], t.a), p, p < 0 ? 0 : u[4].slice(p).search(/[^\w'’-]|$/));
  }
  function search(t) {
    var found = [];
    if (t.length) units.forEach(function (x) {
      var s = 0, lead = 0, z = [-1], e = [-1], i, f;
      for (i = 0; i < t.length; i++) {
        f = find(x, t[i]);
        if (!f[0]) return;
        s += f[0];
        if (z[0] < 0 && f[1] > -1) z = f.slice(1, 3), lead |= f[1] < x.u[5];
        if (e[0] < 0 && f[3] > -1) e = f.slice(3), lead |= f[3] < x.u[6];
      }
      // headings, then lead sentences, then paragraphs, then glossary entries; then by hits
      found.push({ x: x, s: (x.u[5] == -1 ? 3e6 : lead ? 2e6 : x.u[5] < 0 ? 0 : 1e6) + s * 1e3 - x.i, z: z, e: e });
    });
    return found.sort(function (a, b) { return b.s - a.s || rank[a.x.d.id] - rank[b.x.d.id]; });  // ties: in the listed order
  }
  function el(tag, cls, text, lang) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    if (lang) n.lang = lang;
    return n;
  }
  // a few words either side of the first hit [where, length], the hit marked
  function snippet(text, h, lang) {
    var w = lang == "en" ? 50 : 22, n = el("span", "snip", "", lang), p = h[0], a = Math.max(0, p - w), b = p + h[1];
    if (p < 0) n.textContent = text.slice(0, w * 3) + (text.length > w * 3 ? "…" : "");
    else n.append((a ? "…" : "") + text.slice(a, p), el("mark", "", text.slice(p, b)), text.slice(b, b + w * 2) + "…");
    return n;
  }
  // a text fragment that highlights the hit, with the words before it (from a word or clause boundary),
  // so that the browser finds it in this paragraph and not the same words earlier on the page
  function frag(text, p, n) {
    var c = function (s) { return encodeURIComponent(s).replace(/-/g, "%2D"); }, a = Math.max(0, p - 24),
      pre = text.slice(a, p);
    if (a) pre = pre.replace(/^[^\s，、。；：“”（）]*[\s，、。；：“”（）]?/, "");
    pre = pre.trim();
    return ":~:text=" + (pre ? c(pre) + "-," : "") + c(text.substr(p, n));
  }
  function show() {
    if (input.value.trim() != out.dataset.q) more = 0;  // a new query starts with the first 12 reports again
    var q = input.value.trim(), t = q ? parse(q) : [], c = W && t.length ? W(t, more) : null, r, list = el("ul"),
      inside = out.contains(document.activeElement), b;
    if (c === false) return;  // what the query needs is loading: shown once it is here
    r = search(t);
    out.textContent = "";
    if (inside) input.focus();  // a result had the focus: the new list is reached from the box again, never lost
    out.hidden = !q;
    out.dataset.q = q;
    out.append(el("p", "search-count", zh ? "共 " + r.length + " 条结果" : r.length + (r.length == 1 ? " result" : " results")), list);
    r.slice(0, 10).forEach(function (f) {  // the count says how many; the first 10 are shown (a short list reads and draws quicker)
      var u = f.x.u, a = el("a"), li = el("li"), base = at[f.x.d.id], k = zh && f.z[0] > -1 || !bi && zh ? 3 : 4,
        h = k == 3 ? f.z : f.e;
      a.href = (base ? base.replace(/[^/]*$/, u[1]) : "") + "#" + u[0] + (h[0] > -1 ? frag(u[k], h[0], h[1]) : "");
      a.append(el("span", "search-place", u[2] + " · " + f.x.d.name[zh ? 0 : 1]), snippet(u[3], f.z, "zh-Hans"),
        u[4] ? snippet(u[4], f.e, "en") : "");
      li.append(a);
      list.append(li);
    });
    if (c && c.length > 12 + more) {  // more reports may hold the words: searched on the reader's word
      n = c.length - 12 - more;  // in the languages of the page's label: both on the landing page
      b = el("button", "search-more");
      if (zh) b.append(el("span", "", "再搜索 " + Math.min(n, 12) + " 份报告（另有 " + n + " 份可能含有）", "zh-Hans"));
      if (bi || !zh) b.append(el("span", "", "Search " + Math.min(n, 12) + " more reports (" + n + " may contain it)", "en"));
      b.type = "button";
      b.onclick = function () { more += 12; input.focus(); show(); };
      out.append(b);
    }
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(show, 120); });
  box.addEventListener("submit", function (e) {
    var a = out.querySelector("a");
    e.preventDefault();
    if (a) a.click();
  });
  box.addEventListener("keydown", function (e) {
    var links = [].slice.call(out.querySelectorAll("a, button")), i = links.indexOf(document.activeElement),
      k = e.key == "ArrowDown" ? 1 : e.key == "ArrowUp" ? -1 : 0;
    if (e.key == "Escape") { out.hidden = true; input.focus(); }
    if (!k || !links.length || out.hidden) return;
    e.preventDefault();
    i += k;
    (i < 0 ? input : links[Math.min(i, links.length - 1)]).focus();
  });
  input.addEventListener("focus", function () { if (input.value.trim()) out.hidden = false; });
  document.addEventListener("click", function (e) { if (!box.contains(e.target)) out.hidden = true; });
  show();
  box.show = show;  // what a benchmark times: the search and its results written
};
