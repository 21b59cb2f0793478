// Suggestions as you type in the search box: names from /search (JSON), as a datalist.
// Only an enhancement: the form submits to /search without it.
(function () {
  "use strict";
  const inputs = document.querySelectorAll("form.search input[name=q]");
  inputs.forEach(function (input, n) {
    const list = document.createElement("datalist");
    list.id = "suggest-" + n;
    input.setAttribute("list", list.id);
    input.after(list);
    let timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const text = input.value.trim();
      if (text.length < 2) { return; }
      timer = setTimeout(function () {
        fetch("/search?" + new URLSearchParams({ q: text, format: "json" }), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (hits) {
            list.replaceChildren.apply(list, hits.map(function (hit) {
              const option = document.createElement("option");
              option.value = hit.label;
              return option;
            }));
          })
          .catch(function () { /* suggestions are optional */ });
      }, 150);
    });
  });
})();
