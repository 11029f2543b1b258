// Caveat's margin: the article with its flags beside their words. Plain DOM, no build step, no network.
// Every piece of the draft is added as a text node (never innerHTML), so nothing in it can become markup.
// Clicks that only change what is shown (select a mark, select a card, jump) stay here; decisions are sent
// to Python as a trigger value and shown at once (optimistically) until Python's next render confirms them.
const STATES = (globalThis.__caveatDesk ??= new Map());

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function decisionOf(st, flag) {
  const pending = st.pending[flag.id];
  return pending ? pending.decision : flag.decision;
}

export default function (component) {
  const { data, parentElement, setTriggerValue, key } = component;
  const st = STATES.get(key) || { selected: null, pending: {}, notes: {}, focus: null, jumpOpen: false };
  STATES.set(key, st);
  if (st.reviewId !== data.review_id) {
    Object.assign(st, { selected: null, pending: {}, notes: {}, focus: null, reviewId: data.review_id });
  }
  for (const id of data.failed || []) delete st.pending[id];  // not saved: show the flag as it is stored
  for (const f of data.flags) {  // Python has caught up with a click: its word is now the truth
    const p = st.pending[f.id];
    if (p && p.decision === f.decision) delete st.pending[f.id];
  }
  const ctx = { data, st, root: parentElement, send: setTriggerValue };
  const signature = JSON.stringify(data);
  const drawn = parentElement.querySelector(".cv-desk");
  if (signature === st.signature && drawn && drawn.isConnected && drawn.childElementCount) return;  // nothing new
  st.signature = signature;
  render(ctx);
  // Streamlit may (re)attach the component's root after this call: check once the frame is laid out.
  requestAnimationFrame(() => {
    const now = parentElement.querySelector(".cv-desk");
    if (!now || !now.childElementCount) render(ctx);
  });
  if (data.scroll_top) {  // a saved review just opened: start at its top, not where the last one was left
    for (const s of [document.scrollingElement, document.querySelector('[data-testid="stMain"]'),
      document.querySelector('[data-testid="stAppViewContainer"]')]) if (s) s.scrollTo(0, 0);
  }
}

function render(ctx) {
  const { root, st } = ctx;
  const active = root.activeElement && root.activeElement.getAttribute("data-focus");
  let host = root.querySelector(".cv-desk");
  if (!host) {
    host = el("div", { class: "cv-desk" });
    root.append(host);
    host.addEventListener("click", (e) => onClick(ctx, e));
    host.addEventListener("keydown", (e) => onKey(ctx, e));
    host.addEventListener("input", (e) => {
      const id = e.target.getAttribute("data-note");
      if (id) ctx.st.notes[id] = e.target.value;
    });
  }
  host.replaceChildren(legend(ctx), bar(ctx), fixedList(ctx), rows(ctx));
  applySelection(ctx, false);
  const want = st.focus || active;
  st.focus = null;
  if (want) {
    const target = host.querySelector(`[data-focus="${CSS.escape(want)}"]`);
    if (target) target.focus({ preventScroll: true });
  }
}

function bar(ctx) {
  const { data, st } = ctx;
  const open = data.flags.filter((f) => decisionOf(st, f) === "open").length;
  const counts = el("p", { class: "cv-counts" },
    el("strong", {}, `${data.counts.total} flag${data.counts.total === 1 ? "" : "s"}`),
    `, ${open} to decide: `,
    data.counts.by_severity.map((s, i) => [i ? " · " : "", el("span", { class: `cv-sev cv-${s.severity}` }, s.label),
      ` ${s.count}`]));
  const items = data.flags.map((f) => el("li", {},

    el("button", { type: "button", class: "cv-jump-link", "data-jump": f.id, "data-focus": `jump:${f.id}` },
      el("span", { class: `cv-sev cv-${f.severity}` }, f.severity_label), ` ${f.title} (${f.where})`,
      decisionOf(st, f) !== "open" ? ` · ${labelOf(ctx, decisionOf(st, f))}` : "")));
  const jump = el("details", { class: "cv-jump", open: st.jumpOpen },
    el("summary", { "data-focus": "jump-summary" }, `Jump to a flag (${data.flags.length})`), el("ol", {}, items));
  jump.addEventListener("toggle", () => { st.jumpOpen = jump.open; });
  return el("nav", { class: "cv-bar", "aria-label": "Flags in this review" }, counts,
    el("div", { class: "cv-bar-row" }, data.flags.length ? jump : "", abstractPanel(ctx)));
}

