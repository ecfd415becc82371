// ragbot web chat: plain JavaScript, no build step, no network beyond this server.
"use strict";

const KEY_STORAGE = "ragbot.apiKey";
const NOT_IN_ARTICLES = "Not in the articles";

const state = {
  history: [], // [{role, content}], oldest first; sent with every question
  limits: { max_question_chars: 2000, max_history_messages: 20, max_message_chars: 8000 },
  busy: null, // AbortController of the answer being streamed
  sources: new Map(), // article id -> promise of its JSON
  lastCitationButton: null,
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
}

// ---------------------------------------------------------------------------------------------
// HTTP
function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

function headers(json = true) {
  const h = {};
  if (json) h["Content-Type"] = "application/json";
  const key = apiKey();
  if (key) h["Authorization"] = `Bearer ${key}`;
  return h;
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function errorFrom(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (typeof body.detail === "string") message = body.detail;
  } catch (_) {
    // not JSON: keep the status line
  }
  return new HttpError(response.status, message);
}

async function getJSON(path) {
  const response = await fetch(path, { headers: headers(false) });
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

// Server-Sent Events over fetch (EventSource cannot POST): calls onEvent(name, data) per event.
async function streamEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue; // keep-alive comment
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") name = text;
        else if (field === "data") data.push(text);
      }
      if (data.length) onEvent(name, JSON.parse(data.join("\n")));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering
function scrollToEnd() {
  const list = $("messages");
  list.lastElementChild?.scrollIntoView({ block: "end", behavior: "smooth" });
}

function addUserMessage(text) {
  const item = el("li", { class: "msg user" }, el("p", { class: "who", text: "You" }), el("p", { class: "text", text }));
  $("messages").append(item);
  scrollToEnd();
}

function addBotMessage() {
  const text = el("p", { class: "text" });
  const item = el(
    "li",
    { class: "msg bot streaming", "aria-busy": "true" },
    el("p", { class: "who", text: "ragbot" }),
    text,
  );
  $("messages").append(item);
  scrollToEnd();
  return item;
}

// The answer with each [n] as a button opening citation n.
function renderAnswer(container, answer, citations) {
  const byN = new Map(citations.map((c) => [c.n, c]));
  container.replaceChildren();
  let last = 0;
  for (const match of answer.matchAll(/\[(\d+)\]/g)) {
    const citation = byN.get(Number(match[1]));
    if (!citation) continue;
    container.append(answer.slice(last, match.index), citationButton(citation, `[${citation.n}]`));
    last = match.index + match[0].length;
  }
  container.append(answer.slice(last));
}

function citationButton(citation, label) {
  return el("button", {
    type: "button",
    class: "cite",
    text: label,
    "data-n": String(citation.n),
    "aria-label": `Source ${citation.n}: ${citation.title}`,
    onclick: (event) => openCitation(citation, event.currentTarget),
  });
}

function renderSources(item, citations) {
  const list = el("ol", { class: "sources", "aria-label": "Sources" });
  for (const c of citations) {
    list.append(
      el(
        "li",
        {},
        citationButton(c, `[${c.n}]`),
        el(
          "div",
          { class: "source-text" },
          el("span", { class: "source-title", text: c.title }),
          el("q", { class: "source-quote", text: c.quote }),
        ),
      ),
    );
  }
  item.append(list);
}

function finishBotMessage(item, body) {
  item.classList.remove("streaming");
  item.removeAttribute("aria-busy");
  const text = item.querySelector(".text");
  renderAnswer(text, body.answer, body.citations);
  if (body.answerable) {
    if (body.citations.length) renderSources(item, body.citations);
  } else {
    item.classList.add("unanswerable");
    item.insertBefore(el("p", { class: "badge", text: NOT_IN_ARTICLES }), text);
  }
  scrollToEnd();
}

function failBotMessage(item, message, question, status) {
  item.classList.remove("streaming");
  item.removeAttribute("aria-busy");
  item.classList.add("error");
  const retry = el("button", {
    type: "button",
    class: "ghost",
    text: "Try again",
    onclick: () => {
      item.remove();
      ask(question);
    },
  });
  const actions = el("div", { class: "error-actions" }, retry);
  if (status === 401) {
    actions.append(el("button", { type: "button", class: "ghost", text: "Enter API key", onclick: () => openKeyDialog() }));
  }
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  item.append(el("p", { class: "error-text", role: "alert", text: sentence }), actions);
  scrollToEnd();
}

// ---------------------------------------------------------------------------------------------
// Asking
function trimmedHistory() {
  const { max_history_messages: most, max_message_chars: chars } = state.limits;
  return state.history.slice(Math.max(0, state.history.length - most)).map((m) => ({
    role: m.role,
    content: m.content.slice(0, chars),
  }));
}

function setBusy(controller) {
  state.busy = controller;
  const send = $("send");
  send.textContent = controller ? "Stop" : "Ask";
  send.classList.toggle("stop", Boolean(controller));
}

