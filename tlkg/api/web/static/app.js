/* tlkg web page: one HTML shell, one view per URL, rendered from the REST API.
 * Plain modern JavaScript, no dependencies, no build step; talks only to this server. */
"use strict";

/* ---- small helpers ------------------------------------------------------------------- */

const SVG_NS = "http://www.w3.org/2000/svg";
const LANDSCAPE_MAX = 1000; // the largest landscape page the API gives (its limit's maximum)

/** h("div.card#x", {attrs}, ...children): a DOM element. Children: nodes, strings, arrays,
 * null/false (skipped). Attributes starting with "on" become listeners. */
function h(spec, attrs, ...children) {
  return build(document.createElement.bind(document), spec, attrs, children);
}
function s(spec, attrs, ...children) {
  return build((tag) => document.createElementNS(SVG_NS, tag), spec, attrs, children);
}
function build(create, spec, attrs, children) {
  const [, tag, rest] = spec.match(/^([a-z0-9]+)(.*)$/i);
  const el = create(tag);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === ".") el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (attrs instanceof Node || typeof attrs !== "object" || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}
const $main = () => document.getElementById("main");
let uidCounter = 0;
const uid = (prefix) => `${prefix}-${++uidCounter}`;

class ApiError extends Error {
  constructor(status, body) {
    const detail = body && typeof body.detail === "string" ? body.detail : `HTTP ${status}`;
    super(detail);
    this.status = status;
    this.body = body || {};
  }
}

async function api(path, { signal } = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, { detail: "could not reach the tlkg server" });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return { body, headers: response.headers };
}
const getJSON = async (path, opts) => (await api(path, opts)).body;
const enc = encodeURIComponent;

/* ---- formatting ---------------------------------------------------------------------- */

function phaseLabel(phase) {
  if (!phase) return "phase unknown";
  const p = String(phase).toLowerCase().replace(/_/g, "-");
  if (p === "approved") return "approved";
  const m = p.match(/^(early-)?phase-?(\d)(?:-?(?:phase-?)?(\d))?$/);
  if (m) return `${m[1] ? "early " : ""}phase ${m[2]}${m[3] ? "/" + m[3] : ""}`;
  return p.replace(/-/g, " ");
}
function words(text) {
  return text ? String(text).replace(/[-_]/g, " ") : "";
}

const MODALITY_COLOURS = [
  [/^car-t-in-vivo/, "#0e8fa8"],
  [/^car-t-allogeneic/, "#7048e8"],
  [/^car-t-autologous/, "#2f6fdb"],
  [/^car-t|^cell-therapy|^car-/, "#4c8df6"],
  [/bispecific|t-cell-engager/, "#e8590c"],
  [/antibody-drug-conjugate|^adc/, "#c2255c"],
  [/monoclonal-antibody|antibody/, "#d08700"],
  [/kinase-inhibitor|small-molecule/, "#2b8a3e"],
  [/immunomodulatory/, "#5c940d"],
  [/chemotherapy|corticosteroid/, "#6b7280"],
];
function modalityColour(modality) {
  const id = modality && modality.id;
  if (!id) return "#9aa5b1";
  for (const [re, colour] of MODALITY_COLOURS) if (re.test(id)) return colour;
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 42%)`;
}
function swatch(modality) {
  const el = h("span.swatch", { "aria-hidden": "true" });
  el.style.setProperty("--c", modalityColour(modality));
  return el;
}
function modalityChip(modality, inferred) {
  if (!modality) return h("span.chip.muted", "modality unknown");
  return h(
    "a.chip",
    { href: `/therapies?modality=${enc(modality.id)}`, title: "Therapies of this modality" },
    swatch(modality),
    modality.name,
    inferred ? h("span.inferred", { title: "guessed from the name (INN stem)" }, " (inferred)") : null
  );
}
function phaseChip(phase) {
  return h(`span.chip.phase${phase === "approved" ? ".approved" : ""}`, phaseLabel(phase));
}

function refLinks(refs, href, empty = "—") {
  if (!refs || !refs.length) return h("span.muted", empty);
  return h(
    "ul.inline",
    refs.map((ref) => h("li", href ? h("a", { href: href(ref) }, ref.name) : ref.name))
  );
}
const therapyHref = (ref) => `/therapy/${enc(ref.id)}`;
const indicationHref = (ref) => `/indication/${enc(ref.id)}`;
const targetHref = (ref) => `/therapies?target=${enc(ref.id)}`;
const developerHref = (ref) => `/therapies?developer=${enc(ref.id)}`;
const trialUrl = (nct) => `https://clinicaltrials.gov/study/${enc(nct)}`;

function sourceLabel(source) {
  return source.title || source.id;
}
/** A source as a compact citation: linked title (when it has a URL), kind, date, level. */
function citation(source) {
  const url = source.url || (source.kind === "trial" ? trialUrl(source.id) : null);
  const title = sourceLabel(source);
  return h(
    "span.cite",
    url ? h("a", { href: url, rel: "noreferrer", target: "_blank" }, title) : h("span", title),
    h(
      "span.meta",
      " — ",
      [
        source.kind === "trial" ? source.id : source.kind,
        source.date,
        source.evidence_level ? words(source.evidence_level) : null,
      ]
        .filter(Boolean)
        .join(" · ")
    )
  );
}

