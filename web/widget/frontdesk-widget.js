/*
 * frontdesk patient chat widget (issue 9). One script tag on a practice's page:
 *
 *   <script src="https://<distribution>/widget/frontdesk-widget.js"
 *           data-site-key="<the site's public API key>" data-site-id="riverside-main"
 *           data-api-base="https://<api id>.execute-api.<region>.amazonaws.com/<stage>"
 *           data-practice="Riverside Family Medicine" defer></script>
 *
 * No framework, no dependencies. It builds its own DOM and loads frontdesk-widget.css from
 * the same folder (no inline styles, so it works under a strict CSP). Server text is only
 * ever set with textContent. It posts the message to POST /v1/messages and polls
 * GET /v1/messages/{id} until the answer: Tier 1 the answer, Tier 2 who will answer and
 * when, Tier 3 the emergency number or crisis line first, large, as an alert.
 * Optional: data-mount="#selector" renders the widget inline there instead of a launcher.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-site-key]");
  if (!script || window.__frontdeskWidget) { return; }
  window.__frontdeskWidget = true;

  var cfg = {
    siteKey: script.getAttribute("data-site-key") || "",
    siteId: script.getAttribute("data-site-id") || "",
    apiBase: (script.getAttribute("data-api-base") || "").replace(/\/+$/, ""),
    practice: script.getAttribute("data-practice") || "the practice",
    mount: script.getAttribute("data-mount") || "",
    emergencyNumber: script.getAttribute("data-emergency-number") || "911",
    pollMs: 1000,
    maxWaitMs: 60000
  };
  var TERMINAL = { answered: true, routed: true, escalated: true, claimed: true, resolved: true };
  var uid = "fdw-" + Math.random().toString(36).slice(2, 8);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // Calls then() once the widget's stylesheet applies (or failed to load). The widget is
  // placed only then: an unstyled launcher would show in the page's flow and jump to its
  // corner a moment later, under the reader's pointer (and a click aimed at it).
  function loadStyles(then) {
    var href = new URL("frontdesk-widget.css", script.src || window.location.href).href;
    var link = document.querySelector('link[href="' + href + '"]');
    if (link && link.sheet) { then(); return; }
    if (!link) {
      link = el("link", { rel: "stylesheet", href: href });
      document.head.appendChild(link);
    }
    link.addEventListener("load", then, { once: true });
    link.addEventListener("error", then, { once: true });
  }

  // ---- DOM ------------------------------------------------------------------------------
  var root = el("section", { "class": "fdw", "aria-labelledby": uid + "-title", "lang": "en" });
  var urgent = el("div", { "class": "fdw-urgent", role: "alert", id: uid + "-urgent" });
  urgent.hidden = true;
  var header = el("div", { "class": "fdw-header" });
  var title = el("h2", { "class": "fdw-title", id: uid + "-title" }, "Message " + cfg.practice);
  var close = el("button", { type: "button", "class": "fdw-close", "aria-label": "Close the chat" }, "\u00d7");
  header.appendChild(title);
  var notice = el("p", { "class": "fdw-notice" },
    "For a medical emergency, call " + cfg.emergencyNumber + ". Please do not include your date of birth or insurance numbers.");
  var log = el("div", { "class": "fdw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                        "aria-label": "Conversation", tabindex: "0" });
  var form = el("form", { "class": "fdw-form", novalidate: "" });
  var label = el("label", { "for": uid + "-text", "class": "fdw-label" }, "Your message");
  var textarea = el("textarea", { id: uid + "-text", name: "text", rows: "3", maxlength: "2000",
                                  "aria-describedby": uid + "-hint", autocomplete: "off" });
  var hint = el("p", { id: uid + "-hint", "class": "fdw-hint" }, "Enter sends; Shift+Enter starts a new line.");
  var send = el("button", { type: "submit", "class": "fdw-send" }, "Send");
  var status = el("p", { "class": "fdw-status", role: "status", "aria-live": "polite" });
  form.appendChild(label);
  form.appendChild(textarea);
  form.appendChild(hint);
  form.appendChild(send);
  form.appendChild(status);
  // The urgent banner is the first thing in the widget: above the title and the log.
  root.appendChild(urgent);
  root.appendChild(header);
  root.appendChild(notice);
  root.appendChild(log);
  root.appendChild(form);

  var launcher = null;

  function open() {
    root.hidden = false;
    if (launcher) { launcher.setAttribute("aria-expanded", "true"); launcher.hidden = true; }
    textarea.focus();
  }

  function shut() {
    if (!launcher) { return; }
    root.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function place() {
    var target = cfg.mount ? document.querySelector(cfg.mount) : null;
    if (target) {
      root.classList.add("fdw-inline");
      target.appendChild(root);
      return;
    }
    root.classList.add("fdw-panel");
    root.id = uid + "-panel";
    root.hidden = true;
    header.appendChild(close);
    launcher = el("button", { type: "button", "class": "fdw-launcher", "aria-expanded": "false",
                              "aria-controls": root.id }, "Message us");
    launcher.addEventListener("click", open);
    close.addEventListener("click", shut);
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); shut(); }
    });
    document.body.appendChild(launcher);
    document.body.appendChild(root);
  }

  // ---- conversation -----------------------------------------------------------------------
  function bubble(kind, text, extra) {
    var item = el("div", { "class": "fdw-msg fdw-" + kind });
    var who = el("span", { "class": "fdw-who" }, kind === "you" ? "You" : cfg.practice);
    var body = el("p", { "class": "fdw-text" }, text);
    item.appendChild(who);
    item.appendChild(body);
    if (extra) { item.appendChild(extra); }
    log.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  function showUrgent(contact) {
    var crisis = contact.kind === "crisis";
    var number = String(contact.number || cfg.emergencyNumber);
    while (urgent.firstChild) { urgent.removeChild(urgent.firstChild); }
    urgent.className = "fdw-urgent fdw-urgent-" + (crisis ? "crisis" : "emergency");
    urgent.appendChild(el("p", { "class": "fdw-urgent-lead" },
      crisis ? "You are not alone. Call or text now:" : "This may be an emergency. Call now:"));
    var link = el("a", { "class": "fdw-urgent-number", href: "tel:" + number.replace(/[^0-9+]/g, "") }, number);
    urgent.appendChild(link);
    urgent.appendChild(el("p", { "class": "fdw-urgent-more" },
      crisis ? "Free and confidential, any time of day. If you are in danger right now, call " + cfg.emergencyNumber + "."
             : "Do not wait for a reply to this message. Our staff have been alerted."));
    urgent.hidden = false;
    link.focus();
  }

  function describe(view) {
    if (view.urgent_contact) { showUrgent(view.urgent_contact); }
    var text = view.staff_reply || view.reply;
    if (!text) {
      text = view.tier === 3
        ? "A member of our staff has been alerted and will contact you."
        : "Thank you. Our team will get back to you.";
    }
    var extra = null;
    if (view.tier === 2 || (view.status === "routed" && view.tier !== 3)) {
      extra = el("p", { "class": "fdw-routed" }, "Your message was passed to a person at the practice.");
    }
    bubble("them", text, extra);
  }

  function request(method, path, body) {
    var headers = { "x-api-key": cfg.siteKey };
    if (body) { headers["content-type"] = "application/json"; }
    return fetch(cfg.apiBase + path, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      mode: "cors", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.title || ("HTTP " + response.status));
          error.status = response.status;
          throw error;
        }
        return data;
      });
    });
  }

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function poll(messageId, deadline) {
    return request("GET", "/v1/messages/" + encodeURIComponent(messageId)).then(function (view) {
      if (TERMINAL[view.status]) { return view; }
      if (Date.now() > deadline) { throw new Error("timeout"); }
      return wait(cfg.pollMs).then(function () { return poll(messageId, deadline); });
    });
  }

  var busy = false;

  function submit(event) {
    if (event) { event.preventDefault(); }
    var text = textarea.value.trim();
    if (busy) { return; }
    if (!text) {
      status.textContent = "Please type a message first.";
      textarea.setAttribute("aria-invalid", "true");
      textarea.focus();
      return;
    }
    textarea.removeAttribute("aria-invalid");
    busy = true;
    send.disabled = true;
    root.setAttribute("aria-busy", "true");
    bubble("you", text);
    textarea.value = "";
    status.textContent = "Sending\u2026";
    request("POST", "/v1/messages", { site_id: cfg.siteId, channel: "web", text: text })
      .then(function (accepted) {
        status.textContent = "Sent. Waiting for the answer\u2026";
        return poll(accepted.message_id, Date.now() + cfg.maxWaitMs);
      })
      .then(function (view) {
        status.textContent = "";
        describe(view);
      })
      .catch(function (error) {
        status.textContent = "";
        bubble("them", error && error.message === "timeout"
          ? "Your message was received; the answer is taking longer than usual. Please call us if it is urgent."
          : "Sorry, your message could not be sent. Please call us. For an emergency, call " + cfg.emergencyNumber + ".");
      })
      .then(function () {
        busy = false;
        send.disabled = false;
        root.removeAttribute("aria-busy");
        if (urgent.hidden) { textarea.focus(); }
      });
  }

  form.addEventListener("submit", submit);
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { submit(event); }
  });

  function start() {
    loadStyles(place);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
