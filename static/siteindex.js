// The index of a site of many reports (reportgen/siteindex.py), for static/search.js on the pages that
// list every report: which reports can hold every term of a query, so that only their data is loaded.
// window.RGT (the index's t.<hash>.js) gives the number of shards (s), their fingerprints (h), the bits
// of a report's set (m) and the Traditional→Simplified pairs; each shard file sets window.RGX[its
// number] to the same slice of every report's bit set (base64), in the order of the form's data-reports.
window.RGW = function (box, add, again) {
  "use strict";
  var I = window.RGT, ids = [], src = {}, asked = {}, pending = 0, C = [], X = {}, c, n, k,
    dir = box.getAttribute("data-src").split(" ")[0].replace(/[^/]*$/, "");  // the index's folder
  box.getAttribute("data-reports").split(" ").forEach(function (r) { ids.push(r.split("|")[0]); });
  box.getAttribute("data-data").split(" ").forEach(function (s, i) { src[ids[i]] = s; });
  for (n = 0; n < 256; C[n++] = c) for (c = n, k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ c >>> 1 : c >>> 1;
  function crc(s) {  // CRC-32 of the UTF-8, as siteindex.py hashes a key
    for (var b = new TextEncoder().encode(s), c = -1, i = 0; i < b.length; i++) c = C[(c ^ b[i]) & 255] ^ c >>> 8;
    return (c ^ -1) >>> 0;
  }
  function load(list) {  // scripts, each once; the search runs again when none is still loading
    list.forEach(function (s) {
      if (asked[s]) return;
      asked[s] = ++pending;
      var e = document.createElement("script");
      e.src = s;
      e.onload = e.onerror = function () { pending--; add(); if (!pending) again(); };
      document.head.appendChild(e);
    });
  }
  // The reports whose sets hold every key of the query's terms (search.js parse()), with the data of the
  // first 12 + `more` of them loaded; false while what that needs is loading. The keys are what the
  // search matches: a pair of neighbouring Han characters of a Chinese term, the first letters or digits
  // (at most 3) of an English word, a number's "#value " token.
  return function (t, more) {
    var per = (1 << I.m) / I.s, w = per / 8, keys = [], need, found = [], R = window.RGX || {};
    t.forEach(function (x) {
      if (x.n) keys.push("n" + x.n);
      else if (x.z) for (var i = 1; i < x.z.length; i++) keys.push("z" + x.z.substr(i - 1, 2));
      else keys.push("e" + x.s.match(/^[a-z0-9]{1,3}/)[0]);
    });
    keys = keys.map(function (key) { var b = crc(key) & (1 << I.m) - 1; return [b / per | 0, b % per]; });
    need = keys.filter(function (x) { return !R[x[0]]; }).map(function (x) { return dir + x[0] + "." + I.h[x[0]] + ".js"; });
    if (need.some(function (s) { return !asked[s]; }) || pending) return load(need), false;
    keys = keys.filter(function (x) { return R[x[0]]; });  // a shard that failed to load rules no report out
    keys.forEach(function (x) {
      X[x[0]] = X[x[0]] || Uint8Array.from(atob(R[x[0]]), function (ch) { return ch.charCodeAt(0); });
    });
    ids.forEach(function (id, r) {
      if (keys.every(function (x) { return X[x[0]][r * w + (x[1] >> 3)] & 1 << (x[1] & 7); })) found.push(id);
    });
    need = found.slice(0, 12 + more).map(function (id) { return src[id]; }).filter(function (s) { return !asked[s]; });
    return need.length ? (load(need), false) : found;
  };
};