/** The sentence with the named terms marked. */
function highlighted(sentence, terms) {
  const uniq = [...new Set(terms.filter((t) => t && t.length > 1))].sort((a, b) => b.length - a.length);
  if (!uniq.length) return [sentence];
  const re = new RegExp(uniq.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  const out = [];
  let last = 0;
  for (const m of sentence.matchAll(re)) {
    if (m.index > last) out.push(sentence.slice(last, m.index));
    out.push(h("mark", m[0]));
    last = m.index + m[0].length;
  }
  out.push(sentence.slice(last));
  return out;
}

/* ---- routing ------------------------------------------------------------------------- */

const ROUTES = [
  [/^\/$/, viewHome],
  [/^\/therapy\/([^/]+)\/?$/, viewTherapy],
  [/^\/indication\/([^/]+)\/?$/, viewIndication],
  [/^\/barriers\/?$/, viewBarriers],
  [/^\/therapies\/?$/, viewTherapies],
];
let renderToken = 0;

function matchRoute(pathname) {
  for (const [re, view] of ROUTES) {
    const m = pathname.match(re);
    if (m) return [view, m.slice(1).map((part) => decodeURIComponent(part))];
  }
  return null;
}

async function render({ focus = false } = {}) {
  const token = ++renderToken;
  const main = $main();
  const route = matchRoute(location.pathname);
  main.setAttribute("aria-busy", "true");
  markNav();
  const ctx = {
    params: new URLSearchParams(location.search),
    current: () => token === renderToken,
  };
  try {
    if (!route) throw new ApiError(404, { detail: "no such page" });
    const [view, args] = route;
    const out = await view(ctx, ...args);
    if (!ctx.current()) return;
    show(out.title, out.nodes);
  } catch (err) {
    if (!ctx.current() || err.name === "AbortError") return;
    show("Error", errorView(err));
  }
  if (focus) {
    const h1 = main.querySelector("h1");
    if (h1) {
      h1.setAttribute("tabindex", "-1");
      h1.focus({ preventScroll: true });
    }
  }
}

function show(title, nodes) {
  const main = $main();
  main.replaceChildren(...[nodes].flat(Infinity).filter(Boolean));
  main.setAttribute("aria-busy", "false");
  document.title = `${title} · tlkg`;
  document.getElementById("announce").textContent = title;
  main.dispatchEvent(new CustomEvent("tlkg:rendered", { bubbles: true }));
}

function showLoading(ctx, what) {
  if (!ctx.current()) return;
  $main().replaceChildren(h("p.loading", h("span.spinner", { "aria-hidden": "true" }), `Loading ${what}…`));
}

function markNav() {
  const path = location.pathname;
  const section = path === "/" ? "home" : path.split("/")[1];
  for (const a of document.querySelectorAll("header.site [data-nav]")) {
    if (a.dataset.nav === section) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function go(url, { replace = false } = {}) {
  const target = new URL(url, location.href);
  if (target.origin !== location.origin || !matchRoute(target.pathname)) {
    location.assign(target.href);
    return;
  }
  history[replace ? "replaceState" : "pushState"]({}, "", target.pathname + target.search + target.hash);
  window.scrollTo(0, 0);
  render({ focus: true });
}

document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest && event.target.closest("a");
  if (!a || a.hasAttribute("download") || (a.getAttribute("target") || "_self") !== "_self") return;
  const href = a.getAttribute("href"); // SVG anchors: href is not a string property
  if (!href || href.startsWith("#")) return;
  const target = new URL(href, location.href);
  if (target.origin !== location.origin || !matchRoute(target.pathname)) return;
  event.preventDefault();
  go(target.href);
});
window.addEventListener("popstate", () => render({ focus: true }));

/* ---- errors and not found ------------------------------------------------------------ */

function errorView(err) {
  if (err instanceof ApiError && err.status === 404) {
    return notFound("page", location.pathname, []);
  }
  const detail = err instanceof ApiError ? err.message : String(err);
  return [
    h("h1", "Something went wrong"),
    h("p.notice.error", `The server could not answer: ${detail}.`),
    h("p", h("a", { href: "/" }, "Back to search")),
  ];
}

function notFound(kind, name, suggestions, hrefFor) {
  const list = (suggestions || []).slice(0, 8);
  return h(
    "section.notfound",
    h("h1", `${kind[0].toUpperCase()}${kind.slice(1)} not found`),
    h("p.lead", `There is no ${kind} called “${name}” in this graph.`),
    list.length && hrefFor
      ? [
          h("h2", "Did you mean"),
          h("ul.suggestions", list.map((sugg) => h("li", h("a", { href: hrefFor(sugg) }, sugg)))),
        ]
      : h("p", "No close names either."),
    h("h2", "Search instead"),
    searchBox({ label: "Search therapies, targets, indications", value: "" }),
    h("p", h("a", { href: "/therapies" }, "Browse all therapies"), " · ", h("a", { href: "/" }, "Home"))
  );
}

/* ---- search box (ARIA combobox) -------------------------------------------------------- */

const TYPE_URL = {
  therapy: (hit) => `/therapy/${enc(hit.id)}`,
  indication: (hit) => `/indication/${enc(hit.id)}`,
  target: (hit) => `/therapies?target=${enc(hit.id)}`,
  modality: (hit) => `/therapies?modality=${enc(hit.id)}`,
  organization: (hit) => `/therapies?developer=${enc(hit.id)}`,
};
const TYPE_LABEL = { organization: "developer" };

function searchBox({ label, value = "", autofocus = false }) {
  const inputId = uid("q");
  const listId = uid("suggestions");
  const hintId = uid("hint");
  const input = h("input.search-input", {
    id: inputId,
    type: "text",
    name: "q",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    "aria-describedby": hintId,
    autocomplete: "off",
    autocapitalize: "off",
    spellcheck: "false",
    placeholder: "e.g. ide-cel, Carvykti, BCMA, multiple myeloma",
    value,
  });
  const list = h("ul.suggest", { id: listId, role: "listbox", "aria-label": "Suggestions", hidden: true });
  const status = h("span.sr-only", { role: "status", "aria-live": "polite" });
  const message = h("p.search-message", { hidden: true });
  let hits = [];
  let active = -1;
  let timer = null;
  let controller = null;
  let answered = null; // the query that `hits` answer
  let seq = 0;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function setActive(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  }
  function draw(query) {
    answered = query;
    list.replaceChildren();
    message.hidden = true;
    if (!hits.length) {
      close();
      if (query) {
        message.hidden = false;
        message.textContent = `Nothing in this graph matches “${query}”.`;
      }
      status.textContent = query ? "No suggestions" : "";
      return;
    }
    hits.forEach((hit, i) => {
      const option = h(
        "li.option",
        { id: `${listId}-${i}`, role: "option", "aria-selected": "false", dataset: { href: hit.url } },
        h("span.name", hit.name),
        hit.matched && hit.matched.toLowerCase() !== hit.name.toLowerCase()
          ? h("span.matched", `matches “${hit.matched}”`)
          : null,
        h(`span.type.t-${hit.type}`, TYPE_LABEL[hit.type] || hit.type)
      );
      option.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus in the input
      option.addEventListener("click", () => open(i));
      option.addEventListener("mousemove", () => active !== i && setActive(i));
      list.append(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    setActive(-1);
    status.textContent = `${hits.length} suggestion${hits.length === 1 ? "" : "s"}; use the arrow keys to choose`;
  }
  function lookup(query) {
    if (controller) controller.abort();
    const mine = ++seq;
    if (!query) {
      hits = [];
      draw("");
      return Promise.resolve();
    }
    controller = new AbortController();
    return getJSON(`/api/search?q=${enc(query)}&limit=12`, { signal: controller.signal })
      .then((body) => {
        if (mine !== seq) return;
        hits = body.filter((hit) => TYPE_URL[hit.type]).map((hit) => ({ ...hit, url: TYPE_URL[hit.type](hit) }));
        draw(query);
      })
      .catch((err) => {
        if (err.name === "AbortError" || mine !== seq) return;
        hits = [];
        draw("");
        message.hidden = false;
        message.textContent = `Search failed: ${err.message}`;
      });
  }
  function open(index) {
    const hit = hits[index];
    if (!hit) return;
    close();
    go(hit.url);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    timer = setTimeout(() => lookup(query), 160);
  });
  input.addEventListener("keydown", async (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) {
        if (hits.length) draw(input.value.trim());
        else return;
      }
      event.preventDefault();
      const n = hits.length;
      if (event.key === "ArrowDown") setActive(active + 1 >= n ? 0 : active + 1);
      else setActive(active <= 0 ? n - 1 : active - 1);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    } else if (event.key === "Enter") {
      event.preventDefault();
      const query = input.value.trim();
      if (!query) return;
      if (active >= 0 && !list.hidden) return open(active);
      clearTimeout(timer);
      if (answered !== query) await lookup(query); // hits for what is typed now
      if (answered === query && hits.length) open(0);
    }
  });
  input.addEventListener("focus", () => hits.length && list.hidden && draw(input.value.trim()));
  const form = h(
    "form.search",
    { role: "search", onsubmit: (e) => e.preventDefault() },
    h("label", { for: inputId }, label),
    h("div.search-field", input, list),
    h("p.hint", { id: hintId }, "Names, aliases, brands and code names; ↑ ↓ to choose, Enter to open."),
    message,
    status
  );
  form.addEventListener("focusout", (event) => {
    if (!form.contains(event.relatedTarget)) setTimeout(close, 0);
  });
  if (autofocus) requestAnimationFrame(() => input.focus());
  if (value) lookup(value.trim());
  return form;
}

/* ---- views: home --------------------------------------------------------------------- */

async function viewHome(ctx) {
  const landscapes = h("ul.links", h("li", h("a", { href: "/indication/multiple-myeloma" }, "multiple myeloma")));
  const count = h("span");
  const nodes = [
    h(
      "section.hero",
      h("h1", "Therapy landscape knowledge graph"),
      h(
        "p.lead",
        "Which therapies exist for which indication, how each works, how far it is, what competes with what, ",
        "and which barriers each modality faces or removes — built from trial records and articles, ",
        "with the source sentence behind every claim."
      ),
      searchBox({ label: "Search therapies, targets, indications and developers", autofocus: true }),
      h(
        "p.try",
        "Try: ",
        h("a", { href: "/therapy/ide-cel" }, "ide-cel"),
        ", ",
        h("a", { href: "/therapy/eso-t01" }, "ESO-T01"),
        ", ",
        h("a", { href: "/therapies?target=bcma" }, "BCMA therapies"),
        ", ",
        h("a", { href: "/indication/multiple-myeloma" }, "multiple myeloma")
      )
    ),
    h(
      "section.cards",
      { "aria-label": "Start here" },
      h(
        "article.card.wide",
        h("h2", "Landscapes"),
        h("p", "The therapies of an indication, grouped by modality, with phase, targets and developers."),
        landscapes
      ),
      h(
        "article.card",
        h("h2", h("a", { href: "/barriers" }, "Barrier map")),
        h(
          "p",
          "Modalities against barriers — apheresis, manufacturing, cost, safety… — and whether sources say ",
          "each modality faces or addresses them."
        )
      ),
      h(
        "article.card",
        h("h2", h("a", { href: "/therapies" }, "All therapies")),
        h("p", "Every therapy that a loaded source mentions", count, ", with modality, targets and phase.")
      ),
      h(
        "article.card",
        h("h2", h("a", { href: "/sparql" }, "SPARQL")),
        h("p", "Query the whole graph (read-only SPARQL 1.1); the JSON API is described at ", h("a", { href: "/docs" }, "/docs"), ".")
      )
    ),
  ];
  // The largest landscapes, filled in when the therapy list arrives (not blocking the page).
  api("/api/therapies?limit=1000")
    .then(({ body, headers }) => {
      const total = headers.get("X-Total-Count") || body.length;
      count.textContent = ` (${total})`;
      const tally = new Map();
      for (const t of body)
        for (const ind of t.indications) {
          const entry = tally.get(ind.id) || { ref: ind, n: 0 };
          entry.n += 1;
          tally.set(ind.id, entry);
        }
      const top = [...tally.values()].sort((a, b) => b.n - a.n || a.ref.name.localeCompare(b.ref.name)).slice(0, 8);
      if (!top.length) return;
      if (!top.some((e) => e.ref.id === "multiple-myeloma") && tally.has("multiple-myeloma"))
        top[top.length - 1] = tally.get("multiple-myeloma");
      landscapes.replaceChildren(
        ...top.map((e) =>
          h("li", h("a", { href: indicationHref(e.ref) }, e.ref.name), h("span.muted", { title: "therapies" }, ` ${e.n}`))
        )
      );
    })
    .catch(() => {});
  return { title: "Search", nodes };
}

/* ---- views: therapy ------------------------------------------------------------------ */

async function viewTherapy(ctx, id) {
  showLoading(ctx, "therapy");
  let detail;
  const competitorsP = getJSON(`/api/therapies/${enc(id)}/competitors?limit=30`).catch((err) => err);
  try {
    detail = await getJSON(`/api/therapies/${enc(id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return {
        title: "Therapy not found",
        nodes: notFound("therapy", id, err.body.suggestions, (name) => `/therapy/${enc(name)}`),
      };
    throw err;
  }
  if (ctx.current() && detail.id !== id) {
    history.replaceState({}, "", `/therapy/${enc(detail.id)}${location.search}`); // canonical URL
  }
  const comps = await competitorsP;
  const nodes = [therapyHeader(detail), therapyFacts(detail)];
  if (comps instanceof Error) {
    nodes.push(h("section", h("h2", "Competitors"), h("p.notice.error", `Could not load competitors: ${comps.message}`)));
  } else {
    nodes.push(competitorsSection(detail, comps), complementsSection(detail, comps));
  }
  nodes.push(barriersSection(detail), changesPanel({ therapy: detail.id }, detail.name), sourcesSection(detail));
  return { title: detail.name, nodes };
}

/** Barriers the therapy faces or addresses: stated for it, or inherited from a claim
 * about its modality (kind "via_modality"), each with its sources. */
function barriersSection(t) {
  const items = t.barriers || [];
  return h(
    "section.therapy-barriers",
    { "aria-labelledby": "barriers-h" },
    h("h2#barriers-h", "Barriers"),
    items.length
      ? h(
          "ul.barrier-list",
          items.map((b) =>
            h(
              `li.${b.stance}${b.overridden ? ".overridden" : ""}`,
              h("strong", b.stance === "faces" ? "Faces " : "Addresses "),
              h("a", { href: "/barriers" }, b.barrier.name),
              b.kind === "via_modality"
                ? h("span.muted", ` — inferred: a source says it of ${b.via.name}${b.overridden ? "; its own source says otherwise, and that wins" : ""}`)
                : h("span.muted", " — stated for this therapy"),
              b.sources.length ? h("div.sources", b.sources.map((src) => citation(src))) : null
            )
          )
        )
      : h("p.muted", `No source states a barrier for ${t.name} or its modality.`)
  );
}

function therapyHeader(t) {
  return h(
    "header.page-head",
    h("p.kicker", "Therapy"),
    h("h1", t.name),
    t.aliases.length ? h("p.aka", "Also known as ", t.aliases.join(" · ")) : null,
    h(
      "p.badges",
      modalityChip(t.modality, t.modality_inferred),
      phaseChip(t.highest_phase),
      t.approved_for.length ? h("span.chip.approved", `approved for ${t.approved_for.map((r) => r.name).join(", ")}`) : null
    )
  );
}

// Cross-references as the CURIEs the API gives (MESH:D001374), as text.
function xrefLinks(xrefs) {
  return h("ul.inline.xrefs", xrefs.map((x) => h("li", h("code", x))));
}

function therapyFacts(t) {
  const row = (label, value) => [h("dt", label), h("dd", value)];
  return h(
    "section.facts",
    { "aria-labelledby": "facts-h" },
    h("h2.sr-only#facts-h", "Facts"),
    h(
      "dl",
      row("Modality", t.modality ? modalityChip(t.modality, t.modality_inferred) : h("span.muted", "unknown")),
      row("Targets", refLinks(t.targets, targetHref)),
      row("Indications", refLinks(t.indications, indicationHref)),
      t.approved_for.length ? row("Approved for", refLinks(t.approved_for, indicationHref)) : null,
      row("Highest phase", phaseLabel(t.highest_phase)),
      row("Developers", refLinks(t.developers, developerHref)),
      (t.xrefs || []).length ? row("Cross-references", xrefLinks(t.xrefs)) : null,
      row(
        "Trials",
        t.trials.length
          ? h(
              "ul.inline",
              t.trials.map((nct) =>
                h("li", h("a", { href: trialUrl(nct), rel: "noreferrer", target: "_blank", title: "ClinicalTrials.gov" }, nct))
              )
            )
          : h("span.muted", "no trial records loaded")
      )
    )
  );
}

const REASON_LABEL = {
  head_to_head: "head-to-head",
  comparator: "benchmarked against",
  stated: "stated rivalry",
  shared_target: "same target",
  shared_modality: "same modality",
  shared_indication: "same indication",
};

function competitorsSection(t, comps) {
  const ranked = comps.filter((c) => c.reasons.length);
  const head = [
    h("h2#competitors-h", "Competitors"),
    h(
      "p.section-note",
      ranked.length
        ? `${ranked.length} therapies a patient or payer could choose instead, best first. The score adds the reasons' weights (stated rivalry and head-to-head strongest, same indication weakest), scaled down for programmes not yet approved.`
        : `No source or shared target, modality or indication links ${t.name} to another therapy yet.`
    ),
  ];
  if (!ranked.length) return h("section.competitors", { "aria-labelledby": "competitors-h" }, head);
  const max = Math.max(...ranked.map((c) => c.score), 1);
  const list = h(
    "ol.ranked",
    ranked.map((c, i) =>
      h(
        "li.comp",
        h(
          "div.comp-head",
          h("span.rank", { "aria-hidden": "true" }, String(i + 1)),
          h("a.comp-name", { href: therapyHref(c.therapy) }, c.therapy.name),
          modalityChip(c.modality),
          phaseChip(c.highest_phase),
          scoreBar(c.score, max)
        ),
        h(
          "ul.reasons",
          c.reasons.map((r) =>
            h(
              "li",
              h("span.kind-col", h(`span.kind.k-${r.kind}`, REASON_LABEL[r.kind] || words(r.kind))),
              h(
                "div.reason-body",
                h(
                  "p.detail",
                  r.detail,
                  r.level === "modality"
                    ? [" ", h("span.level", { title: "a claim about the modalities, inherited by the therapies" }, "modality-level")]
                    : null
                ),
                r.sources.length
                  ? h(
                      "div.sources",
                      h("span.sr-only", "Sources: "),
                      r.sources.map((src) => citation(src)),
                      r.source_count > r.sources.length ? h("span.meta", `+${r.source_count - r.sources.length} more`) : null
                    )
                  : null
              )
            )
          )
        ),
        c.maturity < 1
          ? h("p.maturity", `Score × ${c.maturity.toFixed(2)}: ${phaseLabel(c.highest_phase)}, not approved.`)
          : null,
        c.complements ? h("p.maturity", "Also stated to complement — see Complements below.") : null
      )
    )
  );
  return h(
    "section.competitors",
    { "aria-labelledby": "competitors-h" },
    head,
    competitorNetwork(t, comps),
    h("h3", "Ranked, with reasons"),
    list
  );
}

function scoreBar(score, max) {
  const bar = h("span.bar", { "aria-hidden": "true" }, h("span"));
  bar.firstChild.style.setProperty("width", `${Math.max(4, Math.round((100 * score) / max))}%`);
  return h("span.score", { title: "competition score" }, bar, h("span.num", `score ${Number(score.toFixed(1))}`));
}

function complementsSection(t, comps) {
  const items = comps.filter((c) => c.complements);
  return h(
    "section.complements",
    { "aria-labelledby": "complements-h" },
    h("h2#complements-h", "Complements"),
    h("p.section-note", "Therapies that sources say work alongside this one (for example in combination). Kept apart from competitors and never scored."),
    items.length
      ? h(
          "ul.plain",
          items.map((c) =>
            h(
              "li",
              h("a", { href: therapyHref(c.therapy) }, c.therapy.name),
              " ",
              modalityChip(c.modality),
              c.complement_sources.length ? h("div.sources", c.complement_sources.map((src) => citation(src))) : null
            )
          )
        )
      : h("p.muted", `No source states that anything complements ${t.name}.`)
  );
}

function sourcesSection(t) {
  const bySource = new Map();
  for (const src of t.sources) bySource.set(src.id, { source: src, sentences: new Map() });
  for (const ev of t.evidence) {
    if (!bySource.has(ev.source.id)) bySource.set(ev.source.id, { source: ev.source, sentences: new Map() });
    const entry = bySource.get(ev.source.id);
    const key = ev.sentence;
    if (!entry.sentences.has(key)) entry.sentences.set(key, { sentence: ev.sentence, facts: [], terms: [] });
    const item = entry.sentences.get(key);
    const fact = `${words(ev.relation)}: ${ev.subject.id === t.id ? ev.object.name : `${ev.subject.name} → ${ev.object.name}`}`;
    if (!item.facts.includes(fact)) item.facts.push(fact);
    item.terms.push(ev.subject.name, ev.object.name);
  }
  const terms = [t.name, ...t.aliases];
  const entries = [...bySource.values()].sort((a, b) => (b.source.date || "").localeCompare(a.source.date || ""));
  return h(
    "section.sources-list",
    { "aria-labelledby": "sources-h" },
    h("h2#sources-h", "Sources and evidence"),
    h(
      "p.section-note",
      entries.length ? "Each claim above, said where and in which words." : "No loaded source mentions this therapy."
    ),
    entries.map(({ source, sentences }) =>
      h(
        "article.source",
        h(
          "h3",
          h(`span.kind-tag.${source.kind}`, source.kind),
          " ",
          source.url || source.kind === "trial"
            ? h("a", { href: source.url || trialUrl(source.id), rel: "noreferrer", target: "_blank" }, sourceLabel(source))
            : sourceLabel(source)
        ),
        h(
          "p.meta",
          [source.kind === "trial" ? source.id : source.publisher, source.date, source.evidence_level ? `evidence: ${words(source.evidence_level)}` : null]
            .filter(Boolean)
            .join(" · ")
        ),
        sentences.size
          ? h(
              "ul.evidence",
              [...sentences.values()].map((item) =>
                h(
                  "li",
                  h("blockquote", highlighted(item.sentence, [...terms, ...item.terms])),
                  h("p.facts-of", item.facts.map((f) => h("span.fact", f)))
                )
              )
            )
          : null
      )
    )
  );
}

/* ---- the competitor network: a small force-directed layout on SVG ---------------------- */

function competitorNetwork(t, comps) {
  const narrow = window.innerWidth < 640;
  const W = narrow ? 420 : 760;
  const H = narrow ? 520 : 440;
  const shown = comps.slice(0, 30);
  const max = Math.max(1, ...shown.map((c) => c.score));
  const nodes = [
    { id: t.id, name: t.name, modality: t.modality, phase: t.highest_phase, center: true, r: 20, x: W / 2, y: H / 2, fx: W / 2, fy: H / 2 },
  ];
  shown.forEach((c, i) => {
    const w = c.score / max;
    const angle = (2 * Math.PI * i) / shown.length;
    nodes.push({
      id: c.therapy.id,
      name: c.therapy.name,
      modality: c.modality,
      phase: c.highest_phase,
      score: c.score,
      onlyComplement: !c.reasons.length,
      r: 8 + 8 * Math.sqrt(w),
      x: W / 2 + 160 * Math.cos(angle),
      y: H / 2 + 130 * Math.sin(angle),
    });
  });
  for (const n of nodes) Object.assign(n, { vx: 0, vy: 0 });
  const links = nodes.slice(1).map((n) => {
    const w = n.onlyComplement ? 0 : n.score / max;
    return { a: nodes[0], b: n, w, len: 125 + 110 * (1 - Math.sqrt(w)) };
  });

  const svg = s("svg.network", {
    viewBox: `0 0 ${W} ${H}`,
    role: "group",
    "aria-label": `Competitor network of ${t.name}: ${shown.length} therapies; drag to move, select a node to open it`,
  });
  const gLinks = s("g.links");
  const gNodes = s("g.nodes");
  svg.append(gLinks, gNodes);
  for (const l of links) {
    l.el = s("line", {
      class: l.b.onlyComplement ? "link complement" : "link",
      "stroke-width": (1.2 + 7 * l.w).toFixed(2),
    });
    l.el.style.setProperty("opacity", (0.35 + 0.55 * l.w).toFixed(2));
    gLinks.append(l.el);
  }
  for (const n of nodes) {
    const label = n.name.length > 26 ? `${n.name.slice(0, 24)}…` : n.name;
    const tip = n.center
      ? `${n.name} (this therapy)`
      : `${n.name} — ${n.modality ? n.modality.name : "modality unknown"}, ${phaseLabel(n.phase)}${n.onlyComplement ? ", complements" : `, score ${Number(n.score.toFixed(1))}`}`;
    n.el = s(
      "a",
      { href: therapyHref(n), class: n.center ? "node center" : "node", "data-id": n.id, "aria-label": tip },
      s("title", tip),
      s("circle", { r: n.r, fill: modalityColour(n.modality) }),
      s("text", { y: n.center ? -n.r - 8 : n.r + 14, "text-anchor": "middle" }, label)
    );
    gNodes.append(n.el);
  }

  const cross = []; // links between competitors (they compete with each other too)
  let alpha = 1;
  let frame = null;
  function tick() {
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) {
          dx = Math.random() - 0.5;
          dy = Math.random() - 0.5;
          d2 = dx * dx + dy * dy;
        }
        const d = Math.sqrt(d2);
        let f = (2600 * alpha) / d2; // repulsion
        const overlap = a.r + b.r + 26 - d; // keep labels apart too
        if (overlap > 0) f += overlap * 0.25;
        const fx = (dx / d) * f;
        const fy = (dy / d) * f;
        a.vx -= fx;
        a.vy -= fy;
        b.vx += fx;
        b.vy += fy;
      }
    }
    for (const l of links) {
      const dx = l.b.x - l.a.x;
      const dy = l.b.y - l.a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const k = ((d - l.len) / d) * 0.09 * alpha;
      l.b.vx -= dx * k;
      l.b.vy -= dy * k;
      l.a.vx += dx * k * 0.3;
      l.a.vy += dy * k * 0.3;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.004 * alpha;
      n.vy += (H / 2 - n.y) * 0.006 * alpha;
      if (n.fx !== undefined && n.fx !== null) {
        n.x = n.fx;
        n.y = n.fy;
        n.vx = n.vy = 0;
        continue;
      }
      n.vx *= 0.62;
      n.vy *= 0.62;
      n.x = Math.min(W - n.r - 40, Math.max(n.r + 40, n.x + n.vx));
      n.y = Math.min(H - n.r - 18, Math.max(n.r + 4, n.y + n.vy));
    }
    alpha *= 0.975;
  }
  function draw() {
    for (const l of [...links, ...cross]) {
      l.el.setAttribute("x1", l.a.x.toFixed(1));
      l.el.setAttribute("y1", l.a.y.toFixed(1));
      l.el.setAttribute("x2", l.b.x.toFixed(1));
      l.el.setAttribute("y2", l.b.y.toFixed(1));
    }
    for (const n of nodes) n.el.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
  }
  function loop() {
    tick();
    draw();
    frame = alpha > 0.01 && svg.isConnected !== false ? requestAnimationFrame(loop) : null;
  }
  function heat(value) {
    alpha = Math.max(alpha, value);
    if (!frame) frame = requestAnimationFrame(loop);
  }
  const reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (reduced) {
    while (alpha > 0.01) tick();
    draw();
  } else {
    for (let i = 0; i < 40; i++) tick(); // start from a settled-ish layout
    draw();
    frame = requestAnimationFrame(loop);
  }

  // dragging (pointer events); a drag is not a click
  let drag = null;
  function point(event) {
    const ctm = svg.getScreenCTM();
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
    return p;
  }
  svg.addEventListener("pointerdown", (event) => {
    const el = event.target.closest(".node");
    if (!el || event.button !== 0) return;
    const n = nodes.find((x) => x.el === el);
    const p = point(event);
    drag = { n, dx: n.x - p.x, dy: n.y - p.y, sx: event.clientX, sy: event.clientY, moved: false, id: event.pointerId };
    el.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  svg.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    if (!drag.moved && Math.hypot(event.clientX - drag.sx, event.clientY - drag.sy) < 4) return;
    drag.moved = true;
    drag.n.el.classList.add("dragging");
    const p = point(event);
    drag.n.fx = Math.min(W - drag.n.r, Math.max(drag.n.r, p.x + drag.dx));
    drag.n.fy = Math.min(H - drag.n.r, Math.max(drag.n.r, p.y + drag.dy));
    heat(0.3);
  });
  const end = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const n = drag.n;
    n.el.classList.remove("dragging");
    if (drag.moved) { // a dragged node stays where it is put (double-click frees it)
      n.justDragged = true; // swallow the click that ends a drag
      setTimeout(() => (n.justDragged = false), 0);
    }
    drag = null;
    heat(0.15);
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  svg.addEventListener(
    "click",
    (event) => {
      const el = event.target.closest(".node");
      const n = el && nodes.find((x) => x.el === el);
      if (n && n.justDragged) {
        event.preventDefault();
        event.stopPropagation();
        n.justDragged = false;
      }
    },
    true
  );
  svg.addEventListener("dragstart", (event) => event.preventDefault());
  svg.addEventListener("dblclick", (event) => {
    const el = event.target.closest(".node");
    const n = el && nodes.find((x) => x.el === el);
    if (!n || n.center) return;
    event.preventDefault();
    n.fx = n.fy = null;
    heat(0.3);
  });

  // hover: bring a node and its link forward
  svg.addEventListener("pointerover", (event) => {
    const el = event.target.closest(".node");
    if (!el) return;
    if (gNodes.lastChild !== el && !drag) gNodes.append(el); // on top (never mid-click)
    const l = links.find((x) => x.b.el === el);
    if (l) l.el.classList.add("hot");
  });
  svg.addEventListener("pointerout", (event) => {
    const el = event.target.closest(".node");
    const l = el && links.find((x) => x.b.el === el);
    if (l) l.el.classList.remove("hot");
  });

  // progressive: fetch the competitors' own competitors, draw the links among them
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const crossNote = h("li.legend-note", { hidden: true }, "thin lines: they compete with each other too (beyond sharing an indication)");
  const hubs = nodes.slice(1).filter((n) => !n.onlyComplement).slice(0, 12);
  Promise.all(
    hubs.map((n) =>
      getJSON(`/api/therapies/${enc(n.id)}/competitors?limit=40`)
        .then((list) => [n, list])
        .catch(() => [n, []])
    )
  ).then((results) => {
    if (!svg.isConnected) return;
    const seen = new Set();
    for (const [n, list] of results) {
      for (const c of list) {
        const m = byId.get(c.therapy.id);
        // links drawn only (no force), and only for more than a shared indication
        if (!m || m.center || m === n || !c.reasons.some((r) => r.kind !== "shared_indication")) continue;
        const key = [n.id, m.id].sort().join("|");
        if (seen.has(key)) continue;
        seen.add(key);
        const w = Math.min(1, c.score / max);
        const el = s("line", { class: "link cross", "stroke-width": (0.8 + 1.6 * w).toFixed(2) });
        el.style.setProperty("opacity", (0.18 + 0.3 * w).toFixed(2));
        gLinks.prepend(el);
        cross.push({ a: n, b: m, w, el });
      }
    }
    if (cross.length) {
      crossNote.hidden = false;
      draw();
    }
  });

  const modalities = new Map();
  for (const n of nodes) modalities.set(n.modality ? n.modality.id : "", n.modality);
  const legend = h(
    "ul.legend",
    [...modalities.values()].map((m) => h("li", swatch(m), m ? m.name : "modality unknown")),
    h("li.legend-note", "line width: score"),
    crossNote,
    links.some((l) => l.b.onlyComplement) ? h("li.legend-note", "dashed: complements") : null
  );
  return h(
    "figure.network-box",
    svg,
    h("figcaption", legend, h("p.hint", "Drag nodes to rearrange (double-click to let one go); click a node to open that therapy. The closer and thicker the line, the stronger the competition."))
  );
}

