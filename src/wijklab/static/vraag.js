// The course's question widget: one widget model per quiz question or reflection (see
// wijklab/ui.py, VraagWidget). The kernel owns the question and the grading; this module draws plain
// HTML controls, keeps the student's current answer in the model's `waarde`, and sends
// {knop: id} when she presses a button. Nothing of the right answer is ever in the model before
// the kernel puts it in the feedback.
//
// Traits (all set by the kernel):
//   soort        enkelvoudig | meervoudig | volgorde | koppelen | getal | voorspel | reflectie
//   _dom_classes the block's CSS classes (wl-blok, wl-quiz, wl-type-…, wl-vraag-<id>, …), as for any widget
//   kop          HTML: kind of question, the question, store messages
//   invoer       what to draw: {opties}, {items}, {links, rechts}, {label, eenheid, plaatshouder}
//   waarde       the current answer, also written here: {keuze}, {vinkjes}, {volgorde}, {paren}, {tekst}
//   uitgeschakeld the answer controls are read-only (a committed estimate, a draft behind a lock)
//   knoppen      [{id, tekst, tip, uit, verborgen}]
//   melding, status, teller, feedback   HTML
//
// Keyboard: every control is a native one, in reading order, so Tab and the arrow keys work as in
// any web form; JupyterLab's notebook shortcuts are switched off while a control has focus; Enter
// in a text field presses the block's first button (Controleer, Leg mijn schatting vast).

const CONTROLS = "input, select, textarea, button";
let blokTeller = 0;

function maak(tag, eigenschappen = {}, ...kinderen) {
  const el = document.createElement(tag);
  for (const [sleutel, waarde] of Object.entries(eigenschappen)) {
    if (waarde === undefined || waarde === null || waarde === false) continue;
    if (sleutel === "class") el.className = waarde;
    else if (sleutel === "html") el.innerHTML = waarde;
    else if (sleutel === "text") el.textContent = waarde;
    else el.setAttribute(sleutel, waarde === true ? "" : String(waarde));
  }
  for (const kind of kinderen) if (kind) el.append(kind);
  return el;
}

function kopie(waarde) {
  return JSON.parse(JSON.stringify(waarde || {}));
}