function abstractPanel(ctx) {
  // The paper's abstract, always one click away in the bar that stays on screen, with the evidence of the
  // selected flag marked: the card quotes the evidence, this shows it in its place.
  const { data, st } = ctx;
  if (!data.abstract.text) return "";
  const panel = el("details", { class: "cv-abstract", open: st.abstractOpen },
    el("summary", { "data-focus": "abstract-summary" }, "The paper's abstract"),
    el("div", { class: "cv-abstract-text", tabindex: "0", role: "region", "aria-label": "The paper's abstract" }));
  panel.addEventListener("toggle", () => { st.abstractOpen = panel.open; });
  fillAbstract(ctx, panel.querySelector(".cv-abstract-text"));
  return panel;
}

function fillAbstract(ctx, box) {
  const { data, st } = ctx;
  const text = data.abstract.text;
  const ranges = ((st.selected && data.abstract.evidence[st.selected]) || []).slice().sort((a, b) => a[0] - b[0]);
  const parts = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    parts.push(text.slice(at, start), el("mark", { class: "cv-ev-mark" }, text.slice(start, end)));
    at = end;
  }
  parts.push(text.slice(at));
  box.replaceChildren(...parts.map((p) => (p instanceof Node ? p : document.createTextNode(p))));
  const first = box.querySelector(".cv-ev-mark");
  if (first && box.closest("details").open) first.scrollIntoView({ block: "nearest" });
}

function legend(ctx) {
  return el("p", { class: "cv-legend" }, "Marks in the text: ",
    ctx.data.legend.map((l) => [el("span", { class: `cv-swatch cv-m-${l.severity}` }, `${l.icon} ${l.word}`),
      ` ${l.meaning}; `]),
    el("span", { class: "cv-swatch cv-faded-demo" }, "dotted"), " decided. Click a mark to see its flag.");
}

function labelOf(ctx, decision) {
  return { open: "Open", accepted: "Accepted", dismissed: "Dismissed", edited: "Edited" }[decision] || decision;
}

function fixedList(ctx) {
  const { data } = ctx;
  if (!data.fixed.length) return "";
  return el("section", { class: "cv-fixed", "aria-label": "Fixed in this draft" },
    el("h3", {}, `Fixed in this draft (${data.fixed.length})`),
    el("ul", {}, data.fixed.map((f) => el("li", { class: "cv-fixed-item" },
      el("span", { class: "cv-chg" }, "Fixed"), ` ${f.title}: “${f.quote}”`))));
}

function rows(ctx) {
  const { data } = ctx;
  const byPara = new Map();
  data.flags.forEach((f, i) => {
    if (!byPara.has(f.paragraph)) byPara.set(f.paragraph, []);
    byPara.get(f.paragraph).push([f, i]);
  });
  const wrap = el("div", { class: "cv-rows" });
  for (const para of data.paragraphs) {
    const text = el(para.index === 0 ? "p" : "p", { class: para.index === 0 ? "cv-para cv-headline" : "cv-para",
      id: `cv-p-${para.index}` },
      el("span", { class: "cv-pnum", "aria-hidden": "true" }, para.index === 0 ? "H" : `¶${para.index}`),
      para.segments.map((s) => segment(ctx, s)));
    const cards = (byPara.get(para.index) || []).map(([f, i]) => card(ctx, f, i));
    wrap.append(el("div", { class: "cv-row" }, text, el("div", { class: "cv-margin" }, cards)));
  }
  const loose = (byPara.get(-1) || []).map(([f, i]) => card(ctx, f, i));
  if (loose.length) wrap.append(el("div", { class: "cv-row" }, el("p", { class: "cv-para" }, ""),
    el("div", { class: "cv-margin" }, loose)));
  return wrap;
}

