// kgforge's explorer: search, an entity or statement panel, and a drawing of the chosen
// entity's neighbourhood (Cytoscape.js). The data is the JSON in #kg-data; see
// src/export/html/mod.rs for its shape. MAX_DRAWN is set by the page.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const E = data.entities;
  const S = data.statements;
  const $ = (id) => document.getElementById(id);

  // Statements by entity (as subject or object), in statement order.
  const about = E.map(() => []);
  S.forEach((st, i) => {
    about[st.s].push(i);
    if (st.o !== null && st.o !== st.s) about[st.o].push(i);
  });

  // Search: every label, alias and the id, folded (lower case, no diacritics).
  const fold = (t) => t.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const names = E.map((e) => {
    const all = [e.label, e.id, ...Object.values(e.labels), ...e.aliases];
    return [...new Set(all)].map((n) => [n, fold(n)]);
  });

  // Filters: ranks shown, and the date statements must hold at.
  let ranks = new Set(["preferred", "normal"]);
  let asOf = null; // [from, to] as YYYYMMDD numbers
  const shown = (st) => {
    if (!ranks.has(st.rank)) return false;
    if (asOf && st.t && (st.t[1] < asOf[0] || st.t[0] > asOf[1])) return false;
    return true;
  };
  function parseDate(text) {
    const m = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
    if (!m) return null;
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) : null;
    const d = m[3] ? Number(m[3]) : null;
    const n = (yy, mm, dd) => yy * 10000 + mm * 100 + dd;
    if (mo === null) return [n(y, 1, 1), n(y, 12, 31)];
    if (d === null) return [n(y, mo, 1), n(y, mo, 31)];
    return [n(y, mo, d), n(y, mo, d)];
  }

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  };
  const predicateLabel = (p, inverse) => {
    const entry = data.predicates[p];
    if (!entry) return p;
    return inverse ? entry[1] || "(is object of) " + entry[0] : entry[0];
  };
  const entityLink = (i) =>
    el("a", { class: "entity", "data-entity": E[i].id, onclick: () => select(i) }, E[i].label);

  function sourcesOf(st) {
    if (!st.refs.length) return el("div", { class: "sources" }, "no source cited");
    return el(
      "ul",
      { class: "sources" },
      ...st.refs.map(([id, at, note]) => {
        const src = data.sources[id] || { title: id };
        const title = src.url ? el("a", { href: src.url, target: "_blank", rel: "noopener" }, src.title) : src.title;
        return el("li", {}, title, at ? ", " + at : "", src.author ? " — " + src.author : "", note ? " (" + note + ")" : "", el("span", { class: "meta" }, " [" + id + "]"));
      })
    );
  }
  function assessment(st) {
    return [
      st.rank !== "normal" ? el("span", { class: "badge " + st.rank }, st.rank) : null,
      st.disputed ? el("span", { class: "badge disputed" }, "disputed") : null,
      st.q ? el("div", { class: "quals" }, st.q) : null,
      st.disputed ? el("div", { class: "why" }, "Disputed: " + st.disputed) : null,
      st.note ? el("div", { class: "note" }, "Note: " + st.note) : null,
    ];
  }
  const classes = (st) => "rank-" + st.rank + (st.disputed ? " disputed" : "");

  // ---- panels --------------------------------------------------------------------------
  function showEntity(i) {
    const e = E[i];
    const panel = $("panel");
    panel.replaceChildren();
    panel.append(el("h2", { "data-entity": e.id }, e.label));
    panel.append(el("div", { class: "meta" }, (data.types[e.type] || e.type) + " · " + e.id,
      e.wikidata ? el("span", {}, " · ", el("a", { href: "https://www.wikidata.org/wiki/" + e.wikidata, target: "_blank", rel: "noopener" }, e.wikidata)) : null));
    if (e.description) panel.append(el("p", {}, e.description));
    const others = Object.entries(e.labels).filter(([, t]) => t !== e.label).map(([l, t]) => l + ": " + t);
    if (others.length) panel.append(el("div", { class: "meta" }, "Labels: " + others.join(" · ")));
    if (e.aliases.length) panel.append(el("div", { class: "meta" }, "Also: " + e.aliases.join(" · ")));
    const facts = about[i].map((k) => S[k]).filter((st) => st.o === null && st.s === i && shown(st));
    const relations = about[i].filter((k) => S[k].o !== null && shown(S[k]));
    const hidden = about[i].length - facts.length - relations.length;
    if (facts.length) {
      panel.append(el("h3", {}, "Facts"));
      const groups = new Map();
      for (const st of facts) {
        if (!groups.has(st.p)) groups.set(st.p, []);
        groups.get(st.p).push(st);
      }
      const list = el("ul", { id: "facts" });
      for (const [p, sts] of groups) {
        list.append(el("li", { "data-predicate": p }, el("b", {}, predicateLabel(p, false)),
          el("ul", {}, ...sts.map((st) => el("li", { class: classes(st), "data-statement": st.id },
            el("span", { class: "value" }, st.v), " ", ...assessment(st), sourcesOf(st))))));
      }
      panel.append(list);
    }
    if (relations.length) {
      panel.append(el("h3", {}, "Relations"));
      panel.append(el("ul", { id: "relations" }, ...relations.map((k) => {
        const st = S[k];
        const out = st.s === i;
        return el("li", { class: classes(st) },
          el("a", { class: "statement", "data-statement": st.id, onclick: () => showStatement(k) },
            (out ? "→ " : "← ") + predicateLabel(st.p, !out)), " ", entityLink(out ? st.o : st.s),
          " ", ...assessment(st).slice(0, 2));
      })));
    }
    if (hidden > 0) panel.append(el("p", { class: "hint" }, hidden + " statement(s) hidden by the filters."));
  }

  function showStatement(k) {
    const st = S[k];
    const panel = $("panel");
    panel.replaceChildren();
    panel.append(el("h2", { "data-statement": st.id }, predicateLabel(st.p, false)));
    panel.append(el("p", { class: classes(st) }, entityLink(st.s), " → ", predicateLabel(st.p, false), " → ",
      st.o !== null ? entityLink(st.o) : el("span", { class: "value" }, st.v)));
    panel.append(el("div", {}, ...assessment(st)));
    panel.append(el("h3", {}, "Sources"), sourcesOf(st));
    panel.append(el("div", { class: "meta" }, "statement " + st.id));
  }

  // ---- drawing -------------------------------------------------------------------------
  const shapes = ["round-rectangle", "rectangle", "ellipse", "hexagon", "rectangle", "tag", "octagon", "rectangle", "barrel", "rectangle"];
  const cy = cytoscape({
    container: $("graph"),
    // A neighbourhood of three nodes would otherwise fill the screen with giant labels.
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(label)", "background-color": "data(color)", shape: "data(shape)",
        "border-width": 1, "border-color": "#666", "font-size": 11, "text-wrap": "wrap", "text-max-width": 140,
        "text-valign": "bottom", "text-margin-y": 3, width: 26, height: 26 } },
      { selector: "node.focus", style: { "border-width": 4, "border-color": "#1a1a1a" } },
      { selector: "edge", style: { label: "data(label)", "font-size": 8, color: "#333", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "arrow-scale": 0.8, width: 1.2, "line-color": "#4d4d4d",
        "target-arrow-color": "#4d4d4d", "text-background-color": "#fff", "text-background-opacity": 0.8,
        "text-rotation": "autorotate" } },
      { selector: "edge.preferred", style: { width: 3 } },
      { selector: "edge.disputed", style: { "line-style": "dashed", "line-color": "#a6611a", "target-arrow-color": "#a6611a", color: "#a6611a" } },
      { selector: "edge.deprecated", style: { "line-style": "dotted", "line-color": "#999", "target-arrow-color": "#999", color: "#999" } },
    ],
  });
  const status = el("div", { class: "status" });
  $("graph").append(status);
  let centre = null;

  function draw(focus) {
    const depth = Number($("depth").value);
    const chosen = new Map(); // entity index -> distance
    const edges = new Set();
    if (focus === null) {
      E.slice(0, MAX_DRAWN).forEach((_, i) => chosen.set(i, 0));
    } else {
      chosen.set(focus, 0);
      let frontier = [focus];
      for (let d = 1; d <= depth && frontier.length; d++) {
        const next = [];
        for (const i of frontier) {
          for (const k of about[i]) {
            const st = S[k];
            if (st.o === null || !shown(st)) continue;
            const other = st.s === i ? st.o : st.s;
            if (!chosen.has(other)) {
              if (chosen.size >= MAX_DRAWN) continue;
              chosen.set(other, d);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
    }
    for (const i of chosen.keys()) {
      for (const k of about[i]) {
        const st = S[k];
        if (st.o !== null && shown(st) && chosen.has(st.s) && chosen.has(st.o)) edges.add(k);
      }
    }
    const elements = [];
    for (const i of chosen.keys()) {
      const e = E[i];
      elements.push({ group: "nodes", data: { id: "e" + i, index: i, label: e.label, color: e.color, shape: shapes[e.shape] || "rectangle" },
        classes: i === focus ? "focus" : "" });
    }
    for (const k of edges) {
      const st = S[k];
      elements.push({ group: "edges", data: { id: "s" + k, index: k, source: "e" + st.s, target: "e" + st.o, label: predicateLabel(st.p, false) },
        classes: st.rank + (st.disputed ? " disputed" : "") });
    }
    cy.elements().remove();
    cy.add(elements);
    const layout = focus === null
      ? { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 90000, idealEdgeLength: () => 90 }
      : { name: "concentric", animate: false, concentric: (n) => depth + 1 - chosen.get(n.data("index")), levelWidth: () => 1, minNodeSpacing: 30 };
    cy.layout(layout).run();
    cy.fit(undefined, 30);
    status.textContent = (focus === null
      ? "The whole graph: " + chosen.size + " of " + E.length + " entities"
      : "Within " + depth + " of " + E[focus].label + ": " + chosen.size + " entities" + (chosen.size >= MAX_DRAWN ? " (the first " + MAX_DRAWN + ")" : ""))
      + ", " + edges.size + " statements";
  }
  cy.on("tap", "node", (ev) => select(ev.target.data("index")));
  cy.on("tap", "edge", (ev) => showStatement(ev.target.data("index")));

  function select(i) {
    centre = i;
    showEntity(i);
    draw(i);
  }

  // ---- search --------------------------------------------------------------------------
  function search(text) {
    const q = fold(text.trim());
    const list = $("results");
    list.replaceChildren();
    if (!q) return;
    const hits = [];
    for (let i = 0; i < E.length && hits.length < 500; i++) {
      let best = null;
      for (const [name, folded] of names[i]) {
        const at = folded.indexOf(q);
        if (at < 0) continue;
        const score = (folded === q ? 0 : at === 0 ? 1 : 2);
        if (best === null || score < best[0]) best = [score, name];
      }
      if (best) hits.push([best[0], E[i].label.length, i, best[1]]);
    }
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, , i, name] of hits.slice(0, 50)) {
      const e = E[i];
      list.append(el("li", { "data-entity": e.id, onclick: () => select(i) }, e.label, " ",
        el("span", { class: "kind" }, data.types[e.type] || e.type),
        name !== e.label ? el("span", { class: "match" }, " — " + name) : null));
    }
    if (!hits.length) list.append(el("li", { class: "hint" }, "No entity is named so."));
  }
  let pending = null;
  $("search").addEventListener("input", (ev) => {
    clearTimeout(pending);
    pending = setTimeout(() => search(ev.target.value), 120);
  });
  $("search").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") {
      search(ev.target.value);
      const first = $("results").querySelector("li[data-entity]");
      if (first) first.click();
    }
  });

  // ---- filters -------------------------------------------------------------------------
  function refresh() {
    if (centre !== null) showEntity(centre);
    draw(centre);
  }
  for (const box of document.querySelectorAll("input[name=rank]")) {
    box.addEventListener("change", () => {
      ranks = new Set([...document.querySelectorAll("input[name=rank]:checked")].map((b) => b.value));
      refresh();
    });
  }
  $("asof").addEventListener("change", (ev) => {
    const text = ev.target.value;
    asOf = text.trim() ? parseDate(text) : null;
    ev.target.setCustomValidity(text.trim() && !asOf ? "YYYY, YYYY-MM or YYYY-MM-DD" : "");
    refresh();
  });
  $("depth").addEventListener("change", refresh);

  // Start: the whole graph when it is small, else the best-connected entity.
  if (E.length <= MAX_DRAWN) {
    draw(null);
  } else if (E.length) {
    let best = 0;
    about.forEach((list, i) => { if (list.length > about[best].length) best = i; });
    select(best);
  }
  document.body.setAttribute("data-ready", "true");
})();
