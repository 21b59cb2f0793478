// precursor-kg query page: competency-question examples, running a query, a results table.
// Plain JavaScript, no external assets; every value is put in the page as text, never as HTML.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const queryBox = $("query"), examples = $("examples"), params = $("params"), question = $("question");
  const runButton = $("run"), status = $("status"), results = $("results");
  const download = $("download"), downloadFormat = $("download-format");
  let current = null; // the chosen competency question
  const PKGID = "https://w3id.org/precursor-kg/id/";
  const BASE = $("query-ui").dataset.base || "https://w3id.org/precursor-kg/";
  const XSD = "http://www.w3.org/2001/XMLSchema#";

  function setStatus(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function resourceHref(iri) {
    if (iri.startsWith(BASE) || iri.startsWith(PKGID)) return "/resource?iri=" + encodeURIComponent(iri);
    if (/^https?:\/\//i.test(iri)) return iri;
    return null;
  }

  function loadExamples() {
    fetch("/cq", { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : []))
      .then((items) => {
        for (const item of items) {
          const option = document.createElement("option");
          option.value = item.name;
          option.textContent = item.name + " — " + item.question;
          option.dataset.item = JSON.stringify(item);
          examples.appendChild(option);
        }
      })
      .catch(() => setStatus("could not load the examples", true));
  }

  function chooseExample() {
    const option = examples.selectedOptions[0];
    params.replaceChildren();
    current = option && option.dataset.item ? JSON.parse(option.dataset.item) : null;
    question.textContent = current ? current.question : "";
    if (!current) return;
    queryBox.value = current.text;
    for (const p of current.parameters) {
      const label = document.createElement("label");
      label.textContent = "?" + p.name + " ";
      const input = document.createElement("input");
      input.name = p.name;
      input.value = p.default || "";
      input.title = p.description || "";
      label.appendChild(input);
      params.appendChild(label);
    }
    updateDownload();
  }

  // An unchanged example with parameters runs as /cq/NAME?param=value (the server binds the values as RDF terms).
  function requestFor(format) {
    const text = queryBox.value;
    if (current && text === current.text && current.parameters.length) {
      const search = new URLSearchParams();
      for (const input of params.querySelectorAll("input")) search.append(input.name, input.value);
      if (format) search.append("format", format);
      return { url: "/cq/" + encodeURIComponent(current.name) + "?" + search.toString(), init: { method: "GET" } };
    }
    const body = new URLSearchParams({ query: text });
    if (format) body.append("format", format);
    return {
      url: "/sparql",
      init: { method: "POST", body: body, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    };
  }

  function updateDownload() {
    const text = queryBox.value;
    const format = downloadFormat.value;
    if (current && text === current.text && current.parameters.length) {
      download.href = requestFor(format).url;
    } else {
      download.href = "/sparql?" + new URLSearchParams({ query: text, format: format }).toString();
    }
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const href = resourceHref(term.value);
      if (href) {
        const a = document.createElement("a");
        a.href = href;
        a.textContent = term.value;
        td.appendChild(a);
      } else {
        td.textContent = term.value;
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else if (term.type === "literal") {
      td.textContent = term.value;
      const dt = term.datatype || "";
      const extra = term["xml:lang"] ? "@" + term["xml:lang"] : dt.startsWith(XSD) ? "xsd:" + dt.slice(XSD.length) : dt ? "^^<" + dt + ">" : "";
      if (extra) {
        const span = document.createElement("span");
        span.className = term["xml:lang"] ? "lang" : "datatype";
        span.textContent = " " + extra;
        td.appendChild(span);
      }
    } else {
      td.textContent = JSON.stringify(term.value);
    }
    return td;
  }

  function showTable(data) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const v of data.head.vars) {
      const th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    }
    const body = table.createTBody();
    for (const binding of data.results.bindings) {
      const row = body.insertRow();
      for (const v of data.head.vars) row.appendChild(cell(binding[v]));
    }
    results.replaceChildren(table);
    return data.results.bindings.length;
  }

  function run() {
    const started = performance.now();
    const request = requestFor(null);
    request.init.headers = Object.assign({}, request.init.headers || {}, {
      Accept: "application/sparql-results+json, text/turtle;q=0.9, application/json;q=0.5",
    });
    runButton.disabled = true;
    setStatus("running…", false);
    fetch(request.url, request.init)
      .then((response) => {
        const type = response.headers.get("Content-Type") || "";
        if (!response.ok) {
          return response.text().then((text) => {
            let message = text;
            try { message = JSON.parse(text).message || text; } catch (e) { /* plain text */ }
            throw new Error("Error " + response.status + ": " + message);
          });
        }
        if (type.includes("json") && !type.includes("ld+json")) {
          return response.json().then((data) => {
            const ms = Math.round(performance.now() - started);
            if ("boolean" in data) {
              const p = document.createElement("p");
              p.textContent = "Answer: " + data.boolean;
              results.replaceChildren(p);
              setStatus("ASK in " + ms + " ms", false);
            } else {
              const n = showTable(data);
              setStatus(n + (n === 1 ? " row" : " rows") + " in " + ms + " ms", false);
            }
          });
        }
        return response.text().then((text) => {
          const pre = document.createElement("pre");
          pre.textContent = text;
          results.replaceChildren(pre);
          setStatus("graph result in " + Math.round(performance.now() - started) + " ms", false);
        });
      })
      .catch((error) => {
        results.replaceChildren();
        setStatus(error.message, true);
      })
      .finally(() => { runButton.disabled = false; });
  }

  examples.addEventListener("change", chooseExample);
  runButton.addEventListener("click", run);
  queryBox.addEventListener("input", updateDownload);
  downloadFormat.addEventListener("change", updateDownload);
  params.addEventListener("input", updateDownload);
  queryBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) run();
  });
  loadExamples();
  updateDownload();
})();
