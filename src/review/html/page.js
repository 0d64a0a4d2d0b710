// The review page's script: filters the index, shows one page of documents,
// parses a chunk of document texts only when one of its documents is shown,
// and keeps the view in the address (#rule=ID&show=changed&flag=F&group=G&page=N).
(function () {
  "use strict";
  var idx = JSON.parse(document.getElementById("nc-index").textContent);
  var chunkEls = document.querySelectorAll("script.nc-chunk");
  var parsed = {};
  var compare = idx.mode === "compare";
  var anyChanged = idx.docs.some(function (d) { return d.c; });
  var defaultShow = idx.mode === "diff" && anyChanged ? "changed" : "all";
  var FOLD = 8, KEEP = 3;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function colour(label) { return "r" + (label % 12); }
  function body(i) {
    var k = Math.floor(i / idx.chunk);
    if (!parsed[k]) parsed[k] = JSON.parse(chunkEls[k].textContent);
    return parsed[k][i % idx.chunk];
  }
  function ruleLabel(name) { return idx.labels.indexOf(name); }

  function readState() {
    var s = { rule: "", show: defaultShow, flag: "", group: "", page: 1, dropped: true };
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("="), k = i < 0 ? kv : kv.slice(0, i);
      var v = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1));
      if (k === "page") s.page = Math.max(1, parseInt(v, 10) || 1);
      else if (k === "dropped") s.dropped = v !== "0";
      else if (k in s) s[k] = v;
    });
    return s;
  }
  function writeState(s) {
    var parts = [];
    if (s.rule) parts.push("rule=" + encodeURIComponent(s.rule));
    if (s.show !== defaultShow) parts.push("show=" + s.show);
    if (s.flag) parts.push("flag=" + encodeURIComponent(s.flag));
    if (s.group !== "") parts.push("group=" + s.group);
    if (!s.dropped) parts.push("dropped=0");
    if (s.page > 1) parts.push("page=" + s.page);
    location.hash = parts.join("&");
  }

  function matches(d, s) {
    if (s.rule) {
      var l = ruleLabel(s.rule);
      if (l < 0 || d.r.indexOf(l) < 0) return false;
    }
    if (!compare && s.show === "changed" && !d.c) return false;
    if (!compare && s.show === "unchanged" && d.c) return false;
    if (s.flag && d.f.indexOf(s.flag) < 0) return false;
    if (compare && s.group !== "" && String(d.g) !== s.group) return false;
    return true;
  }

  function segment(seg, showDropped) {
    var mark = seg[0], text = seg[1], label = seg[2];
    if (mark === "k") return document.createTextNode(text);
    if (mark === "x") return showDropped ? el("span", "x", text) : null;
    var e = el(mark === "d" ? "del" : "ins", colour(label), text);
    e.title = idx.labels[label];
    e.dataset.rule = idx.labels[label];
    return e;
  }
  function lineEl(line, showDropped) {
    if (typeof line === "string") return el("div", "ln", line);
    if (line.length === 1 && line[0][0] === "x") {
      if (!showDropped) return null;
      var x = el("div", "ln x", line[0][1]);
      var why = idx.labels[line[0][2]];
      x.title = "left out by extraction" + (why ? " (" + why + ")" : "");
      if (why) x.dataset.rule = why;
      return x;
    }
    if (line.length === 1 && line[0][0] === "g") return el("div", "ln gap", "\u22ef");
    var div = el("div", "ln");
    line.forEach(function (seg) {
      var s = segment(seg, showDropped);
      if (s) div.appendChild(s);
    });
    return div;
  }
  // Long runs of untouched lines fold away, with a few lines of context kept.
  function textEl(lines, showDropped) {
    var box = el("div", "text"), run = [];
    function flush() {
      if (run.length > FOLD) {
        run.slice(0, KEEP).forEach(function (n) { box.appendChild(n); });
        var fold = el("details", "fold");
        fold.appendChild(el("summary", null, (run.length - 2 * KEEP) + " unchanged lines"));
        run.slice(KEEP, run.length - KEEP).forEach(function (n) { fold.appendChild(n); });
        box.appendChild(fold);
        run.slice(run.length - KEEP).forEach(function (n) { box.appendChild(n); });
      } else {
        run.forEach(function (n) { box.appendChild(n); });
      }
      run = [];
    }
    lines.forEach(function (line) {
      var n = lineEl(line, showDropped);
      if (!n) return;
      if (typeof line === "string") run.push(n);
      else { flush(); box.appendChild(n); }
    });
    flush();
    return box;
  }
  function docEl(i, s) {
    var d = idx.docs[i];
    var sec = el("section", "doc");
    sec.id = "doc-" + i;
    sec.dataset.id = d.id;
    var head = el("header");
    head.appendChild(el("h2", null, d.title || d.url || d.id));
    var meta = el("div", "meta");
    if (d.url && /^https?:\/\//i.test(d.url)) {
      var a = el("a", null, d.url);
      a.href = d.url;
      a.rel = "noreferrer noopener";
      meta.appendChild(a);
    } else if (d.url) {
      meta.appendChild(el("span", null, d.url));
    }
    if (d.title || d.url) meta.appendChild(el("span", "docid", d.id));
    meta.appendChild(el("span", "count", d.e + (d.e === 1 ? " edit" : " edits")));
    d.r.forEach(function (l) {
      var c = el("span", "chip " + colour(l), idx.labels[l]);
      meta.appendChild(c);
    });
    d.f.forEach(function (f) { meta.appendChild(el("span", "flag", f)); });
    if (d.x) meta.appendChild(el("span", "x", d.x + " dropped by extraction"));
    head.appendChild(meta);
    sec.appendChild(head);
    sec.appendChild(textEl(body(i), s.dropped));
    return sec;
  }

  function fillSelect(id, values, selected) {
    var sel = document.getElementById(id);
    values.forEach(function (v) {
      var o = el("option", null, v[1]);
      o.value = v[0];
      sel.appendChild(o);
    });
    sel.value = selected;
  }

  function render() {
    var s = readState();
    var list = [];
    for (var i = 0; i < idx.docs.length; i++) if (matches(idx.docs[i], s)) list.push(i);
    var pages = Math.max(1, Math.ceil(list.length / idx.page));
    if (s.page > pages) s.page = pages;
    document.getElementById("f-rule").value = s.rule;
    document.getElementById("f-show").value = s.show;
    document.getElementById("f-flag").value = s.flag;
    document.getElementById("f-group").value = s.group;
    document.getElementById("f-dropped").checked = s.dropped;
    var from = (s.page - 1) * idx.page, to = Math.min(list.length, from + idx.page);
    var docs = document.getElementById("nc-docs");
    docs.textContent = "";
    list.slice(from, to).forEach(function (i) { docs.appendChild(docEl(i, s)); });
    document.getElementById("nc-status").textContent = list.length === 0
      ? "no document matches"
      : "documents " + (from + 1) + "\u2013" + to + " of " + list.length +
        (list.length < idx.docs.length ? " (" + idx.docs.length + " in all)" : "");
    var pager = document.getElementById("nc-pager");
    pager.textContent = "";
    if (pages > 1) {
      var go = function (p) { return function () { s.page = p; writeState(s); window.scrollTo(0, 0); }; };
      var prev = el("button", "prev", "\u2190 previous");
      prev.disabled = s.page <= 1;
      prev.onclick = go(s.page - 1);
      var next = el("button", "next", "next \u2192");
      next.disabled = s.page >= pages;
      next.onclick = go(s.page + 1);
      pager.appendChild(prev);
      pager.appendChild(el("span", "page", "page " + s.page + " of " + pages));
      pager.appendChild(next);
    }
  }

  // Colour the rule links of the summary like the marks of their rule.
  document.querySelectorAll("a.rule").forEach(function (a) {
    var l = ruleLabel(a.dataset.rule);
    if (l >= 0) a.classList.add(colour(l));
  });
  var rules = idx.labels.filter(function (l) { return l.indexOf(" + ") < 0; }).sort();
  fillSelect("f-rule", rules.map(function (r) { return [r, r]; }), "");
  var flags = {};
  idx.docs.forEach(function (d) { d.f.forEach(function (f) { flags[f] = true; }); });
  var flagNames = Object.keys(flags).sort();
  if (flagNames.length) document.body.classList.add("with-flags");
  fillSelect("f-flag", flagNames.map(function (f) { return [f, f]; }), "");
  var groups = {};
  idx.docs.forEach(function (d) { if (d.g !== undefined) groups[d.g] = true; });
  fillSelect("f-group", Object.keys(groups).sort(function (a, b) { return a - b; })
    .map(function (g) { return [g, "group " + (+g + 1)]; }), "");
  ["f-rule", "f-show", "f-flag", "f-group", "f-dropped"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () {
      var s = readState();
      s.rule = document.getElementById("f-rule").value;
      s.show = document.getElementById("f-show").value;
      s.flag = document.getElementById("f-flag").value;
      s.group = document.getElementById("f-group").value;
      s.dropped = document.getElementById("f-dropped").checked;
      s.page = 1;
      writeState(s);
    });
  });
  window.addEventListener("hashchange", render);
  render();
})();