/* ---- views: indication landscape ----------------------------------------------------- */

async function viewIndication(ctx, id) {
  showLoading(ctx, "landscape");
  let land;
  try {
    // One page of the largest size the API gives (LANDSCAPE_MAX): every therapy of all but
    // the largest indications; the counts below are the whole landscape's either way.
    land = await getJSON(`/api/indications/${enc(id)}/landscape?limit=${LANDSCAPE_MAX}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return {
        title: "Indication not found",
        nodes: notFound("indication", id, err.body.suggestions, (name) => `/indication/${enc(name)}`),
      };
    throw err;
  }
  if (ctx.current() && land.indication.id !== id)
    history.replaceState({}, "", `/indication/${enc(land.indication.id)}${location.search}`);
  const shown = land.groups.reduce((n, g) => n + g.therapies.length, 0);
  const total = land.total ?? shown;
  const partial = shown < total ? ` Showing the first ${shown}.` : "";
  const modalities = (land.counts ?? land.groups).length;
  const nodes = [
    h(
      "header.page-head",
      h("p.kicker", "Landscape"),
      h("h1", land.indication.name),
      h(
        "p.lead",
        total
          ? `${total} therap${total === 1 ? "y" : "ies"} in ${modalities} modalit${modalities === 1 ? "y" : "ies"}.${partial}`
          : "No loaded source names a therapy for this indication yet."
      ),
      land.groups.length
        ? h(
            "nav.toc",
            { "aria-label": "Modalities" },
            h("ul", land.groups.map((g, i) => h("li", h("a", { href: `#group-${i}` }, swatch(g.modality), g.modality.name, h("span.muted", ` ${g.total ?? g.therapies.length}`)))))
          )
        : null
    ),
  ];
  land.groups.forEach((g, i) => {
    nodes.push(
      h(
        "section.group",
        { id: `group-${i}`, "aria-labelledby": `group-${i}-h` },
        h("h2", { id: `group-${i}-h` }, swatch(g.modality), g.modality.name),
        h(
          "div.table-wrap",
          h(
            "table.data.fixed",
            h("caption.sr-only", `${g.modality.name} therapies for ${land.indication.name}`),
            h("colgroup", ["c-name", "c-phase", "c-status", "c-targets", "c-devs", "c-num"].map((c) => h(`col.${c}`))),
            h("thead", h("tr", ["Therapy", "Highest phase", "Status", "Targets", "Developers", "Trials"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              g.therapies.map((row) =>
                h(
                  "tr",
                  h("th", { scope: "row" }, h("a", { href: therapyHref(row.therapy) }, row.therapy.name)),
                  h("td", phaseChip(row.highest_phase)),
                  h("td", row.status ? words(row.status) : h("span.muted", "—")),
                  h("td", refLinks(row.targets, targetHref)),
                  h("td", refLinks(row.developers, developerHref)),
                  h("td.num", String(row.trial_count))
                )
              )
            )
          )
        )
      )
    );
  });
  if (total) {
    // How the field is shaped: filled in when the answers arrive (not blocking the page).
    const clustersBox = h("div", { "aria-busy": "true" }, h("p.muted", "Loading clusters…"));
    const crowdingBox = h("div", { "aria-busy": "true" }, h("p.muted", "Loading crowding…"));
    nodes.push(
      h("section.field#clusters", { "aria-labelledby": "clusters-h" }, h("h2#clusters-h", "Competitive clusters"), clustersBox),
      h("section.field#crowding", { "aria-labelledby": "crowding-h" }, h("h2#crowding-h", "Crowding over time"), crowdingBox)
    );
    const ind = enc(land.indication.id);
    fill(clustersBox, getJSON(`/api/indications/${ind}/clusters`), clustersView);
    fill(crowdingBox, getJSON(`/api/indications/${ind}/crowding`), crowdingChart);
  }
  nodes.push(changesPanel({ indication: land.indication.id }, land.indication.name));
  return { title: `${land.indication.name} landscape`, nodes };
}

/** Put ``view(answer)`` into ``box`` once ``promise`` resolves (an error says so there). */
function fill(box, promise, view) {
  promise
    .then((answer) => box.replaceChildren(...[view(answer)].flat().filter((n) => n)))
    .catch((err) => box.replaceChildren(h("p.notice", `Could not load this part: ${err.message || err}`)))
    .finally(() => box.removeAttribute("aria-busy"));
}

function clustersView(answer) {
  if (!answer.clusters.length) return h("p.muted", "No therapies here compete with each other yet.");
  const cards = answer.clusters.map((c) =>
    h(
      "article.card.cluster",
      { dataset: { cluster: String(c.id) } },
      h("h3", `${c.id}. ${c.label}`),
      h("ul.links", c.members.map((m) => h("li", swatch(m.modality), h("a", { href: therapyHref(m.therapy) }, m.therapy.name), " ", phaseChip(m.highest_phase)))),
      c.shared.length
        ? h("p.muted", "Shared: ", c.shared.map((f) => `${f.feature.name} (${f.members})`).join(", "))
        : h("p.muted", "Nothing shared by half of them.")
    )
  );
  const lonely = answer.unclustered.length
    ? h("p.muted", "No competitor in this landscape: ", refLinks(answer.unclustered, therapyHref))
    : null;
  return [h("div.cards", cards), lonely];
}

const CROWDING_PHASES = ["unknown", "na", "early-phase1", "phase1", "phase2", "phase3", "phase4", "approved"];

/** Programmes per year as stacked bars by highest phase (inline SVG, no library). */
function crowdingChart(answer) {
  const years = answer.years;
  if (!years.length) return h("p.muted", "No dated evidence yet.");
  const phases = CROWDING_PHASES.filter((p) => years.some((y) => y.by_phase[p]));
  const max = Math.max(...years.map((y) => y.programmes));
  const [W, H, pad, barGap] = [Math.max(320, years.length * 48), 220, 28, 8];
  const bw = (W - pad) / years.length - barGap;
  const y = (n) => H - pad - (n / max) * (H - 2 * pad);
  const colour = (i) => `hsl(${210 - i * 28} 60% ${62 - i * 4}%)`;
  const bars = years.map((yr, i) => {
    let base = 0;
    const x = pad + i * (bw + barGap);
    const rects = phases.map((p, k) => {
      const n = yr.by_phase[p] || 0;
      if (!n) return null;
      const r = s("rect", { x, y: y(base + n), width: bw, height: y(base) - y(base + n), fill: colour(k) }, s("title", `${yr.year}: ${n} ${phaseLabel(p)}`));
      base += n;
      return r;
    });
    return s(
      "g.year",
      { dataset: { year: String(yr.year), programmes: String(yr.programmes) } },
      rects,
      s("text", { x: x + bw / 2, y: H - pad + 14, "text-anchor": "middle" }, String(yr.year)),
      s("text", { x: x + bw / 2, y: y(yr.programmes) - 4, "text-anchor": "middle" }, String(yr.programmes))
    );
  });
  const chart = s(
    "svg.crowding",
    { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": `Programmes per year in ${answer.about.name}, by highest phase reached` },
    bars
  );
  const key = (k) => {
    const el = h("span.swatch", { "aria-hidden": "true" });
    el.style.setProperty("--c", colour(k)); // CSSOM, not a style attribute: the CSP allows it
    return el;
  };
  const legend = h("ul.legend", phases.map((p, k) => h("li", key(k), phaseLabel(p))));
  const note = answer.undated_approvals.length
    ? h("p.muted", "Approved per the vocabulary (undated, counted by their dated evidence): ", refLinks(answer.undated_approvals, therapyHref))
    : null;
  return [chart, legend, note];
}

/* ---- what changed ---------------------------------------------------------------------- */

const CHANGE_LABELS = {
  new_therapy: "New in scope",
  approval: "Approval",
  phase_change: "Phase change",
  status_change: "Status change",
  new_trial: "New trial",
  new_comparison: "New comparison",
  new_rivalry: "New rivalry",
  new_barrier_claim: "New barrier claim",
};

/** A day as YYYY-MM-DD (UTC), ``days`` before today. */
function dayBefore(days) {
  return new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
}

/** "What changed" in ``scope`` (therapy or indication id): a since-date and an as-of date
 * control, and the changes between them from /api/changes, each with its sources. */
function changesPanel(scope, name) {
  const since = h("input", { type: "date", name: "since", value: dayBefore(2 * 365), required: true });
  const until = h("input", { type: "date", name: "until" });
  const box = h("div.changes-list", { "aria-live": "polite" });
  const load = () => {
    box.setAttribute("aria-busy", "true");
    box.replaceChildren(h("p.muted", "Loading changes…"));
    const params = new URLSearchParams({ since: since.value, ...scope });
    if (until.value) params.set("until", until.value);
    fill(box, getJSON(`/api/changes?${params}`), (answer) => changesView(answer, name));
  };
  const form = h(
    "form.changes-form",
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        if (since.value) load();
      },
    },
    h("label", "Since ", since),
    h("label", "As of ", until, h("span.muted", " (empty: today)")),
    h("button", { type: "submit" }, "Show changes")
  );
  load();
  return h("section.changes#changes", { "aria-labelledby": "changes-h" }, h("h2#changes-h", "What changed"), form, box);
}

