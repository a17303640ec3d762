/* Demo page only: reads demo-config.json (written by the local stack at start-up) and adds
   the widget's script tag with the site's key, as a practice would paste it. */
(function () {
  "use strict";
  var status = document.getElementById("demo-status");
  fetch("demo-config.json", { cache: "no-store" })
    .then(function (response) {
      if (!response.ok) { throw new Error("no demo-config.json"); }
      return response.json();
    })
    .then(function (config) {
      var tag = document.createElement("script");
      tag.src = "frontdesk-widget.js";
      tag.setAttribute("data-site-key", config.siteKey);
      tag.setAttribute("data-site-id", config.siteId);
      tag.setAttribute("data-api-base", config.apiBase);
      tag.setAttribute("data-practice", "Riverside Family Medicine");
      document.body.appendChild(tag);
    })
    .catch(function () {
      status.textContent = "The demo needs demo-config.json: start the local stack with `make run`.";
    });
})();
