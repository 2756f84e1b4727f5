"""Dutch spelling check for the course text (hunspell nl_NL via spylls + tests/woordenlijst.txt).

Used by tests/test_inhoud.py, and by hand by the content writers::

    .venv/bin/python tests/spelling.py                      # all course text
    .venv/bin/python tests/spelling.py notebooks/01_gemengde_wijk.ipynb docs/begrippenlijst.md
    .venv/bin/python tests/spelling.py --suggesties          # also print hunspell's suggestions

What is checked: the Markdown cells of notebooks (notebooks/, exercises/), every text field of the
question banks (question, options, feedback, uitleg, items, pairs, reflection prompts, model
answers), docs/*.md, README.md and data/README.md.

Before checking, code (fenced and inline), URLs, e-mail addresses, citation keys (``[@key]``) and
citation links (``[Auteur (jaar)](../docs/bibliografie.md#key)``, and whole reading-list lines with a
title link: names and titles come from bibliografie.yaml),
Markdown/HTML syntax, link targets, file names and paths, numbers and snake_case identifiers are
removed. A word is accepted when hunspell nl_NL knows it (with or without a trailing dot, for
abbreviations such as ``bijv.``), when it is in tests/woordenlijst.txt (a lowercase entry accepts
any capitalisation; an entry with capitals only that form and its ALL-CAPS form), or when it is a
hyphenated compound whose parts are all accepted (``SCP-rapport``).

Correct words that hunspell does not know (names, jargon, new compounds) go into
tests/woordenlijst.txt, one per line (``echo woord >> tests/woordenlijst.txt``). Fix real typos.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parents[1]
WORDLIST = Path(__file__).resolve().parent / "woordenlijst.txt"
DICTIONARY_BASE = Path("/usr/share/hunspell/nl_NL")
INSTALL_HINT = (
    "Het Nederlandse woordenboek voor hunspell ontbreekt ({wat}). Installeer het met "
    "`apt-get install hunspell-nl` (en `pip install spylls` in de venv)."
)

#: text fields of a question bank that a student reads
BANK_TEXT_FIELDS = {
    "titel", "vraag", "tekst", "feedback", "uitleg", "toelichting", "links", "rechts",
    "feedback_fout", "feedback_te_laag", "feedback_te_hoog", "eenheid", "modelantwoord",
}


class DictionaryMissing(RuntimeError):
    """hunspell-nl or spylls is not installed."""


@lru_cache(maxsize=None)
def dictionary():
    """The nl_NL hunspell dictionary, loaded once (takes ~2 s)."""
    for ext in (".aff", ".dic"):
        if not DICTIONARY_BASE.with_suffix(ext).exists():
            raise DictionaryMissing(INSTALL_HINT.format(wat=f"{DICTIONARY_BASE}{ext} bestaat niet"))
    try:
        from spylls.hunspell import Dictionary
    except ImportError as e:  # pragma: no cover - spylls is a test dependency
        raise DictionaryMissing(INSTALL_HINT.format(wat=f"spylls: {e}")) from None
    return Dictionary.from_files(str(DICTIONARY_BASE))


def load_wordlist(path: Path = WORDLIST) -> set[str]:
    """The project word list: one word per line; empty lines and lines starting with # are ignored."""
    if not path.exists():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return words


# --- extracting text ------------------------------------------------------------------------