function changesView(answer, name) {
  const span = `${answer.since} – ${answer.until || "today"}`;
  if (!answer.changes.length) return h("p.muted", `Nothing changed for ${name} between ${span}.`);
  return h(
    "ol.changes",
    answer.changes.map((c) =>
      h(
        "li.change",
        { dataset: { kind: c.kind } },
        h("span.chip", CHANGE_LABELS[c.kind] || words(c.kind)),
        " ",
        h("time", c.date || "undated"),
        " ",
        h("a", { href: therapyHref(c.therapy) }, c.therapy.name),
        ": ",
        c.detail,
        c.sources.length
          ? h(
              "div.sources",
              c.sources.map((src) => [
                citation(src),
                src.superseded_on ? h("span.muted", ` (version of ${src.version}, superseded ${src.superseded_on})`) : null,
              ])
            )
          : null
      )
    )
  );
}

/* ---- views: barrier map -------------------------------------------------------------- */

async function viewBarriers(ctx) {
  showLoading(ctx, "barrier map");
  const [barriers, therapies] = await Promise.all([getJSON("/api/barriers"), getJSON("/api/therapies")]);
  const modalityOf = new Map(therapies.map((t) => [t.id, t.modality]));
  const rows = new Map(); // modality id -> {ref, cells: Map(barrier id -> {faces: [], addresses: []})}
  const rowFor = (ref) => {
    const key = ref ? ref.id : "";
    if (!rows.has(key)) rows.set(key, { ref, cells: new Map() });
    return rows.get(key);
  };
  for (const b of barriers) {
    for (const [stance, claims] of [["faces", b.faced_by], ["addresses", b.addressed_by]]) {
      for (const claim of claims) {
        // A therapy reached through its modality's claim is listed under that claim.
        if (claim.kind === "via_modality") continue;
        const modality = claim.type === "modality" ? { id: claim.id, name: claim.name } : modalityOf.get(claim.id) || null;
        const row = rowFor(modality);
        if (!row.cells.has(b.id)) row.cells.set(b.id, { faces: [], addresses: [] });
        row.cells.get(b.id)[stance].push(claim);
      }
    }
  }
  const rowList = [...rows.values()].sort((a, b) => (a.ref ? a.ref.name : "~").localeCompare(b.ref ? b.ref.name : "~"));
  const panel = h("div.panel#barrier-panel", { "aria-live": "polite" }, h("p.muted", "Point at or select a cell to see which therapies face or address that barrier, in the sources' words."));
  const headNote = h(
    "p.lead",
    "Which modalities face a barrier, and which remove it, according to the loaded sources. A claim about a modality covers its therapies; a claim about one therapy is shown under that therapy's modality."
  );
  if (!rowList.length) {
    return {
      title: "Barrier map",
      nodes: [h("header.page-head", h("h1", "Barrier map"), headNote), h("p.notice", "No loaded source states a barrier yet.")],
    };
  }
  let pinned = null;
  const therapyCache = new Map();
  const therapiesOfModality = (id) => {
    if (!therapyCache.has(id)) therapyCache.set(id, getJSON(`/api/therapies?modality=${enc(id)}`).catch(() => []));
    return therapyCache.get(id);
  };
  function claimList(title, claims, stance) {
    if (!claims.length) return null;
    return h(
      `div.stance.${stance}`,
      h("h3", title),
      h(
        "ul.claims",
        claims.map((claim) => {
          const who =
            claim.type === "therapy"
              ? h("a", { href: therapyHref(claim) }, claim.name)
              : h("span", h("strong", claim.name), h("span.muted", " (the modality)"));
          const members = h("p.members");
          if (claim.type === "modality") {
            members.textContent = "Therapies: …";
            therapiesOfModality(claim.id).then((list) => {
              members.replaceChildren(
                "Therapies: ",
                list.length ? refLinks(list, therapyHref) : h("span.muted", "none loaded")
              );
            });
          }
          return h(
            "li",
            who,
            claim.type === "modality" ? members : null,
            claim.sentences.map((sent) => h("blockquote", sent)),
            claim.sources.length ? h("div.sources", claim.sources.map((src) => citation(src))) : null
          );
        })
      )
    );
  }
  function showCell(row, barrier, cell, button) {
    panel.replaceChildren(
      ...[
        h("h2", `${row.ref ? row.ref.name : "modality unknown"} × ${barrier.name}`),
        barrier.definition ? h("p.definition", barrier.definition) : null,
        claimList(`Faces ${barrier.name}`, cell.faces, "faces"),
        claimList(`Addresses ${barrier.name}`, cell.addresses, "addresses"),
      ].filter(Boolean)
    );
    for (const b of table.querySelectorAll("button.cell[aria-pressed=true]")) if (b !== button) b.setAttribute("aria-pressed", "false");
  }
  const table = h(
    "table.matrix",
    h("caption", "Modalities × barriers: ", h("span.faces", "▲ faces"), " · ", h("span.addresses", "✓ addresses"), " · ", h("span.mixed", "◆ both")),
    h(
      "thead",
      h(
        "tr",
        h("th", { scope: "col" }, h("span.sr-only", "Modality")),
        barriers.map((b) => h("th.barrier", { scope: "col", title: b.definition || b.name }, h("span", b.name)))
      )
    ),
    h(
      "tbody",
      rowList.map((row) =>
        h(
          "tr",
          h(
            "th",
            { scope: "row" },
            swatch(row.ref),
            row.ref ? h("a", { href: `/therapies?modality=${enc(row.ref.id)}` }, row.ref.name) : "modality unknown"
          ),
          barriers.map((b) => {
            const cell = row.cells.get(b.id);
            if (!cell) return h("td.empty", h("span.sr-only", "no claim"));
            const state = cell.faces.length && cell.addresses.length ? "mixed" : cell.faces.length ? "faces" : "addresses";
            const n = cell.faces.length + cell.addresses.length;
            const names = [...cell.faces, ...cell.addresses].map((c) => c.name);
            const button = h(
              `button.cell.${state}`,
              {
                type: "button",
                "aria-pressed": "false",
                "aria-controls": "barrier-panel",
                title: `${state === "mixed" ? "faces and addresses" : state}: ${[...new Set(names)].join(", ")}`,
              },
              h("span.sym", { "aria-hidden": "true" }, state === "faces" ? "▲" : state === "addresses" ? "✓" : "◆"),
              n > 1 ? h("span.count", { "aria-hidden": "true" }, String(n)) : null,
              h("span.sr-only", `${state === "mixed" ? "faces and addresses" : state} — ${row.ref ? row.ref.name : "modality unknown"}, ${b.name}`)
            );
            const preview = () => !pinned && showCell(row, b, cell, button);
            button.addEventListener("mouseenter", preview);
            button.addEventListener("focus", preview);
            button.addEventListener("click", () => {
              const on = button.getAttribute("aria-pressed") !== "true";
              button.setAttribute("aria-pressed", String(on));
              pinned = on ? button : null;
              showCell(row, b, cell, button);
            });
            return h(`td.${state}`, button);
          })
        )
      )
    )
  );
  const nodes = [
    h("header.page-head", h("p.kicker", "Barriers"), h("h1", "Barrier map"), headNote),
    h("div.matrix-layout", h("div.table-wrap", table), panel),
  ];
  return { title: "Barrier map", nodes };
}