function segment(ctx, seg) {
  if (!seg.flags.length) return seg.text;
  const { st, data } = ctx;
  const flags = seg.flags.map((id) => data.flags.find((f) => f.id === id)).filter(Boolean);
  const decided = flags.every((f) => decisionOf(st, f) !== "open");
  const titles = flags.map((f) => `${f.severity_label}: ${f.title}`).join("; ");
  return el("mark", {
    class: `cv-mark cv-m-${seg.level}${decided ? " cv-faded" : ""}`, tabindex: "0", role: "button",
    "data-flags": seg.flags.join(" "), "aria-label": `${seg.text.trim()} (${titles})`,
  }, seg.text);
}

function card(ctx, f, i) {
  const { st } = ctx;
  const decision = decisionOf(st, f);
  const decided = decision !== "open";
  const head = el("div", { class: "cv-chead" },
    el("span", { class: `cv-sev cv-${f.severity}` }, f.severity_label),
    f.change_label ? el("span", { class: "cv-chg" }, f.change_label) : "",
    el("span", { class: "cv-where" }, f.where));
  const title = el("h3", { class: "cv-title", id: `cv-t-${i}` }, f.title);
  const show = el("button", { type: "button", class: "cv-link", "data-act": "show", "data-flag": f.id,
    "data-focus": `show:${f.id}`, "aria-describedby": `cv-t-${i}` }, "Show in the text");
  let body;
  if (decided) {
    const note = (st.pending[f.id] ? st.pending[f.id].note : f.note) || "";
    body = [el("p", { class: "cv-folded" }, el("strong", {}, labelOf(ctx, decision)), note ? ` · Note: ${note}` : ""),
      el("div", { class: "cv-btns" },
        el("button", { type: "button", "data-act": "undo", "data-flag": f.id, "data-focus": `undo:${f.id}`,
          "aria-describedby": `cv-t-${i}` }, "Undo"), show)];
  } else {
    const evidence = f.evidence.length ? el("div", { class: "cv-ev" }, f.evidence.map((e) =>
      el("p", {}, el("span", { class: "cv-evh" }, `${e.where}: `), e.text ? `“${e.text}”` : "",
        e.note ? ` (${e.note})` : ""))) : "";
    const noteId = `cv-n-${i}`;
    const noteValue = st.notes[f.id] ?? f.note ?? "";
    body = [
      el("blockquote", { class: "cv-quote" }, `“${f.quote}”`),
      el("p", { class: "cv-msg" }, f.message),
      evidence,
      f.suggestion ? el("p", { class: "cv-todo" }, el("strong", {}, "What to do: "), f.suggestion)
        : el("p", { class: "cv-todo" }, el("strong", {}, "What to do: "), f.todo),
      el("div", { class: "cv-decide" },
        el("div", { class: "cv-note-box" },
          el("label", { class: "cv-note-label", for: noteId }, "Note (optional)"),
          el("input", { id: noteId, class: "cv-note", type: "text", value: noteValue, "data-note": f.id,
            "data-focus": `note:${f.id}` })),
        el("div", { class: "cv-btns" },
          el("button", { type: "button", class: "cv-accept", "data-act": "accepted", "data-flag": f.id,
            "data-focus": `accepted:${f.id}`, "aria-describedby": `cv-t-${i}` }, ctx.data.actions.accepted),
          el("button", { type: "button", class: "cv-dismiss", "data-act": "dismissed", "data-flag": f.id,
            "data-focus": `dismissed:${f.id}`, "aria-describedby": `cv-t-${i}` }, ctx.data.actions.dismissed))),
      el("div", { class: "cv-foot" }, show,
        el("details", { class: "cv-details" }, el("summary", {}, "Details"), el("p", {}, f.details))),
    ];
  }
  const node = el("article", { class: `cv-card cv-card-${f.severity}${decided ? " cv-decided" : ""}`,
    id: `cv-card-${i}`, "data-flag": f.id, "data-decision": decision, "aria-labelledby": `cv-t-${i}`,
    tabindex: "-1", "data-focus": `card:${f.id}` }, head, title, body);
  return node;
}

