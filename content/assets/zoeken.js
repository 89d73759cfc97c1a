// The search page: a small interface on Pagefind's JavaScript API (pagefind/pagefind.js).
//
// Why not Pagefind's ready-made PagefindUI: it weighs 32 KB (gzipped, with its CSS) and loads
// every filter index to draw its filter panel (25 KB at 10,000 records) before the first result,
// which took one query over 300 KB. Here the `soort` filter is a plain <select> of the known
// values, and its index is only fetched once a reader picks one.
//
// The query and the filter live in the address (?q=…&soort=…), so the header's search form,
// shared links and back/forward all work. Results come 10 at a time; Pagefind fetches a page's
// fragment (title, text) only when it is shown. Everything from the index is put in the page as
// text; the one exception is the <mark> around matched words in Pagefind's excerpts, which are
// rebuilt as elements, never parsed as HTML.
//
// Each result shows its kind (the `soort` filter), and for a record its status and the date of
// the document that gave it (the page's `status` and `datum` metadata). When a query finds few
// or no pages and one of its words is not a word of the site, the page offers "Bedoelde u …?"
// with the nearest word of the site's own word list (zoeken/woorden.json, made at build time
// from the data; fetched only then): at most one typo away, two for a word of eight letters or
// more, the most frequent such word first.
(function () {
  "use strict";
  var root = document.getElementById("zoekvenster");
  if (!root || !window.URLSearchParams || !window.history.replaceState) {
    return;
  }
  var PAGE_SIZE = 10;
  var TYPING_DELAY_MS = 300;
  var SUB_RESULTS = 3;
  var FEW = 5; // fewer results than this, and an unknown word, offer "Bedoelde u …?"

  var form = root.querySelector("form");
  var field = document.getElementById("zoek-q");
  var kind = document.getElementById("zoek-soort");
  var status = document.getElementById("zoek-status");
  var list = document.getElementById("zoek-resultaten");
  var more = document.getElementById("zoek-meer");
  var header = document.getElementById("monitor-q");
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI).href;
  var wordList = new URL(root.getAttribute("data-words"), document.baseURI).href;
  var suggestion = document.getElementById("zoek-suggestie");
  var words = null; // the promise of the site's word list, fetched once when first needed

  var pagefind = null; // the promise of Pagefind's module, started once
  var generation = 0; // bumped by every new search: late answers to an older one are dropped
  var results = [];
  var shown = 0;
  var typing = null;
  var fetchingMore = false;

  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.init().then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  // Pagefind's excerpt is the page's text with "<" and ">" escaped, and <mark> around matched
  // words. Split on those marks and put every piece in as text.
  function appendExcerpt(parent, excerpt) {
    var inMark = false;
    (excerpt || "").split(/(<\/?mark>)/).forEach(function (piece) {
      if (piece === "<mark>" || piece === "</mark>") {
        inMark = piece === "<mark>";
        return;
      }
      if (!piece) {
        return;
      }
      var text = piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      parent.appendChild(inMark ? element("mark", "", text) : document.createTextNode(text));
    });
  }

  // Headings of the page where the words were found, as PagefindUI chooses them: the three with
  // the most matches, in page order. The page's own title (its h1) is already the result.
  function subResults(data) {
    var all = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && !(sub.anchor && /^h1$/i.test(sub.anchor.element));
    });
    if (all.length <= SUB_RESULTS) {
      return all;
    }
    var best = all
      .slice()
      .sort(function (a, b) {
        return b.locations.length - a.locations.length;
      })
      .slice(0, SUB_RESULTS);
    return all.filter(function (sub) {
      return best.indexOf(sub) !== -1;
    });
  }

  function loadWords() {
    if (!words) {
      words = fetch(wordList)
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (list) {
          return Array.isArray(list) ? list : [];
        })
        .catch(function () {
          return [];
        });
    }
    return words;
  }

  // Edit distance (insert, delete, replace, swap of neighbours), or max + 1 once above `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) {
      return max + 1;
    }
    var before = [];
    var previous = [];
    var row;
    var i;
    var j;
    for (j = 0; j <= b.length; j++) {
      previous.push(j);
    }
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
        best = Math.min(best, value);
      }
      if (best > max) {
        return max + 1;
      }
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // The query with each word that is not a word of the site replaced by the nearest one that
  // is (the list is most frequent first, so the first at the least distance wins); null if no
  // word changes.
  function correct(query, list) {
    var known = new Set(list);
    var changed = false;
    var fixed = query
      .toLowerCase()
      .split(/\s+/)
      .map(function (word) {
        if (word.length < 4 || known.has(word) || !/^[a-z\u00e0-\u00ff]+$/.test(word)) {
          return word;
        }
        var max = word.length >= 8 ? 2 : 1;
        var best = null;
        var bestDistance = max + 1;
        for (var i = 0; i < list.length && bestDistance > 1; i++) {
          var d = distance(word, list[i], Math.min(max, bestDistance - 1));
          if (d < bestDistance) {
            best = list[i];
            bestDistance = d;
          }
        }
        if (best === null) {
          return word;
        }
        changed = true;
        return best;
      });
    return changed ? fixed.join(" ") : null;
  }

  function offer(query, token) {
    return loadWords().then(function (list) {
      var better = token === generation ? correct(query, list) : null;
      if (token !== generation || !better) {
        return;
      }
      var link = element("a", "", better);
      link.href = addressFor(better, kind.value);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.value = better;
        run("push");
      });
      suggestion.replaceChildren(document.createTextNode("Bedoelde u "), link, document.createTextNode("?"));
      suggestion.hidden = false;
    });
  }

  // Kind, status and date of a result: "Maatregel · In uitvoering · 28 augustus 2024".
  function describeResult(data) {
    var meta = data.meta || {};
    var soort = data.filters && data.filters.soort && data.filters.soort[0];
    var parts = [];
    if (meta.status) {
      parts.push("Status: " + meta.status);
    }
    if (meta.datum) {
      parts.push((meta.status ? "stand van " : "Datum: ") + meta.datum);
    }
    return { soort: soort, rest: parts.join(", ") };
  }

  function renderResult(data) {
    var item = element("li", "monitor-zoeken__result");
    var heading = element("h2", "monitor-zoeken__title");
    var link = element("a", "", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    heading.appendChild(link);
    var about = describeResult(data);
    if (about.soort) {
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(element("span", "monitor-zoeken__kind", about.soort));
    }
    item.appendChild(heading);
    if (about.rest) {
      item.appendChild(element("p", "monitor-zoeken__meta", about.rest));
    }
    var excerpt = element("p", "monitor-zoeken__excerpt");
    appendExcerpt(excerpt, data.excerpt);
    item.appendChild(excerpt);
    var subs = subResults(data);
    if (subs.length) {
      var nested = element("ul", "monitor-zoeken__sub");
      subs.forEach(function (sub) {
        var subItem = element("li");
        var subLink = element("a", "", sub.title);
        subLink.href = sub.url;
        subItem.appendChild(subLink);
        var subExcerpt = element("p", "monitor-zoeken__excerpt");
        appendExcerpt(subExcerpt, sub.excerpt);
        subItem.appendChild(subExcerpt);
        nested.appendChild(subItem);
      });
      item.appendChild(nested);
    }
    return item;
  }

  function countText(count, query, soort) {
    var quoted = "\u201c" + query + "\u201d";
    var text =
      count === 0
        ? "Geen resultaten voor " + quoted
        : count + (count === 1 ? " resultaat" : " resultaten") + " voor " + quoted;
    return soort ? text + " (soort: " + soort + ")" : text;
  }

  // The next PAGE_SIZE results, each with its fragment; null if a newer search came first.
  function showMore(token) {
    var batch = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (fragments) {
      if (token !== generation) {
        return null;
      }
      if (shown === 0) {
        list.replaceChildren(); // the previous query's results stay until these are ready
      }
      var items = fragments.map(renderResult);
      items.forEach(function (item) {
        list.appendChild(item);
      });
      shown += batch.length;
      more.hidden = shown >= results.length;
      return items[0] || null;
    });
  }

  function failed(token) {
    if (token === generation) {
      list.removeAttribute("aria-busy");
      status.textContent =
        "Zoeken lukt nu niet: de zoekindex kon niet worden geladen. Probeer het later opnieuw.";
      more.hidden = true;
    }
  }

  function addressFor(query, soort) {
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    if (soort) {
      params.set("soort", soort);
    }
    var search = params.toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  // Search for what the form holds. `record` is "push" (a new step in the history), "replace"
  // (still typing) or null (the address already says this: first load, back or forward).
  function run(record) {
    window.clearTimeout(typing);
    var query = field.value.trim();
    var soort = kind.value;
    if (record) {
      var address = addressFor(query, soort);
      if (address !== window.location.pathname + window.location.search) {
        window.history[record + "State"](null, "", address);
      }
    }
    if (header) {
      header.value = query;
    }
    var token = ++generation;
    results = [];
    shown = 0;
    suggestion.hidden = true;
    suggestion.replaceChildren();
    if (!query) {
      list.removeAttribute("aria-busy");
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    // The previous results stay, dimmed, until the new ones are ready (zoeken.css).
    list.setAttribute("aria-busy", "true");
    return loadPagefind()
      .then(function (module) {
        // Without a filter Pagefind fetches no filter index at all.
        return module.search(query, soort ? { filters: { soort: soort } } : {});
      })
      .then(function (response) {
        if (token !== generation || !response) {
          return;
        }
        results = response.results;
        return showMore(token).then(function () {
          if (token === generation) {
            list.removeAttribute("aria-busy");
            status.textContent = countText(results.length, query, soort);
            if (results.length < FEW) {
              return offer(query, token);
            }
          }
        });
      })
      .catch(function () {
        failed(token);
      });
  }

  // Take the query and the filter from the address into the form.
  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    field.value = params.get("q") || "";
    var soort = params.get("soort") || "";
    var known = Array.prototype.some.call(kind.options, function (option) {
      return option.value === soort;
    });
    kind.value = known ? soort : "";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run("push");
  });
  field.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(function () {
      run("replace");
    }, TYPING_DELAY_MS);
  });
  kind.addEventListener("change", function () {
    run("push");
  });
  more.addEventListener("click", function () {
    // Not `disabled` while fetching: that would take focus from the button under the reader.
    // While a new query runs, the button still belongs to the old list: nothing to add to it.
    if (fetchingMore || list.hasAttribute("aria-busy")) {
      return;
    }
    fetchingMore = true;
    var token = generation;
    showMore(token)
      .then(function (first) {
        fetchingMore = false;
        // Focus goes to the first new result, so keyboard users carry on where the list grew
        // (and do not lose focus when the button disappears after the last batch).
        if (first) {
          first.querySelector("a").focus();
        }
      })
      .catch(function () {
        fetchingMore = false;
        failed(token);
      });
  });
  window.addEventListener("popstate", function () {
    readAddress();
    run(null);
  });

  root.hidden = false;
  readAddress();
  // Sent here by the header's search button with nothing typed (on a phone the header shows only
  // the button): the reader came to type, so the field takes focus. Reached by a link, or with a
  // query, the page leaves focus where the browser puts it.
  var opened = new URLSearchParams(window.location.search);
  if (opened.has("q") && !opened.get("q")) {
    field.focus();
  }
  // Start loading Pagefind at once: a reader on this page is about to search.
  loadPagefind().catch(function () {});
  run(null);
})();