/* ---- views: therapy list ------------------------------------------------------------- */

async function viewTherapies(ctx) {
  showLoading(ctx, "therapies");
  const p = ctx.params;
  const filters = ["indication", "modality", "target"].filter((k) => p.get(k));
  const query = new URLSearchParams(filters.map((k) => [k, p.get(k)]));
  let list;
  try {
    list = await getJSON(`/api/therapies${filters.length ? `?${query}` : ""}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      const kind = filters[0] || "name";
      return { title: "Not found", nodes: notFound(kind, p.get(kind), err.body.suggestions, (name) => `/therapies?${kind}=${enc(name)}`) };
    }
    throw err;
  }
  const developer = p.get("developer");
  if (developer) list = list.filter((t) => t.developers.some((d) => d.id === developer));
  const findName = (key, id) => {
    for (const t of list) {
      const refs = key === "modality" ? [t.modality].filter(Boolean) : key === "target" ? t.targets : key === "indication" ? t.indications : t.developers;
      const hit = refs.find((r) => r.id === id);
      if (hit) return hit.name;
    }
    return id;
  };
  const parts = [];
  if (p.get("modality")) parts.push(`of modality ${findName("modality", p.get("modality"))}`);
  if (p.get("target")) parts.push(`targeting ${findName("target", p.get("target"))}`);
  if (p.get("indication")) parts.push(`for ${findName("indication", p.get("indication"))}`);
  if (developer) parts.push(`developed by ${findName("developer", developer)}`);
  const heading = parts.length ? `Therapies ${parts.join(", ")}` : "All therapies";
  const nodes = [
    h(
      "header.page-head",
      h("p.kicker", "Therapies"),
      h("h1", heading),
      h("p.lead", `${list.length} therap${list.length === 1 ? "y" : "ies"} that loaded sources mention.`, parts.length ? [" ", h("a", { href: "/therapies" }, "Show all")] : null),
      p.get("indication") ? h("p", h("a", { href: `/indication/${enc(p.get("indication"))}` }, "See the landscape, grouped by modality")) : null
    ),
    list.length
      ? h(
          "div.table-wrap",
          h(
            "table.data",
            h("caption.sr-only", heading),
            h("thead", h("tr", ["Therapy", "Modality", "Targets", "Highest phase", "Developers", "Indications"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              list.map((t) =>
                h(
                  "tr",
                  h("th", { scope: "row" }, h("a", { href: therapyHref(t) }, t.name)),
                  h("td", modalityChip(t.modality, t.modality_inferred)),
                  h("td", refLinks(t.targets, targetHref)),
                  h("td", phaseChip(t.highest_phase)),
                  h("td", refLinks(t.developers, developerHref)),
                  h("td.small", refLinks(t.indications.slice(0, 4), indicationHref), t.indications.length > 4 ? h("span.muted", ` +${t.indications.length - 4}`) : null)
                )
              )
            )
          )
        )
      : h("p.notice", "Nothing matches."),
  ];
  return { title: heading, nodes };
}

/* ---- start --------------------------------------------------------------------------- */

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => render());
else render();
