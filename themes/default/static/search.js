// Client-side search over the character-bigram index written by
// `qaward build` (search/index.js). Any substring of the indexed text is
// found, so Chinese names match by any part of them without segmentation.
(function () {
  "use strict";
  var index = window.QAWARD_SEARCH_INDEX;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !form || !input || !status || !list) {
    return;
  }
  var root = "../";

  // 2023-11-05 -> 2023年11月5日, the way the site shows dates.
  function dateZh(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }

  function normalise(text) {
    return text.replace(/\s+/g, "").toLowerCase();
  }

  function candidates(query) {
    if (query.length < 2) {
      return index.docs.map(function (_, i) { return i; });
    }
    var result = null;
    for (var i = 0; i + 1 < query.length; i++) {
      var posting = index.grams[query.slice(i, i + 2)];
      if (!posting) {
        return [];
      }
      if (result === null) {
        result = posting.slice();
      } else {
        var set = {};
        posting.forEach(function (d) { set[d] = true; });
        result = result.filter(function (d) { return set[d]; });
      }
      if (result.length === 0) {
        return [];
      }
    }
    return result;
  }

  function search(raw) {
    var query = normalise(raw);
    list.textContent = "";
    if (!query) {
      status.textContent = "";
      return;
    }
    var hits = candidates(query)
      .map(function (i) { return index.docs[i]; })
      .filter(function (doc) { return doc.x.indexOf(query) !== -1; });
    hits.sort(function (a, b) {
      var ta = normalise(a.t).indexOf(query) !== -1 ? 0 : 1;
      var tb = normalise(b.t).indexOf(query) !== -1 ? 0 : 1;
      if (ta !== tb) { return ta - tb; }
      return a.d < b.d ? 1 : a.d > b.d ? -1 : 0;
    });
    status.textContent = hits.length ? "找到 " + hits.length + " 条结果" : "没有找到与“" + raw.trim() + "”相关的内容";
    hits.forEach(function (doc) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + doc.u;
      link.textContent = doc.t;
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = doc.k + " · " + dateZh(doc.d);
      item.appendChild(link);
      item.appendChild(meta);
      list.appendChild(item);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    search(input.value);
  });
  input.addEventListener("input", function () { search(input.value); });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