def notebook_markdown(path: Path) -> list[tuple[str, str]]:
    """(label, text) for every Markdown cell of a notebook; label is 'cel N' (1-based)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            out.append((f"cel {i}", "".join(src) if isinstance(src, list) else src))
    return out


def bank_texts(path: Path) -> list[tuple[str, str]]:
    """(label, text) for every text field of a question bank; label is 'id veld'.

    Reads the raw YAML (not the validated bank), so spelling can be checked on a bank that does
    not validate yet.
    """
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str]] = []

    def walk(node, where: str, key: str | None):
        if isinstance(node, dict):
            here = str(node.get("id", where)) if isinstance(node.get("id"), str) else where
            for k, v in node.items():
                walk(v, here, str(k))
        elif isinstance(node, list):
            for item in node:
                walk(item, where, key)
        elif isinstance(node, str) and key in BANK_TEXT_FIELDS:
            out.append((f"{where} {key}".strip(), node))

    walk(data, "", None)
    return out


def markdown_file(path: Path) -> list[tuple[str, str]]:
    return [("", path.read_text(encoding="utf-8"))]


def texts_of(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".ipynb":
        return notebook_markdown(path)
    if path.suffix in (".yaml", ".yml"):
        return bank_texts(path)
    return markdown_file(path)


def files_to_check(root: Path = COURSE_ROOT) -> list[Path]:
    """All course text files that must be spelled correctly, sorted."""
    files: list[Path] = []
    for pattern in ("notebooks/*.ipynb", "exercises/**/*.ipynb", "notebooks/vragen/*.yaml", "notebooks/vragen/diagnose/*.yaml", "docs/*.md"):
        files += [p for p in root.glob(pattern) if ".ipynb_checkpoints" not in p.parts]
    files += [p for p in (root / "README.md", root / "data" / "README.md") if p.exists()]
    # docs/bibliografie.md is generated from bibliografie.yaml: titles in several languages, names
    files = [p for p in files if p != root / "docs" / "bibliografie.md"]
    return sorted(set(files))


# --- cleaning and tokenising ----------------------------------------------------------------

_FILE_EXT = r"(?:ipynb|ya?ml|md|csv|json|py|txt|html?|toml|db|sqlite|png|svg|pdf|js|css|cfg|ini|sh)"
_STRIP = [
    (re.compile(r"<!--.*?-->", re.S), " "),                      # HTML comments
    (re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M), " "),  # fenced code blocks
    (re.compile(r"(`+)(?:(?!\1).)+?\1", re.S), " "),             # inline code
    (re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S), " "),         # LaTeX
    (re.compile(r"^.*\[\*[^\]]*\]\([^)\s]*bibliografie\.md#[^)]*\).*$", re.M), " "),  # full references (reading lists)
    (re.compile(r"\[[^\]]*\]\([^)\s]*bibliografie\.md#[^)]*\)"), " "),  # citations: text comes from bibliografie.yaml
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),              # links and images: keep the text
    (re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M), " "),        # reference-style link definitions
    (re.compile(r"<https?://[^>]*>|\bhttps?://\S+|\bwww\.\S+"), " "),  # URLs
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), " "),           # e-mail addresses
    (re.compile(r"-?@[\w][\w:.-]*"), " "),                        # citation keys [@key]
    (re.compile(r"</?[A-Za-z][^>]*>"), " "),                      # HTML tags
    (re.compile(r"&#?\w+;"), " "),                                # HTML entities
    (re.compile(r"(?:~|\.{1,2})?/?(?:[\w.-]+/)+[\w.-]*\." + _FILE_EXT + r"\b"), " "),  # paths to files
    (re.compile(r"(?:~|\.{1,2})/[\w./-]*|(?<![\w/])/[\w.-]+(?:/[\w.-]*)+|\b[\w.-]+/(?![\w])"), " "),  # dirs
    (re.compile(r"\b[\w-]+\." + _FILE_EXT + r"\b"), " "),         # file names
    (re.compile(r"(?<![\w])_([^_\n]+?)_(?![\w])"), r"\1"),         # _emphasis_
    (re.compile(r"\b\w*_\w*\b"), " "),                            # snake_case identifiers
    (re.compile(r"[*_]{1,3}"), " "),                              # emphasis markers
]
_CHUNK = re.compile(r"[^\W_][\w'’.-]*")
_LETTERS = re.compile(r"[^\W\d_]")
_TRAILING = re.compile(r"(.*?[^\W_])([.'-]*)$", re.S)
_KLEMTOON = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")


def strip_markup(text: str) -> str:
    """The prose of a Markdown text: code, URLs, citations, paths etc. replaced by spaces."""
    for pattern, repl in _STRIP:
        text = pattern.sub(repl, text)
    return text


def words(text: str):
    """Yield (word, start, end) for the words of already-stripped text."""
    for m in _CHUNK.finditer(text):
        chunk = m.group(0).replace("’", "'")
        start = m.start()
        # trailing punctuation that is not part of the word
        core, trailing = _TRAILING.match(chunk).groups()
        if trailing.startswith(".") and "." not in core:
            core += "."  # keep one dot as an abbreviation candidate: 'bijv.'
        if any(c.isdigit() for c in core):
            # '40-wijkenaanpak' → check 'wijkenaanpak'; 'Platform31' → skip
            for part in core.split("-"):
                if part and not any(c.isdigit() for c in part) and len(part.rstrip(".")) > 1:
                    yield part, start, m.end()
            continue
        if len(core.rstrip(".")) <= 1 or not _LETTERS.search(core):
            continue
        yield core, start, m.end()


# --- checking -------------------------------------------------------------------------------


@dataclass
class Finding:
    word: str
    where: str  # 'cel 4', '01-krachtwijken feedback', ''
    context: str
    count: int = 1


@dataclass
class Checker:
    wordlist: set[str] = field(default_factory=load_wordlist)
    _cache: dict[str, bool] = field(default_factory=dict)

    def __post_init__(self):
        self._dict = dictionary()
        self._lower = {w.lower() for w in self.wordlist if w == w.lower()}
        self._upper = {w.upper() for w in self.wordlist}

    def _listed(self, w: str) -> bool:
        return w in self.wordlist or w.lower() in self._lower or (w.isupper() and w in self._upper)

    def _hunspell(self, w: str) -> bool:
        try:
            return bool(self._dict.lookup(w))
        except Exception:  # spylls can trip over exotic input; treat as unknown
            return False

    def known(self, word: str) -> bool:
        hit = self._cache.get(word)
        if hit is None:
            hit = self._known(word)
            self._cache[word] = hit
        return hit

    def _known(self, word: str) -> bool:
        bare = word.rstrip(".")
        if self._listed(bare) or self._listed(word) or self._hunspell(bare):
            return True
        if word.endswith(".") and self._hunspell(word):
            return True
        if "-" in bare:
            parts = [p for p in bare.split("-") if p]
            return bool(parts) and all(len(p) <= 1 or self.known(p) for p in parts)
        if "." in bare and self._hunspell(bare + "."):  # 'o.a' from 'o.a.' at the end of a sentence
            return True
        if bare.startswith(("Eén", "Één")):  # capitalised 'één'
            return self.known("één" + bare[3:])
        plain = bare.translate(_KLEMTOON)  # stress accents: 'náár', 'níet'
        if plain != bare and self._hunspell(plain):
            return True
        return False

    def check_text(self, text: str, where: str = "") -> list[Finding]:
        clean = strip_markup(text)
        found: dict[str, Finding] = {}
        for word, start, end in words(clean):
            if self.known(word):
                continue
            bare = word.rstrip(".")
            if bare in found:
                found[bare].count += 1
                continue
            ctx = re.sub(r"\s+", " ", clean[max(0, start - 35): end + 35]).strip()
            found[bare] = Finding(bare, where, ctx)
        return list(found.values())

    def check_file(self, path: Path) -> list[Finding]:
        """Unknown words of one file, each once (with the first place it occurs and a count)."""
        merged: dict[str, Finding] = {}
        for where, text in texts_of(path):
            for f in self.check_text(text, where):
                if f.word in merged:
                    merged[f.word].count += f.count
                else:
                    merged[f.word] = f
        return list(merged.values())


def format_findings(path: Path, findings: list[Finding], suggest: bool = False) -> str:
    try:
        name = path.relative_to(COURSE_ROOT)
    except ValueError:
        name = path
    lines = [f"{name}: {len(findings)} onbekende woorden"]
    for f in sorted(findings, key=lambda f: f.word.lower()):
        extra = f" ({f.count}x)" if f.count > 1 else ""
        where = f" [{f.where}]" if f.where else ""
        lines.append(f"  {f.word}{extra}{where}: …{f.context}…")
        if suggest:
            try:
                sug = list(dictionary().suggest(f.word))[:5]
            except Exception:
                sug = []
            if sug:
                lines.append(f"      suggesties: {', '.join(sug)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    suggest = "--suggesties" in argv
    paths = [Path(a).resolve() for a in argv if not a.startswith("--")] or files_to_check()
    try:
        checker = Checker()
    except DictionaryMissing as e:
        print(e, file=sys.stderr)
        return 2
    total = 0
    for path in paths:
        if not path.exists():
            print(f"{path}: bestaat niet", file=sys.stderr)
            total += 1
            continue
        findings = checker.check_file(path)
        total += len(findings)
        if findings:
            print(format_findings(path, findings, suggest))
            print()
    if total:
        print(f"{total} onbekende woorden in {len(paths)} bestanden. Verbeter typfouten; zet goede woorden "
              f"in {os.path.relpath(WORDLIST)} (één per regel).")
        return 1
    print(f"Geen onbekende woorden in {len(paths)} bestanden.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
