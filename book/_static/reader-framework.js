// The header buttons follow the framework the reader chose in the code tabs.
//
// sphinx-design keeps that choice in the browser's local storage (key: its
// prefix, "sphinx-design-tab-id-" unless configured, then the sync group
// "framework"), and ?framework=<id> in the address selects one. This script
//
// - puts that framework's PDF first in the download menu. book/_ext/page_buttons.py
//   lists the whole book's PDF, then one PDF per framework, with the labels
//   download-book-pdf-button and download-book-pdf-<framework>-button (the
//   theme makes them the classes btn-<label>); the others keep their order
//   (the whole book first when nothing is chosen);
// - points the launch buttons (Binder, Colab) and the download menu's notebook
//   at that framework's notebook: NAME.<framework>.ipynb beside NAME.ipynb
//   (tools/notebooks.py writes them in the repository, tools/build_book.py
//   the executed ones in _sources/), the notebook with both frameworks when
//   nothing is chosen. The frameworks are the script tag's data-frameworks.
//
// It does both again when the reader switches tabs.
"use strict";

(() => {
  const GROUP = "framework";
  const ENTRY = /\bbtn-download-book-pdf-(?:([\w]+)-)?button\b/;
  const FRAMEWORKS = (
    (document.currentScript || document.querySelector("script[data-frameworks]"))
      ?.getAttribute("data-frameworks") || ""
  ).split(" ").filter(Boolean);
  /** A notebook's name at the end of a link's path or query (Binder's urlpath). */
  const NOTEBOOK = /\.ipynb(?=$|[?#&])/;

  /** The storage key prefix design-tabs.js uses ("" when it stores nothing). */
  function storagePrefix() {
    const script = document.querySelector("script[data-sd-tabs-storage-prefix]");
    return script ? script.getAttribute("data-sd-tabs-storage-prefix") : "sphinx-design-tab-id-";
  }

  /** The framework chosen: in the address, else stored; null when none. */
  function chosen() {
    const asked = new URLSearchParams(window.location.search).get(GROUP);
    if (asked) return asked;
    const prefix = storagePrefix();
    if (!prefix) return null;
    try {
      return window.localStorage.getItem(prefix + GROUP);
    } catch (error) {
      return null; // storage blocked: nothing remembered
    }
  }

  /** Each menu's PDF entries (<li>), in the order the page was built with. */
  const menus = [];
  document.querySelectorAll(".dropdown-download-buttons > .dropdown-menu").forEach((menu) => {
    const entries = [];
    menu.querySelectorAll(":scope > li").forEach((item) => {
      const link = item.querySelector("a");
      const match = link && link.className.match(ENTRY);
      if (match) entries.push({ item, framework: match[1] || null });
    });
    if (entries.length) menus.push({ menu, entries });
  });

  /** The links to the page's notebook, with the address of the one with both frameworks. */
  const notebooks = [];
  document.querySelectorAll(
    ".dropdown-launch-buttons a[href], a.btn-download-notebook-button[href]",
  ).forEach((link) => {
    const both = link.getAttribute("href");
    if (NOTEBOOK.test(both)) notebooks.push({ link, both });
  });

  /** Put the entry of `framework` first in every menu; the others keep their order. */
  function order(framework) {
    for (const { menu, entries } of menus) {
      const first = entries.filter((entry) => framework && entry.framework === framework);
      const rest = entries.filter((entry) => !first.includes(entry));
      const anchor = entries[0].item.previousElementSibling;
      const items = [...first, ...rest].map((entry) => entry.item);
      // Re-insert the entries where the first one was, in the new order.
      for (const item of items) item.remove();
      let previous = anchor;
      for (const item of items) {
        if (previous) previous.after(item);
        else menu.prepend(item);
        previous = item;
      }
      entries.sort((a, b) => items.indexOf(a.item) - items.indexOf(b.item));
    }
  }

  /** Point the notebook links at `framework`'s notebook (both frameworks': none or unknown). */
  function point(framework) {
    const known = FRAMEWORKS.includes(framework);
    for (const { link, both } of notebooks) {
      link.setAttribute("href", known ? both.replace(NOTEBOOK, `.${framework}.ipynb`) : both);
    }
  }

  function follow(framework) {
    order(framework);
    point(framework);
  }

  follow(chosen());

  // A tab switch: sphinx-design's radio inputs fire `change`, which bubbles.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.checked) return;
    const label = input.nextElementSibling;
    if (label instanceof HTMLElement && label.dataset.syncGroup === GROUP) {
      follow(label.dataset.syncId);
    }
  });
})();
