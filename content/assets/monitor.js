/* Progressive enhancement for the monitor's overview tables; no dependencies, no requests.
 *
 * Without this script every overview still works: the table lists everything and each filter
 * value has its own static page. With it:
 *  - the filter form above a table (hidden in the HTML) is shown and filters the table rows in
 *    place, by the value ids in each row's data-* attributes, and by words in the title; the
 *    number of rows shown is written to a role="status" element, so screen readers hear it;
 *  - column headers become buttons that sort the table, with aria-sort on the sorted column;
 *  - abbreviations (<abbr>) can take keyboard focus, so their explanation (mkdocs-material's
 *    tooltip) shows on focus as well as on hover.
 */
(function () {
  "use strict";

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function countText(n, table) {
    var one = table.getAttribute("data-noun-one") || "rij";
    var many = table.getAttribute("data-noun-many") || "rijen";
    return n + " " + (n === 1 ? one : many);
  }

  function setupFilter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table || !table.tBodies.length) return;
    var rows = allRows(table);
    var count = document.getElementById(table.id + "-aantal");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var text = form.querySelector("input[data-filter-text]");
    var timer = null;

    function apply() {
      var words = text ? normalise(text.value).split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (select) {
          if (!select.value) return true;
          var ids = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
          return ids.indexOf(select.value) !== -1;
        });
        if (ok && words.length) {
          var title = normalise(row.cells[0].textContent);
          ok = words.every(function (w) { return title.indexOf(w) !== -1; });
        }
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) {
        count.textContent = shown === rows.length
          ? countText(shown, table)
          : shown + " van de " + countText(rows.length, table);
      }
    }

    // Announce once the reader pauses typing, not on every key.
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 250);
    }

    selects.forEach(function (select) { select.addEventListener("change", apply); });
    if (text) text.addEventListener("input", later);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
  }

  // A long table comes in several <tbody> elements (see _overview.md.j2); take them all.
  function allRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.push.apply(rows, body.rows);
    });
    return rows;
  }

  function sortValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : normalise(cell.textContent.trim());
  }

  function compare(a, b) {
    var na = Number(a), nb = Number(b);
    if (a !== "" && b !== "" && !isNaN(na) && !isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function setupSort(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) return;
    var headers = Array.prototype.slice.call(head.rows[0].cells);
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "record-table__sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = allRows(table);
        rows.sort(function (a, b) {
          var order = compare(sortValue(a, index), sortValue(b, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.record-filter[data-table]"), setupFilter);
    Array.prototype.forEach.call(document.querySelectorAll("table.record-table"), setupSort);
    // Not inside a link or control: that one already takes focus, and a second stop inside it
    // would only slow keyboard users down.
    Array.prototype.forEach.call(document.querySelectorAll(".md-content abbr"), function (abbr) {
      if (abbr.hasAttribute("tabindex") || abbr.closest("a, button, summary, label")) return;
      abbr.setAttribute("tabindex", "0");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
