"use strict";
// Every string shown here comes from news articles and is untrusted: it reaches the page only
// through textContent, canvas text, or DOM elements built here; never through innerHTML.
(function () {
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Facts, their sources and quotes are stored once (a fact belongs to its subject and its
  // object): a fact is a row of data.fact_fields, with its source and quote by index; a node
  // lists its facts by index.
  function fields(names, row) {
    var record = {};
    names.forEach(function (name, i) { if (row[i] !== null) record[name] = row[i]; });
    return record;
  }
  data.facts = data.facts.map(function (row) {
    var f = fields(data.fact_fields, row);
    Object.assign(f, fields(data.source_fields, data.sources[f.source]));
    f.quote = data.quotes[f.quote];
    delete f.source;
    return f;
  });
  data.nodes.forEach(function (n) { n.facts = n.facts.map(function (i) { return data.facts[i]; }); });
  var byId = new Map(data.nodes.map(function (n) { return [n.id, n]; }));
  var hiddenClasses = new Set();
  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // vis-network shows `title` strings in its tooltip; an Element is used as is, so the
  // tooltip carries only text nodes.
  function nodeTooltip(n) {
    var box = el("div", "kg-tip");
    box.appendChild(el("strong", null, n.label));
    box.appendChild(el("span", "kg-tip-class", n.cls));
    return box;
  }

  function edgeTooltip(e) {
    var count = e.articles.length;
    return el("div", "kg-tip", e.relation + " (" + count + (count === 1 ? " article)" : " articles)"));
  }

  // Only these keys go to vis-network, so no data field can turn into a rendering option.
  function visNode(n) {
    var out = { id: n.id, label: n.label, shape: n.shape, color: n.color, size: n.size,
                hidden: hiddenClasses.has(n.cls), title: nodeTooltip(n) };
    if (typeof n.x === "number") { out.x = n.x; out.y = n.y; }
    return out;
  }

  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, label: e.label, width: e.width,
             smooth: e.smooth, title: edgeTooltip(e) };
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  function markSettled() {
    if (document.body.dataset.settled === "true") return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    document.body.dataset.settled = "true";
  }

  if (data.options.physics.enabled && data.nodes.length > 0) {
    network.once("stabilizationIterationsDone", markSettled);
    // Stabilization ends within its iteration budget; the timer only guards against a
    // page that would otherwise keep moving forever.
    setTimeout(markSettled, 20000);
  } else {
    markSettled();
  }

  function visibleCounts() {
    var shown = data.nodes.filter(function (n) { return !hiddenClasses.has(n.cls); });
    var ids = new Set(shown.map(function (n) { return n.id; }));
    var links = data.edges.filter(function (e) { return ids.has(e.from) && ids.has(e.to); });
    return { nodes: shown.length, edges: links.length };
  }

  function updateStatus() {
    var c = visibleCounts();
    document.getElementById("kg-status").textContent =
      "Showing " + c.nodes + " of " + data.nodes.length + " nodes, " +
      c.edges + " of " + data.edges.length + " edges";
  }

  function setClassVisible(cls, visible) {
    if (visible) hiddenClasses.delete(cls); else hiddenClasses.add(cls);
    nodes.update(data.nodes.filter(function (n) { return n.cls === cls; })
      .map(function (n) { return { id: n.id, hidden: !visible }; }));
    updateStatus();
  }

  var SHAPES = {
    dot: "M9 1A8 8 0 1 1 8.99 1Z",
    square: "M2 2H16V16H2Z",
    hexagon: "M9 1L16 5V13L9 17L2 13V5Z",
    triangle: "M9 1L17 16H1Z",
    triangleDown: "M1 2H17L9 17Z",
    diamond: "M9 1L17 9L9 17L1 9Z",
    star: "M9 1L11.4 6.6L17 7.1L12.7 10.9L14 16.5L9 13.5L4 16.5L5.3 10.9L1 7.1L6.6 6.6Z",
  };

  function swatch(shape, color) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "0 0 18 18");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", SHAPES[shape] || SHAPES.dot);
    path.setAttribute("fill", color);
    svg.appendChild(path);
    return svg;
  }

  function renderLegend() {
    var box = document.getElementById("kg-classes");
    data.classes.forEach(function (c) {
      var row = el("label", "kg-class");
      var check = el("input");
      check.type = "checkbox";
      check.checked = true;
      check.addEventListener("change", function () { setClassVisible(c.name, check.checked); });
      row.appendChild(check);
      row.appendChild(swatch(c.shape, c.color));
      row.appendChild(el("span", "kg-class-name", c.name));
      row.appendChild(el("span", "kg-count", "(" + c.count + ")"));
      box.appendChild(row);
    });
  }

  function addField(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", null, value));
  }

  function factItem(f) {
    var item = el("li", "kg-fact");
    var statement = el("div", "kg-statement");
    statement.appendChild(document.createTextNode(f.subject + " "));
    statement.appendChild(el("span", "kg-predicate", f.predicate));
    statement.appendChild(document.createTextNode(" " + f.value));
    item.appendChild(statement);
    if (f.date) item.appendChild(el("div", "kg-fact-date", "Date of the fact: " + f.date));
    item.appendChild(el("blockquote", "kg-quote", f.quote));
    var source = ["article " + f.article, f.article_date || "undated", f.outlet || "unknown outlet",
                  "characters " + f.start + "\u2013" + f.end];
    item.appendChild(el("div", "kg-source", source.join(" \u00b7 ")));
    return item;
  }

  function showDetails(id) {
    var n = byId.get(id);
    var panel = document.getElementById("kg-details");
    panel.replaceChildren(el("h2", null, n ? n.label : "Details"));
    if (!n) return;
    var dl = el("dl");
    addField(dl, "Class", n.cls);
    addField(dl, "Also called", n.aliases.join("; "));
    addField(dl, "Mentions", n.mentions);
    addField(dl, "First date", n.first_date);
    addField(dl, "Articles", n.articles.join(", "));
    addField(dl, "IRI", n.id);
    panel.appendChild(dl);
    var count = n.facts.length + (n.facts.length === 1 ? " fact" : " facts");
    if (n.facts_total) count += " of " + n.facts_total + " (all are in kg.ttl and kg query)";
    panel.appendChild(el("h3", null, count));
    var list = el("ol", "kg-facts");
    n.facts.forEach(function (f) { list.appendChild(factItem(f)); });
    panel.appendChild(list);
  }

  function selectNode(id) {
    var n = byId.get(id);
    if (!n) return;
    if (hiddenClasses.has(n.cls)) setClassVisible(n.cls, true);
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
  }

  function findNodes(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    data.nodes.forEach(function (n) {
      var names = [n.label].concat(n.aliases);
      var match = names.find(function (name) { return name.toLowerCase().indexOf(q) !== -1; });
      if (match !== undefined) hits.push({ node: n, match: match });
    });
    return hits.slice(0, 50);
  }

  function renderResults(hits) {
    var list = document.getElementById("kg-results");
    list.replaceChildren();
    hits.forEach(function (hit) {
      var button = el("button", "kg-result");
      button.type = "button";
      button.appendChild(el("span", "kg-result-label", hit.node.label));
      var note = hit.match === hit.node.label ? hit.node.cls : hit.node.cls + ", also called " + hit.match;
      button.appendChild(el("span", "kg-match", note));
      button.addEventListener("click", function () { selectNode(hit.node.id); list.replaceChildren(); });
      var item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  var search = document.getElementById("kg-search");
  search.addEventListener("input", function () { renderResults(findNodes(search.value)); });
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var hits = findNodes(search.value);
    if (hits.length) { selectNode(hits[0].node.id); renderResults([]); }
  });

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
  });

  renderLegend();
  updateStatus();
  window.kgView = { network: network, nodes: nodes, edges: edges, selectNode: selectNode,
                    setClassVisible: setClassVisible, visibleCounts: visibleCounts };
})();
