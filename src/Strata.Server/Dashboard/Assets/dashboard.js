// The Strata dashboard's live parts: fragments that refresh themselves and the log tail.
// Plain script, served by the host; nothing is fetched from elsewhere.
(function () {
  "use strict";

  // A 401 to the page's own requests: the session ended (token revoked or expired) or the cookie is gone.
  // Back to the login page, which comes back here after signing in.
  function toLogin(response) {
    var ended = (response.headers.get("Location") || "").indexOf("ended=1") >= 0;
    var back = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign("/dashboard/login?" + (ended ? "ended=1&" : "") + "ReturnUrl=" + back);
  }

  // <div data-live="/dashboard/.../live" data-interval="2000">: replaced by what the host renders there.
  function poll(element) {
    var url = element.getAttribute("data-live");
    var interval = parseInt(element.getAttribute("data-interval") || "2000", 10);
    var stamp = document.querySelector("[data-live-status]");
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "X-Strata-Dashboard": "1" }, cache: "no-store" })
        .then(function (response) {
          if (response.status === 401) { toLogin(response); return null; }
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          if (html === null) { return; }
          element.innerHTML = html; // rendered and encoded by the host
          if (stamp) { stamp.textContent = "updated " + new Date().toLocaleTimeString(); }
          window.setTimeout(tick, interval);
        })
        .catch(function (error) {
          if (stamp) { stamp.textContent = "not updated: " + error.message; }
          window.setTimeout(tick, interval * 2);
        });
    }
    window.setTimeout(tick, interval);
  }

  // <pre data-log="/dashboard/.../logs">: the app's log lines as the host streams them (server-sent events).
  function tail(element) {
    var url = element.getAttribute("data-log");
    var max = 1000;
    var source = new EventSource(url);
    var status = document.querySelector("[data-log-status]");
    // Each connection starts with the newest lines again (the host sends its tail): start afresh, no duplicates.
    source.onopen = function () {
      element.textContent = "";
      if (status) { status.textContent = "following"; }
    };
    source.onmessage = function (event) {
      var atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - 4;
      element.appendChild(document.createTextNode(event.data + "\n"));
      while (element.childNodes.length > max) { element.removeChild(element.firstChild); }
      if (atBottom) { element.scrollTop = element.scrollHeight; }
    };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        if (status) { status.textContent = "stopped"; }
        // Stopped for good: find out whether the session ended.
        fetch(url, { credentials: "same-origin", headers: { "X-Strata-Dashboard": "1" }, cache: "no-store" })
          .then(function (response) {
            if (response.status === 401) { toLogin(response); } else if (response.body) { response.body.cancel(); }
          });
      } else if (status) {
        status.textContent = "reconnecting";
      }
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), poll);
    Array.prototype.forEach.call(document.querySelectorAll("[data-log]"), tail);
  });
})();
