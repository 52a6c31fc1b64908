/*!
 * TITP Assistant web chat widget. Plain JS, no dependencies besides the
 * socket.io client, which it loads from the same place as itself.
 *
 * Embed with one tag:
 *   <script src="https://HOST:8080/widget/titp-widget.js"
 *           data-socket-url="https://HOST:5005" data-language="vi" defer></script>
 *
 * Talks to Rasa's socket.io channel (session persistence): `session_request`
 * {session_id} -> `session_confirm`, then `user_uttered` {message, session_id,
 * metadata: {language}} and `bot_uttered` {text, quick_replies|buttons}.
 */
(function () {
  "use strict";

  if (window.__titpWidget) return;
  window.__titpWidget = true;

  // ---- where we are, what we were told -------------------------------------------------------
  var script = document.currentScript || (function () {
    var all = document.querySelectorAll('script[src*="titp-widget.js"]');
    return all[all.length - 1];
  })();
  var BASE = new URL(".", script.src).href;                       // ".../widget/"
  var SOCKET_URL = script.getAttribute("data-socket-url") ||
    (new URL(BASE).protocol + "//" + new URL(BASE).hostname + ":5005");
  var REQUESTED_LANGUAGE = (script.getAttribute("data-language") || "").trim();
  var STORE_KEY = "titp-widget:v1:" + SOCKET_URL;
  var MAX_MESSAGES = 200;
  var MERGE_WINDOW_MS = 2500;      // Rasa sends one event per paragraph: join them into one bubble
  var TYPING_TIMEOUT_MS = 45000;

  // English words, used only if i18n.json cannot be fetched.
  var FALLBACK_I18N = {
    "default": "en", order: ["en"],
    languages: { en: { native_name: "English", ui: {
      chat_title: "TITP Assistant", open_chat: "Open the chat", close_chat: "Close the chat",
      input_placeholder: "Type your question…", input_label: "Your message", send: "Send",
      language_label: "Language", typing: "The assistant is typing…",
      connection_lost: "Connection lost. Trying again…", connected: "Connected.",
      unavailable: "The assistant is not reachable right now. Please try again shortly.",
      you: "You", assistant: "Assistant" } } }
  };

  // ---- state (persisted in localStorage) ------------------------------------------------------
  // {sessionId, language, open, messages: [{id, who: "user"|"bot"|"note", text, buttons, active, chosen}]}
  function loadState() {
    try {
      var raw = window.localStorage.getItem(STORE_KEY);
      var s = raw ? JSON.parse(raw) : null;
      if (s && typeof s === "object" && Array.isArray(s.messages)) return s;
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { sessionId: null, language: null, open: false, messages: [] };
  }
  var state = loadState();

  function save() {
    if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
    try { window.localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  var idCounter = 0;
  function newId() { return Date.now().toString(36) + "-" + (idCounter++).toString(36); }

  // ---- text rendering: escape first, then **bold**, "- " lists, paragraphs, links --------------
  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  // On escaped text: a URL runs until whitespace, "*" or an escaped <, >, " or '.
  var URL_RE = /https?:\/\/(?:(?!&(?:lt|gt|quot|#39);)[^\s*])+/g;
  var TRAILING_PUNCT_RE = /^([\s\S]*?)([.,;:!?)\]}。、，；：！？）」』]*)$/;

  function inline(escaped) {
    var linked = escaped.replace(URL_RE, function (url) {
      var m = TRAILING_PUNCT_RE.exec(url);
      var href = m[1], tail = m[2];
      if (!/^https?:\/\/[^/]/.test(href)) return url;
      return '<a href="' + href + '" target="_blank" rel="noopener noreferrer">' + href + "</a>" + tail;
    });
    return linked.replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>");
  }

  function renderMarkdown(text) {
    var html = "";
    String(text || "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/).forEach(function (block) {
      var para = [], items = [];
      function flushPara() {
        if (para.length) html += "<p>" + para.map(function (l) { return inline(escapeHtml(l)); }).join("<br>") + "</p>";
        para = [];
      }
      function flushList() {
        if (items.length) html += "<ul>" + items.map(function (l) { return "<li>" + inline(escapeHtml(l)) + "</li>"; }).join("") + "</ul>";
        items = [];
      }
      block.split("\n").forEach(function (line) {
        var m = /^\s*-\s+(.*)$/.exec(line);
        if (m) { flushPara(); items.push(m[1]); }
        else if (line.trim()) { flushList(); para.push(line); }
      });
      flushPara();
      flushList();
    });
    return html;
  }

  function renderPlain(text) {
    return "<p>" + escapeHtml(text).replace(/\n/g, "<br>") + "</p>";
  }

  // ---- loading: styles, words, socket.io -------------------------------------------------------
  function fetchI18n() {
    return fetch(BASE + "i18n.json", { credentials: "omit" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        if (!data || !data.languages || !data.order || !data.order.length) throw new Error("bad i18n.json");
        return data;
      })
      .catch(function () { return FALLBACK_I18N; });
  }

  var socketIoPromise = null;
  function loadSocketIo() {
    if (socketIoPromise) return socketIoPromise;
    socketIoPromise = new Promise(function (resolve, reject) {
      // Keep a host page's own `io` (and an AMD loader) untouched.
      var hadIo = Object.prototype.hasOwnProperty.call(window, "io"), prevIo = window.io;
      var amd = typeof window.define === "function" && window.define.amd ? window.define : null;
      if (amd) window.define = undefined;
      var el = document.createElement("script");
      el.src = BASE + "vendor/socket.io.min.js";
      el.async = true;
      function restore() {
        if (amd) window.define = amd;
        var ours = window.io;
        if (hadIo) window.io = prevIo; else { try { delete window.io; } catch (e) { window.io = undefined; } }
        return ours;
      }
      el.onload = function () {
        var ours = restore();
        if (typeof ours === "function") resolve(ours); else reject(new Error("socket.io did not load"));
      };
      el.onerror = function () { restore(); reject(new Error("socket.io did not load")); };
      document.head.appendChild(el);
    });
    socketIoPromise.catch(function () { socketIoPromise = null; });
    return socketIoPromise;
  }

  // ---- the widget -------------------------------------------------------------------------------
  var i18n = FALLBACK_I18N;
  var dom = {};
  var socket = null, ready = false, everConnected = false, hadProblem = false;
  var outbox = [];
  var burst = null;                 // {id, at}: the bot message still taking paragraphs
  var typingTimer = null, statusTimer = null;

  function liveCodes() { return i18n.order.filter(function (c) { return i18n.languages[c]; }); }

  function normalizeCode(tag) {
    var base = String(tag || "").toLowerCase().split(/[-_]/)[0];
    var alias = { fil: "tl", "in": "id", bur: "my", mya: "my", khm: "km", nep: "ne", mon: "mn", tha: "th",
                  vie: "vi", jpn: "ja", zho: "zh", chi: "zh", eng: "en", ind: "id", tgl: "tl" };
    return alias[base] || base;
  }

  function pickLanguage() {
    var live = liveCodes();
    var candidates = [state.language, REQUESTED_LANGUAGE];
    var nav = (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language];
    candidates = candidates.concat(Array.prototype.slice.call(nav || []));
    for (var i = 0; i < candidates.length; i++) {
      if (!candidates[i]) continue;
      var code = normalizeCode(candidates[i]);
      if (live.indexOf(code) >= 0) return code;
    }
    return live.indexOf(i18n["default"]) >= 0 ? i18n["default"] : live[0];
  }

  function ui(key) {
    var lang = i18n.languages[state.language] || i18n.languages[i18n["default"]] || {};
    var words = lang.ui || {};
    if (words[key]) return words[key];
    var en = i18n.languages.en && i18n.languages.en.ui;
    return (en && en[key]) || FALLBACK_I18N.languages.en.ui[key] || key;
  }

  var ICON_CHAT = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.2 3.4A.5.5 0 0 1 4 21v-3a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z"/></svg>';
  var ICON_CLOSE = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';
  var ICON_SEND = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/></svg>';

  function el(tag, attrs, html) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (html != null) node.innerHTML = html;
    return node;
  }

  function build() {
    var host = el("div", { id: "titp-widget", "data-titp-widget": "" });
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    dom.host = host;
    dom.root = root;

    var css = el("link", { rel: "stylesheet", href: BASE + "titp-widget.css" });
    var wrap = el("div", { "class": "titp", hidden: "" });
    function show() { wrap.removeAttribute("hidden"); if (state.open) scrollToEnd(); }
    css.addEventListener("load", show);
    css.addEventListener("error", show);
    root.appendChild(css);
    root.appendChild(wrap);
    dom.wrap = wrap;

    var panel = el("div", { "class": "titp-panel", id: "titp-panel", role: "dialog",
                            "aria-modal": "false", "aria-labelledby": "titp-title", hidden: "" });
    var header = el("div", { "class": "titp-header" });
    dom.title = el("h2", { "class": "titp-title", id: "titp-title" });
    dom.langLabel = el("label", { "class": "titp-sr", "for": "titp-lang" });
    dom.lang = el("select", { "class": "titp-lang", id: "titp-lang" });
    dom.close = el("button", { "class": "titp-close", type: "button" }, ICON_CLOSE);
    header.appendChild(dom.title);
    header.appendChild(dom.langLabel);
    header.appendChild(dom.lang);
    header.appendChild(dom.close);

    dom.log = el("div", { "class": "titp-log", role: "log", "aria-live": "polite", tabindex: "0" });
    dom.status = el("div", { "class": "titp-status", role: "status", "aria-live": "polite" });
    dom.typing = el("div", { "class": "titp-typing", hidden: "" },
      '<span class="titp-dots" aria-hidden="true"><span></span><span></span><span></span></span><span class="titp-typing-text"></span>');

    dom.form = el("form", { "class": "titp-form", autocomplete: "off" });
    dom.inputLabel = el("label", { "class": "titp-sr", "for": "titp-input" });
    dom.input = el("input", { "class": "titp-input", id: "titp-input", type: "text", maxlength: "1000",
                              enterkeyhint: "send" });
    dom.send = el("button", { "class": "titp-send", type: "submit" }, ICON_SEND);
    dom.form.appendChild(dom.inputLabel);
    dom.form.appendChild(dom.input);
    dom.form.appendChild(dom.send);

    panel.appendChild(header);
    panel.appendChild(dom.status);
    panel.appendChild(dom.log);
    panel.appendChild(dom.typing);
    panel.appendChild(dom.form);
    dom.panel = panel;

    dom.launcher = el("button", { "class": "titp-launcher", type: "button", "aria-expanded": "false",
                                  "aria-controls": "titp-panel" }, ICON_CHAT + '<span class="titp-badge" hidden></span>');

    wrap.appendChild(panel);
    wrap.appendChild(dom.launcher);
    document.body.appendChild(host);

    liveCodes().forEach(function (code) {
      var opt = el("option", { value: code, lang: code });
      opt.textContent = i18n.languages[code].native_name || code;
      dom.lang.appendChild(opt);
    });

    dom.launcher.addEventListener("click", function () { if (state.open) close(true); else open(); });
    dom.close.addEventListener("click", function () { close(true); });
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { e.preventDefault(); close(true); }
    });
    dom.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = dom.input.value.trim();
      if (!text) return;
      dom.input.value = "";
      sendText(text);
    });
    dom.lang.addEventListener("change", function () { changeLanguage(dom.lang.value); });
    dom.log.addEventListener("click", function (e) {
      var btn = e.target.closest ? e.target.closest("button[data-payload]") : null;
      if (btn && !btn.disabled) chooseReply(btn);
    });

    applyUi();
    state.messages.forEach(function (m) { dom.log.appendChild(renderMessage(m)); });
    if (state.open) open(false);
  }

  function applyUi() {
    var lang = state.language;
    dom.wrap.setAttribute("lang", lang);
    dom.title.textContent = ui("chat_title");
    dom.langLabel.textContent = ui("language_label");
    dom.lang.setAttribute("aria-label", ui("language_label"));
    dom.lang.value = lang;
    dom.close.setAttribute("aria-label", ui("close_chat"));
    dom.close.setAttribute("title", ui("close_chat"));
    dom.log.setAttribute("aria-label", ui("chat_title"));
    dom.typing.querySelector(".titp-typing-text").textContent = ui("typing");
    dom.inputLabel.textContent = ui("input_label");
    dom.input.setAttribute("placeholder", ui("input_placeholder"));
    dom.input.setAttribute("aria-label", ui("input_label"));
    dom.send.setAttribute("aria-label", ui("send"));
    dom.send.setAttribute("title", ui("send"));
    var launcherName = state.open ? ui("close_chat") : ui("open_chat");
    dom.launcher.setAttribute("aria-label", launcherName);
    dom.launcher.setAttribute("title", launcherName);
    Array.prototype.forEach.call(dom.log.querySelectorAll(".titp-who"), function (who) {
      who.textContent = (who.getAttribute("data-who") === "user" ? ui("you") : ui("assistant")) + ": ";
    });
  }

  // ---- messages ----------------------------------------------------------------------------------
  function renderMessage(m) {
    var node = el("div", { "class": "titp-msg titp-msg--" + m.who, "data-id": m.id });
    if (m.who === "note") {
      node.setAttribute("lang", m.lang || "");
      node.textContent = m.text;
      return node;
    }
    var who = el("span", { "class": "titp-sr titp-who", "data-who": m.who });
    who.textContent = (m.who === "user" ? ui("you") : ui("assistant")) + ": ";
    node.appendChild(who);
    var bubble = el("div", { "class": "titp-bubble" }, m.who === "bot" ? renderMarkdown(m.text) : renderPlain(m.text));
    node.appendChild(bubble);
    if (m.who === "bot" && m.buttons && m.buttons.length) {
      var group = el("div", { "class": "titp-replies" });
      m.buttons.forEach(function (b) {
        var btn = el("button", { type: "button", "class": "titp-reply", "data-payload": b.payload });
        btn.textContent = b.title;
        if (!m.active) btn.disabled = true;
        if (m.chosen && m.chosen === b.payload) btn.className += " titp-reply--chosen";
        group.appendChild(btn);
      });
      node.appendChild(group);
    }
    return node;
  }

  function findNode(id) { return dom.log.querySelector('[data-id="' + id + '"]'); }

  function scrollToEnd() { dom.log.scrollTop = dom.log.scrollHeight; }

  // A long answer is read from its top: scroll to its start when it does not fit, else to the end.
  function reveal(node) {
    if (node && node.offsetHeight > dom.log.clientHeight - 24) dom.log.scrollTop = node.offsetTop - 12;
    else scrollToEnd();
  }

  function addMessage(m) {
    state.messages.push(m);
    save();
    var node = renderMessage(m);
    dom.log.appendChild(node);
    if (m.who === "bot") reveal(node); else scrollToEnd();
    if (!state.open && m.who === "bot") dom.launcher.querySelector(".titp-badge").hidden = false;
  }

  function replaceMessage(m, scroll) {
    var old = findNode(m.id), node = renderMessage(m);
    if (old) old.parentNode.replaceChild(node, old);
    save();
    if (scroll) reveal(node);
  }

  function deactivateButtons(upToIndex, chosenId, payload) {
    for (var i = 0; i <= upToIndex && i < state.messages.length; i++) {
      var m = state.messages[i];
      if (m.who !== "bot" || !m.active) continue;
      m.active = false;
      if (m.id === chosenId) m.chosen = payload;
      replaceMessage(m);
    }
  }

  function onBotMessage(data) {
    if (!data || typeof data !== "object") return;
    var text = typeof data.text === "string" ? data.text : "";
    var att = data.attachment;
    if (att && att.type === "image" && att.payload && att.payload.src) text += (text ? "\n" : "") + att.payload.src;
    var raw = data.quick_replies || data.buttons || [];
    var buttons = [];
    if (Array.isArray(raw)) raw.forEach(function (b) {
      if (b && typeof b.title === "string" && typeof b.payload === "string") buttons.push({ title: b.title, payload: b.payload });
    });
    if (!text && !buttons.length) return;
    hideTyping();

    var last = state.messages[state.messages.length - 1];
    if (burst && last && last.id === burst.id && Date.now() - burst.at < MERGE_WINDOW_MS &&
        !(last.buttons && last.buttons.length)) {
      last.text = last.text && text ? last.text + "\n\n" + text : (last.text || text);
      last.buttons = buttons;
      last.active = buttons.length > 0;
      burst.at = Date.now();
      replaceMessage(last, true);
    } else {
      var m = { id: newId(), who: "bot", text: text, buttons: buttons, active: buttons.length > 0 };
      burst = { id: m.id, at: Date.now() };
      addMessage(m);
    }
  }

  // ---- sending -----------------------------------------------------------------------------------
  function queue(message) {
    outbox.push(message);
    flush();
  }

  function flush() {
    if (!socket || !ready) { if (!socket) connect(); return; }
    while (outbox.length) {
      var message = outbox.shift();
      burst = null;
      socket.emit("user_uttered", { message: message, session_id: state.sessionId,
                                    metadata: { language: state.language } });
      showTyping();
    }
  }

  function sendText(text) {
    burst = null;
    addMessage({ id: newId(), who: "user", text: text });
    queue(text);
  }

  function chooseReply(btn) {
    var node = btn.closest(".titp-msg");
    var id = node && node.getAttribute("data-id");
    var index = -1;
    for (var i = 0; i < state.messages.length; i++) if (state.messages[i].id === id) index = i;
    var payload = btn.getAttribute("data-payload");
    var title = btn.textContent;
    deactivateButtons(index, id, payload);
    addMessage({ id: newId(), who: "user", text: title });
    queue(payload);
    dom.input.focus();
  }

  function changeLanguage(code) {
    if (!i18n.languages[code] || code === state.language) return;
    state.language = code;
    save();
    applyUi();
    addMessage({ id: newId(), who: "note", lang: code,
                 text: ui("language_label") + ": " + (i18n.languages[code].native_name || code) });
    queue('/switch_language{"language_name":"' + code + '"}');
  }

  // ---- typing and status -----------------------------------------------------------------------
  function showTyping() {
    dom.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
    scrollToEnd();
  }

  function hideTyping() {
    dom.typing.hidden = true;
    clearTimeout(typingTimer);
  }

  function setStatus(key, kind) {
    clearTimeout(statusTimer);
    dom.status.className = "titp-status" + (kind ? " titp-status--" + kind : "");
    dom.status.textContent = key ? ui(key) : "";
    dom.status.setAttribute("data-state", key || "");
    if (kind === "ok") statusTimer = setTimeout(function () { setStatus(null); }, 3000);
  }

  // ---- connection --------------------------------------------------------------------------------
  function connect() {
    if (socket) return;
    socket = "loading";
    loadSocketIo().then(function (io) {
      socket = io(SOCKET_URL, {
        transports: ["websocket"],
        reconnection: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 10000,
        timeout: 10000
      });
      socket.on("connect", function () {
        ready = false;
        socket.emit("session_request", { session_id: state.sessionId || null });
      });
      socket.on("session_confirm", function (data) {
        var id = typeof data === "string" ? data : (data && data.session_id);
        if (id) { state.sessionId = id; save(); }
        ready = true;
        if (hadProblem) setStatus("connected", "ok"); else setStatus(null);
        hadProblem = false;
        everConnected = true;
        flush();
      });
      socket.on("bot_uttered", onBotMessage);
      socket.on("disconnect", function (reason) {
        ready = false;
        hideTyping();
        if (reason === "io client disconnect") return;
        hadProblem = true;
        setStatus("connection_lost", "warn");
        if (reason === "io server disconnect") socket.connect();   // not retried by socket.io itself
      });
      socket.on("connect_error", function () {
        hadProblem = true;
        if (everConnected) setStatus("connection_lost", "warn"); else setStatus("unavailable", "error");
        // refused by the server itself: socket.io does not retry that on its own
        if (!socket.active) setTimeout(function () { if (!socket.connected) socket.connect(); }, 5000);
      });
    }).catch(function () {
      socket = null;
      hadProblem = true;
      setStatus("unavailable", "error");
      setTimeout(function () { if (!socket && outbox.length) connect(); }, 10000);
    });
  }

  // ---- open / close --------------------------------------------------------------------------------
  function open(focus) {
    state.open = true;
    save();
    dom.panel.hidden = false;
    dom.wrap.classList.add("titp--open");
    dom.launcher.setAttribute("aria-expanded", "true");
    dom.launcher.querySelector(".titp-badge").hidden = true;
    applyUi();
    scrollToEnd();
    if (!state.messages.length && !outbox.length) queue("/greet");   // the assistant says hello and offers topics
    connect();
    if (focus !== false) dom.input.focus();
  }

  function close(returnFocus) {
    state.open = false;
    save();
    dom.panel.hidden = true;
    dom.wrap.classList.remove("titp--open");
    dom.launcher.setAttribute("aria-expanded", "false");
    applyUi();
    if (returnFocus) dom.launcher.focus();
  }

  // ---- start -----------------------------------------------------------------------------------------
  function start() {
    fetchI18n().then(function (data) {
      i18n = data;
      state.language = pickLanguage();   // saved with the first change (open, message)
      build();
      if (state.open) connect();
    });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
