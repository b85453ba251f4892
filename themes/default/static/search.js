// Client-side search over the sharded index that `qaward build` writes
// under search/ (format: src/render/search.rs, docs/search.md).
//
// The query is normalised as the index was. The postings of its bigrams
// (of its character, for a one-character query) narrow it to candidate
// chunks of records, and a record is a hit only if its text contains the
// query: any substring is found, across Chinese word boundaries, and
// nothing else. Only what a query needs is loaded, by <script> elements,
// since fetch() fails on file://: meta.js, the shards of some of its
// bigrams, and the chunks of its candidates. The engine needs no page, so
// bench/search-load.mjs and bench/search-queries.mjs run this very file in
// Node.
(function (global) {
  "use strict";

  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var VALUE = {};
  for (var v = 0; v < DIGITS.length; v++) {
    VALUE[DIGITS.charAt(v)] = v;
  }
  // Rust's char::is_whitespace, which the index was normalised with.
  var SPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  // At most this many bytes of chunks are loaded before results are shown.
  var ROUND_BYTES = 1000000;
  // Narrowing stops after shards in a row that each saved less than they
  // cost: one, and one more for each STALL_SHARDS shards the chunks left
  // would cost.
  var STALL_SHARDS = 16;

  function normalise(text) {
    return Array.from(text)
      .filter(function (c) { return !SPACE.test(c); })
      .map(function (c) { return c.toLowerCase(); })
      .join("");
  }

  // FNV-1a over UTF-8, 32 bits: the hash that puts a gram in its shard.
  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    }
    return h;
  }

  // The inverse of encode_postings in src/render/search.rs: runs of
  // chunk numbers, each 2 × gap + (length > 1) [then length − 2], in
  // little-endian 5-bit digits whose sixth bit says "more digits".
  function decode(text) {
    var out = [];
    var at = 0;
    var next = 0;
    function number() {
      var value = 0;
      var scale = 1;
      var digit;
      do {
        digit = VALUE[text.charAt(at++)];
        if (digit === undefined) {
          throw new Error("bad postings");
        }
        value += (digit & 31) * scale;
        scale *= 32;
      } while (digit & 32);
      return value;
    }
    while (at < text.length) {
      var value = number();
      var start = next + Math.floor(value / 2);
      next = start + (value % 2 ? number() + 2 : 1);
      for (var n = start; n < next; n++) {
        out.push(n);
      }
    }
    return out;
  }

  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] < b[j]) {
        i++;
      } else if (a[i] > b[j]) {
        j++;
      } else {
        out.push(a[i]);
        i++;
        j++;
      }
    }
    return out;
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  // An error that names what went wrong: `file` failed to load, or came
  // from another build of the index (`stale`), or the search was
  // overtaken by a newer one (`cancelled`).
  function failure(kind, file) {
    var error = new Error(kind + (file ? ": " + file : ""));
    error.kind = kind;
    error.file = file || "";
    return error;
  }

  // The engine over the files that `load(file)` returns, each a promise of
  // the data its QAWARD_SEARCH call registered.
  function createEngine(load) {
    var metaPromise = null;
    var files = {};
    var ready = {};
    var lists = {};

    function meta() {
      if (!metaPromise) {
        metaPromise = load("meta.js").then(function (m) {
          if (m.kind !== "meta" || m.version !== 2) {
            throw failure("stale", "meta.js");
          }
          return m;
        }, function (error) {
          metaPromise = null;
          throw error;
        });
      }
      return metaPromise;
    }

    // A file of the index, once: the data it registered.
    function file(m, name) {
      if (!files[name]) {
        files[name] = load(name).then(function (data) {
          if (data.id !== m.id) {
            throw failure("stale", name);
          }
          ready[name] = true;
          return data;
        });
        files[name].catch(function () { delete files[name]; });
      }
      return files[name];
    }

    function shardFile(m, gram) {
      return "g/" + (fnv1a(gram) % m.shards) + ".js";
    }

    function chunkFile(n) {
      return "d/" + n + ".js";
    }

    function posting(m, gram) {
      if (lists[gram]) {
        return Promise.resolve(lists[gram]);
      }
      return file(m, shardFile(m, gram)).then(function (shard) {
        var text = shard.grams[gram];
        lists[gram] = text === undefined ? [] : decode(text);
        return lists[gram];
      });
    }

    function chunk(m, n) {
      return file(m, chunkFile(n)).then(function (data) { return data.docs; });
    }

    // The query's grams, those likely to narrow most first: its bigrams
    // from the middle outwards (a Chinese name puts its region first and
    // its legal form last, the distinctive part between), every other one
    // first so that they share no character, and the ones meta.js names
    // common last, the most common last of all.
    function plan(m, chars) {
      if (chars.length === 1) {
        return chars;
      }
      var grams = [];
      for (var i = 0; i + 1 < chars.length; i++) {
        grams.push(chars[i] + chars[i + 1]);
      }
      var middle = Math.floor((grams.length - 1) / 2);
      var order = grams.map(function (g, i) { return i; });
      var key = function (i) { return [(i - middle) & 1, Math.abs(i - middle), i]; };
      order.sort(function (a, b) {
        var ka = key(a);
        var kb = key(b);
        return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2];
      });
      grams = unique(order.map(function (i) { return grams[i]; }));
      var rank = function (g) { return m.common.indexOf(g); };
      var rare = grams.filter(function (g) { return rank(g) < 0; });
      var common = grams.filter(function (g) { return rank(g) >= 0; });
      common.sort(function (a, b) { return rank(b) - rank(a); });
      return rare.concat(common);
    }

    // The estimated bytes of chunk `n`, 0 once loaded.
    function chunkBytes(m, n) {
      return ready[chunkFile(n)] ? 0 : m.chunk_sizes[Math.floor(n / m.chunk_slice)] || 0;
    }

    function bytesToLoad(m, candidates) {
      return candidates.reduce(function (sum, n) { return sum + chunkBytes(m, n); }, 0);
    }

    // Intersects postings until another shard would likely cost more than
    // it saves: when the chunks left cost no more than a shard, or enough
    // shards in a row saved less than one (STALL_SHARDS). Skipping the
    // other grams loses nothing: every candidate's text is checked, so they
    // would only make the candidates fewer.
    function narrow(m, grams, alive) {
      var candidates = null;
      var before = Infinity;
      var stalls = 0;
      var i = 0;
      function step(list) {
        candidates = candidates === null ? list : intersect(candidates, list);
        i++;
        if (candidates.length === 0 || i === grams.length) {
          return candidates;
        }
        var cost = bytesToLoad(m, candidates);
        stalls = before - cost < m.shard_bytes ? stalls + 1 : 0;
        before = cost;
        var stalled = stalls > Math.floor(cost / (STALL_SHARDS * m.shard_bytes));
        var free = ready[shardFile(m, grams[i])];
        if (!free && (cost <= m.shard_bytes || stalled)) {
          return candidates;
        }
        return next();
      }
      function next() {
        if (!alive()) {
          return Promise.reject(failure("cancelled"));
        }
        return posting(m, grams[i]).then(step);
      }
      return next();
    }

    // The whole text of the document of record `rec` in chunk `n`: from
    // its segments, each alone in its chunk, all but the last contributing
    // their first m.segment characters.
    function docText(m, n, rec) {
      if (rec.length < 8) {
        return Promise.resolve(rec[4]);
      }
      var numbers = [];
      for (var k = 0; k < rec[7]; k++) {
        numbers.push(n - rec[6] + k);
      }
      return Promise.all(numbers.map(function (k) { return chunk(m, k); })).then(function (parts) {
        return parts.map(function (part, k) {
          var text = part[0][4];
          return k + 1 < parts.length ? Array.from(text).slice(0, m.segment).join("") : text;
        }).join("");
      });
    }

    // The records of chunk `n` whose document contains the query. `probe`
    // is the part of the query a record is sure to hold whole (all of a
    // short query).
    function check(m, query, probe, n) {
      return chunk(m, n).then(function (records) {
        var held = records.filter(function (rec) { return rec[4].indexOf(probe) !== -1; });
        return Promise.all(held.map(function (rec) {
          if (probe === query) {
            return rec;
          }
          return docText(m, n, rec).then(function (text) { return text.indexOf(query) === -1 ? null : rec; });
        }));
      });
    }

    // The candidate chunks one round loads (at least one), and the rest.
    function round(m, candidates) {
      var bytes = 0;
      var i = 0;
      while (i < candidates.length && (i === 0 || bytes + chunkBytes(m, candidates[i]) <= ROUND_BYTES)) {
        bytes += chunkBytes(m, candidates[i]);
        i++;
      }
      return { now: candidates.slice(0, i), rest: candidates.slice(i) };
    }

    // Title matches first, then the newest, then in the order of the
    // documents.
    function sorted(hits) {
      return hits.slice().sort(function (a, b) {
        if (a.inTitle !== b.inTitle) {
          return a.inTitle ? -1 : 1;
        }
        return a.d < b.d ? 1 : a.d > b.d ? -1 : a.doc - b.doc;
      });
    }

    function collect(m, query, probe, candidates, hits, alive) {
      if (!alive()) {
        return Promise.reject(failure("cancelled"));
      }
      var part = round(m, candidates);
      var checks = part.now.map(function (n) { return check(m, query, probe, n); });
      return Promise.all(checks).then(function (found) {
        var seen = {};
        hits.forEach(function (h) { seen[h.doc] = true; });
        [].concat.apply([], found).forEach(function (rec) {
          if (rec && !seen[rec[5]]) {
            seen[rec[5]] = true;
            var inTitle = normalise(rec[0]).indexOf(query) !== -1;
            hits.push({ t: rec[0], u: rec[1], k: rec[2], d: rec[3], doc: rec[5], inTitle: inTitle });
          }
        });
        var more = part.rest.length === 0 ? null : function (stillAlive) {
          return collect(m, query, probe, part.rest, hits.slice(), stillAlive);
        };
        return { query: query, hits: sorted(hits), more: more };
      });
    }

    // The documents that contain `raw`: a promise of {query, hits, more},
    // where `more`, unless null, continues with the candidates that one
    // round of loading left. `alive()` turning false cancels the search.
    function search(raw, alive) {
      var query = normalise(raw);
      alive = alive || function () { return true; };
      return meta().then(function (m) {
        if (!query) {
          return { query: query, hits: [], more: null };
        }
        var probe = Array.from(query).slice(0, m.overlap + 1);
        return narrow(m, plan(m, probe), alive).then(function (candidates) {
          return collect(m, query, probe.join(""), candidates, [], alive);
        });
      });
    }

    return { search: search };
  }

  global.QawardSearch = { createEngine: createEngine, normalise: normalise };

  var document = global.document;
  if (!document) {
    return;
  }
  var form = document.querySelector(".search-form");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var script = document.currentScript;
  if (!form || !input || !status || !list) {
    return;
  }
  var root = "../";
  var base = (script && script.getAttribute("data-index")) || root + "search/";

  // Loads a file of the index by a <script> element; its QAWARD_SEARCH
  // call leaves the data here for the element's load event.
  var arrived = {};
  global.QAWARD_SEARCH = function (data) {
    var name = data.kind === "meta" ? "meta.js" : (data.kind === "grams" ? "g/" : "d/") + data.n + ".js";
    arrived[name] = data;
  };
  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement("script");
      element.src = base + name;
      element.onload = function () {
        element.remove();
        var data = arrived[name];
        delete arrived[name];
        return data ? resolve(data) : reject(failure("stale", name));
      };
      element.onerror = function () {
        element.remove();
        reject(failure("load", name));
      };
      document.head.appendChild(element);
    });
  }
  var engine = createEngine(loadScript);

  // 2023-11-05 -> 2023年11月5日, the way the site shows dates.
  function dateZh(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? m[1] + "年" + Number(m[2]) + "月" + Number(m[3]) + "日" : iso;
  }

  var current = 0;
  var timer = null;
  var moreBox = null;

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("search-error", Boolean(isError));
  }

  function clearMore() {
    if (moreBox) {
      moreBox.remove();
      moreBox = null;
    }
  }

  function item(doc) {
    var element = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + doc.u;
    link.textContent = doc.t;
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = doc.k + " · " + dateZh(doc.d);
    element.appendChild(link);
    element.appendChild(meta);
    return element;
  }

  function fail(error) {
    clearMore();
    if (error.kind === "stale") {
      say("搜索索引已更新，请刷新页面后再试。", true);
    } else {
      say("搜索索引加载失败（" + (error.file || "search") + "），请检查网络连接或刷新页面后再试。", true);
    }
  }

  function offerMore(result, raw, token) {
    moreBox = document.createElement("p");
    moreBox.className = "search-more";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "显示更多结果";
    button.addEventListener("click", function () {
      button.disabled = true;
      say("正在加载更多结果…");
      var alive = function () { return token === current; };
      result.more(alive).then(function (next) {
        if (alive()) {
          show(next, raw, token);
          // Keyboard users stay at the end of the list, on the new button.
          if (moreBox) { moreBox.firstChild.focus(); }
        }
      }, function (error) {
        if (alive()) { fail(error); }
      });
    });
    moreBox.appendChild(button);
    list.parentNode.insertBefore(moreBox, list.nextSibling);
  }

  function show(result, raw, token) {
    clearMore();
    list.textContent = "";
    var items = document.createDocumentFragment();
    result.hits.forEach(function (doc) { items.appendChild(item(doc)); });
    list.appendChild(items);
    var n = result.hits.length;
    if (result.more) {
      say("已找到 " + n + " 条结果，还有更多结果未加载");
      offerMore(result, raw, token);
    } else {
      say(n ? "找到 " + n + " 条结果" : "没有找到与“" + raw.trim() + "”相关的内容");
    }
  }

  // Runs a search; a later one makes this one's results never show.
  function run(raw) {
    window.clearTimeout(timer);
    var token = ++current;
    clearMore();
    list.textContent = "";
    if (!normalise(raw)) {
      say("");
      return;
    }
    say("正在搜索…");
    engine.search(raw, function () { return token === current; }).then(function (result) {
      if (token === current) { show(result, raw, token); }
    }, function (error) {
      if (token === current) { fail(error); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    run(input.value);
  });
  // While typing, wait for a pause (and for the input method to finish).
  function later() {
    window.clearTimeout(timer);
    var value = input.value;
    timer = window.setTimeout(function () { run(value); }, 250);
  }
  input.addEventListener("input", function (event) {
    if (!event.isComposing) { later(); }
  });
  input.addEventListener("compositionend", later);
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})(this);