async function ask(question) {
  const input = $("question");
  $("welcome").hidden = true;
  addUserMessage(question);
  const item = addBotMessage();
  const text = item.querySelector(".text");
  const controller = new AbortController();
  setBusy(controller);
  let streamed = "";
  let final = null;
  let failure = null;
  try {
    const response = await fetch("/chat/stream", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({ question, history: trimmedHistory() }),
      signal: controller.signal,
    });
    if (!response.ok) throw await errorFrom(response);
    await streamEvents(response, (name, data) => {
      if (name === "delta") {
        streamed += data.text;
        text.textContent = streamed;
        scrollToEnd();
      } else if (name === "done") {
        final = data;
      } else if (name === "error") {
        failure = new HttpError(500, data.message);
      }
    });
    if (failure) throw failure;
    if (!final) throw new Error("the answer stopped before it was complete");
  } catch (error) {
    setBusy(null);
    if (error.name === "AbortError") {
      failBotMessage(item, "Stopped.", question);
    } else {
      const offline = error instanceof TypeError; // fetch's network failure
      const message = offline ? "Cannot reach the server. Check the connection and try again." : error.message;
      failBotMessage(item, message, question, error.status);
      if (error.status === 401) openKeyDialog("This server needs an API key.");
    }
    if (!input.value.trim()) input.value = question; // keep the question so nothing is lost
    input.focus();
    return;
  }
  setBusy(null);
  finishBotMessage(item, final);
  state.history.push({ role: "user", content: question }, { role: "assistant", content: final.answer });
}

function submitQuestion() {
  if (state.busy) {
    state.busy.abort();
    return;
  }
  const input = $("question");
  const question = input.value.trim();
  if (!question) {
    input.focus();
    return;
  }
  input.value = "";
  ask(question);
}

// ---------------------------------------------------------------------------------------------
// The source panel: the cited article with the quoted passage highlighted
function source(id) {
  if (!state.sources.has(id)) {
    const request = getJSON(`/sources/${encodeURIComponent(id)}`);
    request.catch(() => state.sources.delete(id)); // retry on the next click
    state.sources.set(id, request);
  }
  return state.sources.get(id);
}

async function openCitation(citation, button) {
  state.lastCitationButton?.removeAttribute("aria-current");
  state.lastCitationButton = button;
  button.setAttribute("aria-current", "true");
  const panel = $("source-panel");
  const body = $("source-body");
  $("source-kicker").textContent = `Source [${citation.n}]`;
  $("source-title").textContent = citation.title;
  $("source-id").textContent = citation.source;
  body.replaceChildren(el("p", { class: "muted", text: "Loading the article…" }));
  panel.hidden = false;
  document.body.classList.add("panel-open");
  try {
    const article = await source(citation.source);
    const text = article.text;
    const mark = el("mark", { id: "highlight", text: text.slice(citation.start, citation.end) });
    const passage = el("div", { class: "article-text" }, text.slice(0, citation.start), mark, text.slice(citation.end));
    $("source-title").textContent = article.title;
    body.replaceChildren(passage);
    mark.scrollIntoView({ block: "center" });
  } catch (error) {
    body.replaceChildren(el("p", { class: "error-text", role: "alert", text: `Cannot open the article: ${error.message}` }));
  }
  $("source-title").focus({ preventScroll: true });
}

function closeSource() {
  state.lastCitationButton?.removeAttribute("aria-current");
  $("source-panel").hidden = true;
  document.body.classList.remove("panel-open");
  state.lastCitationButton?.focus();
}

// ---------------------------------------------------------------------------------------------
// API key
function openKeyDialog(reason) {
  const dialog = $("key-dialog");
  $("key-reason").textContent = reason || "This server may need an API key. It is kept in this browser only.";
  $("key-input").value = apiKey();
  if (!dialog.open) dialog.showModal();
  $("key-input").focus();
}

function setUpKeyDialog() {
  const dialog = $("key-dialog");
  $("key-button").addEventListener("click", () => openKeyDialog());
  $("key-cancel").addEventListener("click", () => dialog.close());
  $("key-clear").addEventListener("click", () => {
    localStorage.removeItem(KEY_STORAGE);
    dialog.close();
    loadCorpus();
  });
  $("key-form").addEventListener("submit", () => {
    const key = $("key-input").value.trim();
    if (key) localStorage.setItem(KEY_STORAGE, key);
    else localStorage.removeItem(KEY_STORAGE);
    loadCorpus();
  });
}

// ---------------------------------------------------------------------------------------------
// Start-up
async function loadConfig() {
  try {
    const config = await getJSON("/config");
    state.limits = config.limits;
    $("question").maxLength = config.limits.max_question_chars;
    $("key-button").hidden = !config.auth_required;
  } catch (_) {
    // older server or offline: keep the defaults
  }
}

async function loadCorpus() {
  const summary = $("corpus-summary");
  const list = $("article-list");
  try {
    const { sources } = await getJSON("/sources");
    summary.textContent = sources.length
      ? `I answer from ${sources.length} article${sources.length === 1 ? "" : "s"}:`
      : "No articles are loaded yet: run `ragbot ingest` on the server.";
    list.replaceChildren(...sources.slice(0, 8).map((s) => el("li", { text: s.title })));
    if (sources.length > 8) list.append(el("li", { class: "muted", text: `and ${sources.length - 8} more` }));
  } catch (error) {
    list.replaceChildren();
    summary.textContent =
      error.status === 401 ? "This server needs an API key: use the “API key” button." : `Cannot list the articles: ${error.message}`;
    if (error.status === 401) openKeyDialog("This server needs an API key.");
  }
}

function newConversation() {
  state.busy?.abort();
  state.history = [];
  $("messages").replaceChildren();
  $("welcome").hidden = false;
  closeSource();
  $("question").focus();
}

document.addEventListener("DOMContentLoaded", async () => {
  $("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    submitQuestion();
  });
  $("question").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitQuestion();
    }
  });
  $("source-close").addEventListener("click", closeSource);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("source-panel").hidden && !$("key-dialog").open) closeSource();
  });
  $("new-chat").addEventListener("click", newConversation);
  setUpKeyDialog();
  await loadConfig();
  await loadCorpus();
  $("question").focus();
});
