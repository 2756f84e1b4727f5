"""JavaScript that measures the course widgets in the page: overlapping options, clipped text, text out of view."""

#: returns a list of problems (strings) for every course block (.wl-blok) in the visible panel
LAYOUT_PROBLEMEN_JS = r"""
(panel) => {
  const problemen = [];
  const p = document.querySelector(panel);
  if (!p) return ['geen zichtbaar notebook'];
  const zichtbaar = (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
  };
  // the parts of a block that show text: checks 2 (clipped) and 4 (out of view) read the same list
  const TEKSTDELEN = 'label, .widget-label, .widget-label-basic, button, .wl-kop, .wl-feedback, .widget-html-content';
  const naam = (blok) => [...blok.classList].find(c => c.startsWith('wl-vraag-')) || 'wl-blok';
  const snijden = (a, b) => {
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return x > 1 && y > 1;
  };
  for (const blok of p.querySelectorAll('.wl-blok')) {
    const id = naam(blok);
    // 1. the boxes of options, labels, inputs and buttons never overlap each other
    const delen = [...blok.querySelectorAll(
      'label, .widget-label, input[type=radio], input[type=checkbox], input[type=text], select, textarea, button, .wl-feedback > div'
    )].filter(zichtbaar);
    const dozen = delen.map(el => ({el, r: el.getBoundingClientRect()}));
    for (let i = 0; i < dozen.length; i++) {
      for (let j = i + 1; j < dozen.length; j++) {
        const a = dozen[i], b = dozen[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        // an input and its own label sit side by side, they may touch
        if (a.el.tagName === 'LABEL' && a.el.contains(b.el)) continue;
        if (snijden(a.r, b.r)) {
          problemen.push(`${id}: '${(a.el.innerText || a.el.value || a.el.tagName).trim().slice(0, 40)}' overlapt '${(b.el.innerText || b.el.value || b.el.tagName).trim().slice(0, 40)}'`);
        }
      }
    }
    // 2. no text is clipped: an element that hides overflow shows all of its text
    for (const el of blok.querySelectorAll(`${TEKSTDELEN}, option`)) {
      if (!zichtbaar(el)) continue;
      const s = getComputedStyle(el);
      const verbergt = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY) || s.textOverflow === 'ellipsis';
      if (!verbergt) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problemen.push(`${id}: tekst afgekapt in ${el.tagName.toLowerCase()} '${el.innerText.trim().slice(0, 50)}' (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})`);
      }
    }
    // 3. a drop-down can show each of its options whole once chosen (a native select cannot wrap)
    for (const sel of blok.querySelectorAll('select')) {
      if (!zichtbaar(sel)) continue;
      const s = getComputedStyle(sel);
      for (const optie of sel.options) {
        const meet = document.createElement('span');
        meet.style.cssText = `position:absolute;visibility:hidden;white-space:nowrap;font:${s.font}`;
        meet.textContent = optie.text;
        document.body.appendChild(meet);
        const nodig = meet.getBoundingClientRect().width;
        meet.remove();
        if (nodig > sel.clientWidth - 24) {  // room for the arrow
          problemen.push(`${id}: keuzelijst te smal voor '${optie.text.slice(0, 50)}' (${Math.round(nodig)} > ${sel.clientWidth - 24})`);
        }
      }
    }
    // 4. no text and no control runs past the right edge of what shows it: the notebook, the window,
    //    or a box that cuts or scrolls its overflow (ipywidgets' boxes scroll). At 200 % zoom a
    //    slider's label once ended at 721 px in a 640 px window; check 2 missed it, since nothing there
    //    hides overflow. The text itself is measured (a Range), not its box, which may be wider than the
    //    text; parts without text (a chart's icon buttons) are the chart's own business.
    //    3 px of slack: a last glyph's side bearing and sub-pixel rounding may reach a pixel or two past
    //    the box (seen: 2 px, the model's check box label, after resizing); a label pushed away is far more.
    const speling = 3;
    const grens = Math.min(window.innerWidth, p.getBoundingClientRect().right) + speling;
    for (const el of blok.querySelectorAll(`${TEKSTDELEN}, input, select, textarea`)) {
      if (!zichtbaar(el)) continue;
      const bediening = ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
      // textContent, not innerText: a cell scrolled out of view (content-visibility) has no innerText
      const tekst = (el.textContent || '').trim();
      if (!bediening && !tekst) continue;
      let rand = grens;
      for (let a = el.parentElement; a && a !== blok.parentElement; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') rand = Math.min(rand, a.getBoundingClientRect().right + speling);
      }
      let rechts = el.getBoundingClientRect().right;
      if (!bediening) {
        const bereik = document.createRange();
        bereik.selectNodeContents(el);
        rechts = bereik.getBoundingClientRect().right;
      }
      if (rechts > rand) {
        problemen.push(`${id}: '${(tekst || el.value || el.tagName).slice(0, 40)}' valt rechts buiten beeld (rechterrand ${Math.round(rechts)} px, zichtbaar tot ${Math.round(rand - speling)} px)`);
      }
    }
  }
  return problemen;
}
"""
