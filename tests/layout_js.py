"""JavaScript that measures the course widgets in the page: overlapping options and clipped text."""

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
    for (const el of blok.querySelectorAll('label, .widget-label, .widget-label-basic, button, .wl-kop, .wl-feedback, option, .widget-html-content')) {
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
  }
  return problemen;
}
"""
