/* Progressive enhancement for the monitor's overview tables; no dependencies, no requests.
 *
 * Without this script every overview still works: the table lists everything and each filter
 * value has its own static page. With it:
 *  - the filter form above a table (hidden in the HTML) is shown and filters the table rows in
 *    place, by the value ids in each row's data-* attributes, and by words in the title; the
 *    number of rows shown is written to a role="status" element, so screen readers hear it; the
 *    choices are kept in the address (shareable, kept on reload) and each choice's count says
 *    how many rows it gives together with the other choices;
 *  - column headers become buttons that sort the table, with aria-sort on the sorted column;
 *  - explanations (the `title` of an abbreviation, or of a link in a text) show in the site's own
 *    tooltip: on hover, on keyboard focus and on a tap (a phone shows no `title`); Escape, a tap
 *    elsewhere or moving away closes it, and the pointer can move onto it (WCAG 1.4.13).
 *
 * Why a tooltip of our own: mkdocs-material's `content.tooltips` puts an element's `title` into
 * its tooltip as HTML (innerHTML). A title is text from the data (a glossary expansion, a link
 * title in a summary), escaped correctly in the page, but decoded by the browser: markup in it
 * would become live in the theme's tooltip. Of the two remedies (own tooltip with the
 * theme's feature off, or stripping markup from every attribute at build time) this is the one
 * that holds by construction: this script writes the title with textContent only, so no text can
 * become markup, whatever a field holds and whichever field a later template puts in a title.
 * Stripping would depend on finding every attribute, and would change what the data says.
 * The `title` stays in the HTML: without scripts the browser shows it on hover, and screen
 * readers read it. While our tooltip is shown, the title is moved off the element (the browser's
 * own would cover ours) and the element points at the tooltip with aria-describedby.
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

  // The filter choices live in the address (?status=…&thema=…&tekst=…), so a filtered list can
  // be shared and survives a reload; history.replaceState adds no step to the history. Counts
  // behind each choice say how many rows it would show together with the other choices.
  var TEXT_PARAM = "tekst";

  function setupFilter(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table || !table.tBodies.length) return;
    var rows = allRows(table);
    var count = document.getElementById(table.id + "-aantal");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    var text = form.querySelector("input[data-filter-text]");
    var timer = null;
    // Each row's values per filter, read once; each option's label without its count.
    var values = rows.map(function (row) {
      return selects.map(function (select) {
        var ids = (row.getAttribute("data-" + select.getAttribute("data-filter")) || "").split(" ");
        return ids.filter(function (id, k) { return id && ids.indexOf(id) === k; });
      });
    });
    var labels = selects.map(function (select) {
      return Array.prototype.map.call(select.options, function (option) {
        return option.textContent.replace(/ \(\d+\)$/, "");
      });
    });

    function matchesText(row, words) {
      if (!words.length) return true;
      var title = normalise(row.cells[0].textContent);
      return words.every(function (w) { return title.indexOf(w) !== -1; });
    }

    function apply() {
      var words = text ? normalise(text.value).split(/\s+/).filter(Boolean) : [];
      var counts = selects.map(function () { return {}; });
      var shown = 0;
      rows.forEach(function (row, r) {
        var failed = [];
        selects.forEach(function (select, i) {
          if (select.value && values[r][i].indexOf(select.value) === -1) failed.push(i);
        });
        var textOk = matchesText(row, words);
        var ok = failed.length === 0 && textOk;
        row.hidden = !ok;
        if (ok) shown += 1;
        if (failed.length > 1 || !textOk) return;
        // The row counts for a filter when every other filter lets it through.
        selects.forEach(function (select, i) {
          if (failed.length && failed[0] !== i) return;
          values[r][i].forEach(function (v) { counts[i][v] = (counts[i][v] || 0) + 1; });
        });
      });
      selects.forEach(function (select, i) {
        Array.prototype.forEach.call(select.options, function (option, j) {
          if (option.value) option.textContent = labels[i][j] + " (" + (counts[i][option.value] || 0) + ")";
        });
      });
      var said = shown === rows.length
        ? countText(shown, table)
        : shown + " van de " + countText(rows.length, table);
      // Unchanged text is not written again: a screen reader would announce it once more.
      if (count && count.textContent !== said) count.textContent = said;
      writeAddress();
    }

    function writeAddress() {
      if (!window.history.replaceState || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        var key = select.getAttribute("data-filter");
        if (select.value) params.set(key, select.value);
        else params.delete(key);
      });
      if (text && text.value.trim()) params.set(TEXT_PARAM, text.value.trim());
      else params.delete(TEXT_PARAM);
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (address !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", address);
      }
    }

    // Choices from the address; a value the list does not have is ignored. Whether any was found.
    function readAddress() {
      if (!window.URLSearchParams) return false;
      var params = new URLSearchParams(window.location.search);
      var found = false;
      selects.forEach(function (select) {
        var wanted = params.get(select.getAttribute("data-filter"));
        var known = Array.prototype.some.call(select.options, function (option) {
          return option.value && option.value === wanted;
        });
        if (known) {
          select.value = wanted;
          found = true;
        }
      });
      if (text && params.get(TEXT_PARAM)) {
        text.value = params.get(TEXT_PARAM);
        found = true;
      }
      return found;
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
    // The page as built already shows every row with the counts of each choice alone.
    if (readAddress()) apply();
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

  // One tooltip for the page, for every element in the content that has a title.
  function setupTooltips(content) {
    var tip = document.createElement("div");
    tip.id = "monitor-uitleg";
    tip.className = "monitor-tooltip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var current = null;
    var title = "";
    var timer = null;

    // The element whose explanation a node belongs to: itself or an ancestor with a title.
    function hostOf(node) {
      if (!(node instanceof Element)) return null;
      if (current && current.contains(node)) return current;
      var host = node.closest("[title]");
      return host && content.contains(host) ? host : null;
    }

    function place(host) {
      var box = host.getBoundingClientRect();
      var margin = 8;
      var width = document.documentElement.clientWidth;
      var left = Math.min(box.left, width - tip.offsetWidth - margin);
      var top = box.bottom + 6;
      if (top + tip.offsetHeight > window.innerHeight && box.top - tip.offsetHeight - 6 > 0) {
        top = box.top - tip.offsetHeight - 6;
      }
      // Through the CSSOM: allowed by the site's Content-Security-Policy (a style attribute is not).
      tip.style.left = Math.max(margin, left) + window.scrollX + "px";
      tip.style.top = top + window.scrollY + "px";
    }

    function cancel() {
      window.clearTimeout(timer);
      timer = null;
    }

    // Whether the element (or the link around it) has keyboard focus: then it stays shown.
    function focused() {
      var active = document.activeElement;
      if (!active || active === document.body || active === document.documentElement) return false;
      return current.contains(active) || active.contains(current);
    }

    function show(host) {
      cancel();
      if (host === current) return;
      hide();
      var text = host.getAttribute("title");
      if (!text) return;
      current = host;
      title = text;
      host.removeAttribute("title");
      host.setAttribute("aria-describedby", tip.id);
      tip.textContent = text; // text only, never markup: see the comment at the top
      tip.hidden = false;
      place(host);
    }

    function hide() {
      cancel();
      if (!current) return;
      current.setAttribute("title", title);
      current.removeAttribute("aria-describedby");
      current = null;
      tip.hidden = true;
      tip.textContent = "";
    }

    // A moment's grace, so the pointer can move from the element onto the tooltip; a tooltip
    // of the element with focus stays until focus moves on.
    function hideSoon() {
      if (timer !== null || focused()) return;
      timer = window.setTimeout(hide, 300);
    }

    document.addEventListener("mouseover", function (event) {
      if (tip.contains(event.target)) {
        cancel();
        return;
      }
      var host = hostOf(event.target);
      if (host) show(host);
      else if (current) hideSoon();
    });
    document.addEventListener("focusin", function (event) {
      var host = hostOf(event.target);
      // A link (or button, or summary) whose text holds an abbreviation: its explanation shows
      // when that element has focus, as the abbreviation inside it takes none of its own.
      if (!host && event.target instanceof Element && event.target.matches("a, button, summary")) {
        var inner = event.target.querySelector("[title]");
        host = inner && content.contains(inner) ? inner : null;
      }
      if (host) show(host);
      else hide();
    });
    document.addEventListener("focusout", function (event) {
      if (!current || (event.relatedTarget && current.contains(event.relatedTarget))) return;
      var owner = event.target instanceof Element && event.target.contains(current);
      if (owner) hide();
    });
    // A tap: a touch screen has no hover, and shows no title.
    document.addEventListener("click", function (event) {
      if (tip.contains(event.target)) return;
      var host = hostOf(event.target);
      if (host) show(host);
      else hide();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) hide();
    });
    window.addEventListener("resize", hide);
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
    var content = document.querySelector(".md-content");
    if (content) setupTooltips(content);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
