// Progressive enhancement for the admin center; every page works without it.
"use strict";

// Fields that only matter when a box is ticked (or a radio chosen) follow that box.
function syncConditionalFields() {
  for (const element of document.querySelectorAll("[data-show-when]")) {
    const control = document.getElementById(element.dataset.showWhen);
    if (control) element.hidden = !control.checked;
  }
  for (const element of document.querySelectorAll("[data-hide-when]")) {
    const control = document.getElementById(element.dataset.hideWhen);
    if (control) element.hidden = control.checked;
  }
}
document.addEventListener("change", syncConditionalFields);
syncConditionalFields();

// "Select all" over a list's check boxes: shown only where a script can do it.
function enhanceSelectAll(root) {
  for (const box of root.querySelectorAll("input[data-select-all]")) box.hidden = false;
}
document.addEventListener("change", (event) => {
  const all = event.target.closest?.("input[data-select-all]");
  if (!all) return;
  const boxes = all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.selectAll}"]`);
  for (const box of boxes) box.checked = all.checked;
});
enhanceSelectAll(document);

// A value shown once (the temporary password): a copy button, and dots until "Show".
function enhanceSecrets(root) {
  for (const button of root.querySelectorAll("button[data-copy]")) {
    if (navigator.clipboard && document.getElementById(button.dataset.copy)) button.hidden = false;
  }
  for (const button of root.querySelectorAll("button[data-reveal]")) {
    const source = document.getElementById(button.dataset.reveal);
    if (!source) continue;
    source.type = "password";
    button.hidden = false;
  }
}
document.addEventListener("click", async (event) => {
  const copy = event.target.closest?.("button[data-copy]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    await navigator.clipboard.writeText(source.value);
    const label = copy.textContent;
    copy.textContent = copy.dataset.copied;
    setTimeout(() => (copy.textContent = label), 2000);
  }
  const reveal = event.target.closest?.("button[data-reveal]");
  if (reveal) {
    const source = document.getElementById(reveal.dataset.reveal);
    const shown = source.type === "password";
    source.type = shown ? "text" : "password";
    reveal.textContent = shown ? reveal.dataset.hide : reveal.dataset.show;
    reveal.setAttribute("aria-pressed", String(shown));
  }
});
enhanceSecrets(document);

// A task in a side panel (the reset dialog): the page it links to, loaded into a <dialog>
// beside the list; its form is sent from there and what comes back (the result, or the form
// with its errors) shows in the panel. Without JavaScript the link is that page.
const frame = document.querySelector(".admin");
let panel;
let opener;
let finished = false;

function closePanel() {
  if (!panel) return;
  const done = finished && panel.querySelector("h1")?.textContent;
  panel.close();
  panel.remove();
  panel = undefined;
  if (done) {
    const toast = document.createElement("div");
    toast.className = "toast";
    toast.setAttribute("role", "status");
    toast.textContent = done;
    document.body.append(toast);
    setTimeout(() => toast.remove(), 6000);
  }
  opener?.focus();
}

function showInPanel(html, url) {
  // A change the page it leads to reports (unlock, block, ...): go there, as without a panel.
  const landed = new URL(url, location.href);
  if (landed.searchParams.has("done")) {
    location.assign(landed.href);
    return;
  }
  const page = new DOMParser().parseFromString(html, "text/html");
  const content = page.querySelector(".admin-content");
  const body = panel.querySelector(".panel-body");
  if (!content) {
    const failed = document.createElement("p");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = frame.dataset.panelFailed;
    failed.append(link);
    body.replaceChildren(failed);
    return;
  }
  body.replaceChildren(...content.childNodes);
  finished = /^\/admin\/results\//.test(new URL(url, location.href).pathname);
  enhanceSecrets(body);
  syncConditionalFields();
  const heading = body.querySelector("h1");
  if (heading) {
    heading.id = "panel-title";
    heading.tabIndex = -1;
  }
  (body.querySelector("input:not([type=hidden]), select, textarea") ?? heading)?.focus();
}

async function openPanel(link) {
  opener = link;
  finished = false;
  panel = document.createElement("dialog");
  panel.className = "panel";
  panel.setAttribute("aria-labelledby", "panel-title");
  const close = document.createElement("button");
  close.type = "button";
  close.className = "panel-close";
  close.textContent = frame.dataset.panelClose;
  close.addEventListener("click", closePanel);
  const body = document.createElement("div");
  body.className = "panel-body";
  panel.append(close, body);
  panel.addEventListener("cancel", (event) => {
    event.preventDefault();
    closePanel();
  });
  panel.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.method !== "post") return;
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
    });
    showInPanel(await response.text(), response.url);
  });
  document.body.append(panel);
  panel.showModal();
  const response = await fetch(link.href, { headers: { accept: "text/html" } });
  showInPanel(await response.text(), response.url);
}

if (frame && typeof HTMLDialogElement === "function") {
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[data-panel]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openPanel(link);
  });
}

// Search as you type: fetch the same page for the current query and swap in its results.
for (const form of document.querySelectorAll("form[data-live-search]")) {
  const results = document.getElementById(form.dataset.liveSearch);
  let timer;
  let latest = 0;
  const refresh = async () => {
    const url = `${form.action}?${new URLSearchParams(new FormData(form))}`;
    const ticket = (latest += 1);
    const response = await fetch(url, { headers: { accept: "text/html" } });
    if (!response.ok || ticket !== latest) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById(results.id);
    if (fresh) results.replaceChildren(...fresh.childNodes);
    enhanceSelectAll(results);
    history.replaceState(null, "", url);
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
}

// The users grid: Up and Down move to the same column of the row above or below (Ctrl+Home
// and Ctrl+End to the first and last row), so a keyboard goes down the list without tabbing
// through every link of every row.
document.addEventListener("keydown", (event) => {
  const cell = event.target.closest?.("table[data-grid] tbody td");
  if (!cell || event.altKey || event.shiftKey || event.metaKey) return;
  const rows = [...cell.closest("tbody").rows];
  const here = rows.indexOf(cell.parentElement);
  const moves = {
    ArrowDown: event.ctrlKey ? undefined : here + 1,
    ArrowUp: event.ctrlKey ? undefined : here - 1,
    Home: event.ctrlKey ? 0 : undefined,
    End: event.ctrlKey ? rows.length - 1 : undefined,
  };
  const target = moves[event.key];
  if (target === undefined || target < 0 || target >= rows.length) return;
  const focusable = "a[href], input:not([type=hidden]), button";
  const row = rows[target];
  const element =
    row.cells[cell.cellIndex]?.querySelector(focusable) ?? row.querySelector(focusable);
  if (!element) return;
  event.preventDefault();
  element.focus();
});
