// The search page: start Pagefind's interface (its Dutch texts follow the page's lang="nl") and
// run the query the header form sent as ?q=.
(function () {
  "use strict";
  var element = document.getElementById("zoekvenster");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  var ui = new PagefindUI({
    element: "#zoekvenster",
    showSubResults: true,
    showImages: false,
    autofocus: false,
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
  var header = document.getElementById("monitor-q");
  if (header && query) {
    header.value = query;
  }
})();