function render({ model, el }) {
  blokTeller += 1;
  const uniek = `wl-${Math.random().toString(36).slice(2, 8)}-${blokTeller}`;
  const soort = model.get("soort");
  el.classList.add("wl-vraagblok", ...(model.get("_dom_classes") || []));

  // JupyterLab's notebook shortcuts (arrows, a, b, d d, m …) would otherwise act before the control
  el.addEventListener("focusin", (event) => {
    const doel = event.target;
    if (doel instanceof Element && doel.matches(CONTROLS)) doel.setAttribute("data-lm-suppress-shortcuts", "true");
  });

  // a click on the question's text (not on a control) makes this block the place Tab starts from: with
  // several questions in one cell (wl.diagnose, wl.herhaling) JupyterLab would otherwise focus the cell
  // and Tab would start at the cell's first question
  el.setAttribute("tabindex", "-1");
  el.addEventListener("click", (event) => {
    const doel = event.target;
    if (doel instanceof Element && doel.closest(`${CONTROLS}, label`)) return;
    if (!el.contains(document.activeElement)) el.focus({ preventScroll: true });
  });

  const kop = maak("div", { class: "wl-kopdeel", id: `${uniek}-kop` });
  const melding = maak("div", { class: "wl-melding" });
  const invoer = maak("div", { class: "wl-invoer" });
  const knoppenRij = maak("div", { class: "wl-knoppen" });
  const status = maak("span", { class: "wl-opslagstatus" });
  const teller = maak("span", { class: "wl-woorden" });
  const feedback = maak("div", { class: "wl-feedback", role: "status", "aria-live": "polite" });
  el.replaceChildren(kop, melding, invoer, knoppenRij, feedback);

  const bewaar = (waarde) => {
    model.set("waarde", waarde);
    model.save_changes();
  };
  const waarde = () => kopie(model.get("waarde"));
  const druk = (id) => {
    bewaar(waarde()); // the kernel has the answer as it is on screen before it handles the button
    model.send({ knop: id });
  };

  // --- the answer controls, one function per kind; each returns an update(waarde) function
  const tekenaars = {
    enkelvoudig: () => keuzes("radio"),
    meervoudig: () => keuzes("checkbox"),
    volgorde,
    koppelen,
    getal: tekstveld,
    voorspel: tekstveld,
    reflectie: tekstvak,
  };

  function keuzes(typeInvoer) {
    const opties = model.get("invoer").opties || [];
    const groep = maak("div", {
      class: "wl-opties",
      role: typeInvoer === "radio" ? "radiogroup" : "group",
      "aria-labelledby": `${uniek}-kop`,
    });
    const invoervelden = opties.map((optieHtml, i) => {
      const veld = maak("input", { type: typeInvoer, name: `${uniek}-optie`, value: i });
      groep.append(maak("label", { class: "wl-optie" }, veld, maak("span", { html: optieHtml })));
      veld.addEventListener("change", () => {
        if (typeInvoer === "radio") bewaar({ ...waarde(), keuze: i });
        else bewaar({ ...waarde(), vinkjes: invoervelden.map((v) => v.checked) });
      });
      return veld;
    });
    invoer.append(groep);
    // optional: how sure she is (stored with the attempt; the class overview counts 'sure and wrong')
    const zekerheden = model.get("invoer").zekerheid || [];
    const zekerVelden = [];
    if (zekerheden.length) {
      const zeker = maak("div", { class: "wl-zekerheid", role: "radiogroup", "aria-labelledby": `${uniek}-zeker` });
      zeker.append(maak("span", { class: "wl-zekerheid-kop", id: `${uniek}-zeker`, text: "Hoe zeker ben je? (mag je overslaan)" }));
      zekerheden.forEach(([sleutel, tekst]) => {
        const veld = maak("input", { type: "radio", name: `${uniek}-zeker`, value: sleutel });
        veld.addEventListener("change", () => bewaar({ ...waarde(), zeker: sleutel }));
        zekerVelden.push(veld);
        zeker.append(maak("label", { class: "wl-zeker-optie" }, veld, maak("span", { text: tekst })));
      });
      invoer.append(zeker);
    }
    return (w) => {
      invoervelden.forEach((veld, i) => {
        veld.checked = typeInvoer === "radio" ? w.keuze === i : Boolean((w.vinkjes || [])[i]);
      });
      zekerVelden.forEach((veld) => {
        veld.checked = w.zeker === veld.value;
      });
    };
  }

  function volgorde() {
    const items = model.get("invoer").items || []; // [{sleutel, html}]
    const html = Object.fromEntries(items.map((it) => [it.sleutel, it.html]));
    let gekozen = 0;
    invoer.append(maak("p", { class: "wl-uitleg", html: "Kies een item (pijltjestoetsen of muis) en verplaats het met de knoppen. Bovenaan staat het eerste." }));
    const groep = maak("div", { class: "wl-opties wl-volgorde", role: "radiogroup", "aria-labelledby": `${uniek}-kop` });
    const omhoog = maak("button", { type: "button", class: "wl-omhoog", title: "Zet het gekozen item één plek eerder", text: "↑ Omhoog" });
    const omlaag = maak("button", { type: "button", class: "wl-omlaag", title: "Zet het gekozen item één plek later", text: "↓ Omlaag" });
    invoer.append(maak("div", { class: "wl-volgorde-rij" }, groep, maak("div", { class: "wl-volgorde-knoppen" }, omhoog, omlaag)));
    let huidige = [];
    const teken = () => {
      groep.replaceChildren();
      huidige.forEach((sleutel, i) => {
        const veld = maak("input", { type: "radio", name: `${uniek}-item`, value: i });
        veld.checked = i === gekozen;
        veld.disabled = model.get("uitgeschakeld");
        veld.addEventListener("change", () => { gekozen = i; });
        groep.append(maak("label", { class: "wl-optie" }, veld, maak("span", { html: `${i + 1}. ${html[sleutel] ?? ""}` })));
      });
    };
    const verplaats = (stap) => {
      const j = gekozen + stap;
      if (j < 0 || j >= huidige.length) return;
      [huidige[gekozen], huidige[j]] = [huidige[j], huidige[gekozen]];
      gekozen = j;
      teken();
      bewaar({ volgorde: [...huidige] });
    };
    omhoog.addEventListener("click", () => verplaats(-1));
    omlaag.addEventListener("click", () => verplaats(+1));
    return (w) => {
      const nieuw = Array.isArray(w.volgorde) ? w.volgorde.filter((s) => s in html) : [];
      huidige = nieuw.length === items.length ? nieuw : items.map((it) => it.sleutel);
      gekozen = Math.min(gekozen, huidige.length - 1);
      teken();
    };
  }

  function koppelen() {
    const { links = [], rechts = [] } = model.get("invoer"); // links: [html], rechts: [{sleutel, letter, html}]
    invoer.append(maak("ol", { class: "wl-keuzes", type: "A" }, ...rechts.map((r) => maak("li", { html: r.html }))));
    invoer.append(maak("p", { class: "wl-uitleg", text: "Kies bij elk begrip de letter van de beschrijving die erbij hoort. Elke letter hoort bij één begrip." }));
    const lijsten = links.map((linksHtml, i) => {
      const lijst = maak("select", { id: `${uniek}-koppel-${i}` }, maak("option", { value: "", text: "— kies —" }));
      for (const r of rechts) lijst.append(maak("option", { value: r.sleutel, text: r.letter }));
      invoer.append(maak("div", { class: "wl-koppeling" }, maak("label", { for: lijst.id, html: linksHtml }), lijst));
      lijst.addEventListener("change", () => bewaar({ paren: lijsten.map((l) => l.value || null) }));
      return lijst;
    });
    return (w) => {
      lijsten.forEach((lijst, i) => { lijst.value = (w.paren || [])[i] || ""; });
    };
  }

  function tekstveld() {
    const spec = model.get("invoer");
    const veld = maak("input", { type: "text", id: `${uniek}-veld`, placeholder: spec.plaatshouder, autocomplete: "off", inputmode: "decimal" });
    invoer.append(maak("div", { class: "wl-veld" },
      maak("label", { for: veld.id, text: spec.label }), veld, spec.eenheid ? maak("span", { class: "wl-eenheid", text: spec.eenheid }) : null));
    veld.addEventListener("input", () => bewaar({ tekst: veld.value }));
    veld.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      const eerste = (model.get("knoppen") || []).find((k) => !k.uit && !k.verborgen);
      if (eerste) druk(eerste.id);
    });
    return (w) => {
      if (veld.value !== (w.tekst ?? "")) veld.value = w.tekst ?? "";
    };
  }

  function tekstvak() {
    const spec = model.get("invoer");
    const vak = maak("textarea", { id: `${uniek}-tekst`, rows: 8, placeholder: spec.plaatshouder, spellcheck: "true", lang: "nl" });
    invoer.append(maak("label", { for: vak.id, text: spec.label }), maak("div", { class: "wl-tekstvak" }, vak));
    vak.addEventListener("input", () => bewaar({ tekst: vak.value }));
    return (w) => {
      if (vak.value !== (w.tekst ?? "")) vak.value = w.tekst ?? "";
    };
  }

  const werkWaardeBij = (tekenaars[soort] || (() => () => {}))();

  // --- buttons, status and the rest
  const knoppen = new Map();
  const werkKnoppenBij = () => {
    for (const k of model.get("knoppen") || []) {
      let knop = knoppen.get(k.id);
      if (!knop) {
        knop = maak("button", { type: "button", class: `wl-knop wl-${k.id}` });
        knop.addEventListener("click", () => druk(k.id));
        knoppen.set(k.id, knop);
        knoppenRij.append(knop);
      }
      knop.textContent = k.tekst;
      knop.title = k.tip || k.tekst;
      knop.disabled = Boolean(k.uit);
      knop.hidden = Boolean(k.verborgen);
    }
    knoppenRij.append(status, teller); // after the buttons
  };
  const werkUitschakelingBij = () => {
    const uit = Boolean(model.get("uitgeschakeld"));
    invoer.querySelectorAll(CONTROLS).forEach((c) => { c.disabled = uit; });
  };
  const zet = {
    kop: () => { kop.innerHTML = model.get("kop"); },
    melding: () => { melding.innerHTML = model.get("melding"); melding.hidden = !model.get("melding"); },
    status: () => { status.innerHTML = model.get("status"); },
    teller: () => { teller.innerHTML = model.get("teller"); },
    feedback: () => { feedback.innerHTML = model.get("feedback"); },
    knoppen: werkKnoppenBij,
    waarde: () => { werkWaardeBij(waarde()); werkUitschakelingBij(); },
    uitgeschakeld: werkUitschakelingBij,
  };
  for (const [naam, functie] of Object.entries(zet)) {
    functie();
    model.on(`change:${naam}`, functie);
  }
  return () => {
    for (const [naam, functie] of Object.entries(zet)) model.off(`change:${naam}`, functie);
  };
}

export default { render };