function applySelection(ctx, scroll) {
  const { root, st } = ctx;
  for (const n of root.querySelectorAll(".cv-selected")) n.classList.remove("cv-selected");
  for (const n of root.querySelectorAll("[aria-current]")) n.removeAttribute("aria-current");
  const abstractBox = root.querySelector(".cv-abstract-text");
  if (abstractBox) fillAbstract(ctx, abstractBox);
  if (!st.selected) return null;
  const card = [...root.querySelectorAll(".cv-card")].find((c) => c.getAttribute("data-flag") === st.selected);
  const marks = [...root.querySelectorAll(".cv-mark")].filter(
    (m) => m.getAttribute("data-flags").split(" ").includes(st.selected));
  if (card) { card.classList.add("cv-selected"); card.setAttribute("aria-current", "true"); }
  for (const m of marks) m.classList.add("cv-selected");
  return { card, marks };
}

function selectFromMark(ctx, mark) {
  const { st, data } = ctx;
  const ids = mark.getAttribute("data-flags").split(" ");
  // Several flags on the same words: each click moves to the next, undecided ones first.
  const order = [...ids.filter((id) => decisionOf(st, data.flags.find((f) => f.id === id)) === "open"),
    ...ids.filter((id) => decisionOf(st, data.flags.find((f) => f.id === id)) !== "open")];
  const at = order.indexOf(st.selected);
  st.selected = order[(at + 1) % order.length];
  const found = applySelection(ctx, true);
  if (found && found.card) {
    found.card.scrollIntoView({ block: "nearest" });
    found.card.focus({ preventScroll: true });
  }
}

function selectCard(ctx, id, toText) {
  ctx.st.selected = id;
  const found = applySelection(ctx, true);
  if (toText && found && found.marks.length) {
    found.marks[0].scrollIntoView({ block: "center" });
    found.marks[0].focus({ preventScroll: true });
  }
}

function decide(ctx, kind, id) {
  const { st, send } = ctx;
  const note = kind === "undo" ? "" : (st.notes[id] || "");
  const flag = ctx.data.flags.find((f) => f.id === id);
  st.pending[id] = { decision: kind === "undo" ? "open" : kind, note: kind === "undo" ? flag.note : note };
  st.focus = kind === "undo" ? `accepted:${id}` : `undo:${id}`;
  st.selected = id;
  render(ctx);
  send("action", { kind, flag: id, note, nonce: `${Date.now()}-${Math.random()}` });
}

function onClick(ctx, e) {
  const target = e.target.closest("[data-act], [data-jump], .cv-mark, .cv-card");
  if (!target) return;
  if (target.matches(".cv-mark")) { selectFromMark(ctx, target); return; }
  if (target.hasAttribute("data-jump")) {
    const id = target.getAttribute("data-jump");
    ctx.st.selected = id;
    const found = applySelection(ctx, true);
    if (found && found.card) { found.card.scrollIntoView({ block: "center" }); found.card.focus({ preventScroll: true }); }
    return;
  }
  const act = target.getAttribute("data-act");
  const id = target.getAttribute("data-flag");
  if (act === "show") { selectCard(ctx, id, true); return; }
  if (act) { decide(ctx, act, id); return; }
  if (target.matches(".cv-card") && !e.target.closest("input, summary, details")) {
    selectCard(ctx, target.getAttribute("data-flag"), false);
  }
}

function onKey(ctx, e) {
  if ((e.key === "Enter" || e.key === " ") && e.target.matches(".cv-mark")) {
    e.preventDefault();
    selectFromMark(ctx, e.target);
  }
}
