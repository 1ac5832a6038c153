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

// Copy buttons for a value shown once (the temporary password).
for (const button of document.querySelectorAll("button[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(source.value);
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => (button.textContent = label), 2000);
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
    history.replaceState(null, "", url);
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
}
