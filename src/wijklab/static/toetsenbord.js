// Keyboard and screen-reader support for the course's ipywidgets blocks in JupyterLab (the
// Middelstad model, the name field). The questions and reflections draw their own native controls
// and do this themselves (vraag.js).
//
// 1. JupyterLab's notebook shortcuts (arrow keys, a, b, d d, m, ...) are matched on the focused
//    element before a radio button, list or drop-down sees the key. Lumino skips shortcuts for an
//    element with data-lm-suppress-shortcuts, so every control inside a course block gets it when
//    it receives focus.
// 2. Each set of radio buttons becomes one group (shared name, role=radiogroup, labelled by the
//    question), so Tab reaches the group once and the arrow keys choose within it.
// 3. The feedback area is a live region from the start, so screen readers announce new feedback.

const CONTROLS = "input, select, textarea, button, [role=slider], .noUi-handle";

function installFocusHandler() {
  if (window.__wijklabToetsenbord) return;
  window.__wijklabToetsenbord = true;
  document.addEventListener(
    "focusin",
    (event) => {
      const target = event.target;
      if (target instanceof Element && target.matches(CONTROLS) && target.closest(".wl-blok")) {
        target.setAttribute("data-lm-suppress-shortcuts", "true");
      }
    },
    true,
  );
}

let groupCounter = 0;

function enhance(blok) {
  const question = blok.querySelector(".wl-kop");
  const label = question ? question.textContent.trim().slice(0, 200) : "Vraag";
  blok.querySelectorAll(".widget-radio-box").forEach((box) => {
    if (!box.dataset.wlGroep) {
      groupCounter += 1;
      box.dataset.wlGroep = `wl-groep-${Date.now()}-${groupCounter}`;
    }
    box.setAttribute("role", "radiogroup");
    box.setAttribute("aria-label", label);
    box.querySelectorAll("input[type=radio]").forEach((radio) => {
      radio.name = box.dataset.wlGroep;
    });
  });
  blok.querySelectorAll(".wl-feedback").forEach((feedback) => {
    feedback.setAttribute("role", "status");
    feedback.setAttribute("aria-live", "polite");
  });
  blok.querySelectorAll("select").forEach((select) => {
    if (!select.getAttribute("aria-label") && !select.labels?.length) {
      select.setAttribute("aria-label", label);
    }
  });
}

function render({ el }) {
  installFocusHandler();
  el.style.display = "none";
  let tries = 0;
  const attach = () => {
    const blok = el.isConnected ? el.closest(".wl-blok") : null;
    if (!blok) {
      if (tries++ < 100) requestAnimationFrame(attach);
      return;
    }
    enhance(blok);
    // radio boxes are re-rendered when their options change: keep the groups intact
    const observer = new MutationObserver(() => enhance(blok));
    observer.observe(blok, { childList: true, subtree: true });
  };
  attach();
}

export default { render };
