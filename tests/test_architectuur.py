"""The engine's shape, checked from its source: the layers of DESIGN.md hold, no import circle, every module
short enough to read in one sitting, and Dutch formatting in one place (``wijklab.basis.taal``).

The checks read the code with :mod:`ast` (nothing is imported or run), so they are fast and they see the
imports inside functions as well: a lazy import that runs upward is still an import upward.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PAKKET = Path(__file__).resolve().parents[1] / "src" / "wijklab"

#: the layers, bottom to top; a module may import its own layer and the layers below it (DESIGN.md)
LAGEN = ("basis", "inhoud", "weergave", "werk", "leerling", "docent")
#: modules at the top of the package: the `wl.*` facade, the command line and the old name of the checks
BOVENAAN = {"wijklab", "wijklab.__main__", "wijklab.nakijken"}
MAX_REGELS = 450

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")


def _modulenaam(pad: Path) -> str:
    delen = pad.relative_to(PAKKET.parent).with_suffix("").parts
    if delen[-1] == "__init__":
        delen = delen[:-1]
    return ".".join(delen)


MODULES = {_modulenaam(p): p for p in sorted(PAKKET.rglob("*.py"))}


@functools.cache
def _boom(naam: str) -> ast.Module:
    return ast.parse(MODULES[naam].read_text(encoding="utf-8"), filename=str(MODULES[naam]))


def _absoluut(module: str, knoop: ast.ImportFrom) -> str:
    if not knoop.level:
        return knoop.module or ""
    basis = module.split(".")
    is_pakket = MODULES[module].name == "__init__.py"
    basis = basis if is_pakket else basis[:-1]
    basis = basis[: len(basis) - (knoop.level - 1)]
    return ".".join([*basis, *([knoop.module] if knoop.module else [])])


def _eigen(naam: str) -> str | None:
    """The module of this package that an imported name means (a module, or the package a name comes from)."""
    while naam:
        if naam in MODULES:
            return naam
        naam = naam.rpartition(".")[0]
    return None


def imports(module: str) -> dict[str, int]:
    """Every module of the package that `module` imports, anywhere in its code, with the line of the first."""
    gevonden: dict[str, int] = {}
    for knoop in ast.walk(_boom(module)):
        doelen: list[str] = []
        if isinstance(knoop, ast.Import):
            doelen = [a.name for a in knoop.names]
        elif isinstance(knoop, ast.ImportFrom):
            bron = _absoluut(module, knoop)
            doelen = [f"{bron}.{a.name}" for a in knoop.names] + [bron]
        for doel in doelen:
            eigen = _eigen(doel) if doel.startswith("wijklab") else None
            if eigen and eigen != module:
                gevonden.setdefault(eigen, knoop.lineno)
    # `from wijklab.inhoud import bank` names the package and the module: keep the module only
    for doel in list(gevonden):
        if MODULES[doel].name == "__init__.py" and any(d.startswith(doel + ".") for d in gevonden):
            del gevonden[doel]
    return gevonden


def laag(module: str) -> int | None:
    delen = module.split(".")
    return LAGEN.index(delen[1]) if len(delen) > 1 and delen[1] in LAGEN else None


def test_every_module_has_a_place():
    """A module sits in a layer, or is one of the few at the top; no module drifts back into the flat package."""
    los = [m for m in MODULES if laag(m) is None and m not in BOVENAAN]
    assert not los, f"deze modules staan in geen laag ({', '.join(LAGEN)}): {los}"
    assert {m.split(".")[1] for m in MODULES if laag(m) is not None} == set(LAGEN)


def test_nothing_imports_a_higher_layer():
    fouten = []
    for module in MODULES:
        eigen = laag(module)
        if eigen is None:
            continue
        for doel, regel in imports(module).items():
            if doel in BOVENAAN:
                if doel != "wijklab":
                    fouten.append(f"{MODULES[module].relative_to(PAKKET)}:{regel} importeert {doel}")
                continue
            if laag(doel) > eigen:
                fouten.append(f"{MODULES[module].relative_to(PAKKET)}:{regel} ({LAGEN[eigen]}) importeert "
                              f"{doel} ({LAGEN[laag(doel)]}): een laag hoger")
    assert not fouten, "imports naar boven:\n" + "\n".join(fouten)


def test_the_package_root_is_only_the_facade():
    """Modules inside the layers reach each other by their own names, never through the `wl.*` facade."""
    fouten = []
    for module in MODULES:
        if laag(module) is None:
            continue
        for knoop in ast.walk(_boom(module)):
            if isinstance(knoop, ast.ImportFrom) and _absoluut(module, knoop) == "wijklab":
                namen = [a.name for a in knoop.names if a.name != "__version__"]
                if namen:
                    fouten.append(f"{module}:{knoop.lineno} from wijklab import {', '.join(namen)}")
    assert not fouten, fouten


def _cirkels(graaf: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    laag_: dict[str, int] = {}
    stapel: list[str] = []
    op_stapel: set[str] = set()
    uit: list[list[str]] = []
    teller = [0]

    def bezoek(v: str) -> None:
        index[v] = laag_[v] = teller[0]
        teller[0] += 1
        stapel.append(v)
        op_stapel.add(v)
        for w in graaf.get(v, ()):
            if w not in index:
                bezoek(w)
                laag_[v] = min(laag_[v], laag_[w])
            elif w in op_stapel:
                laag_[v] = min(laag_[v], index[w])
        if laag_[v] == index[v]:
            deel = []
            while True:
                w = stapel.pop()
                op_stapel.discard(w)
                deel.append(w)
                if w == v:
                    break
            if len(deel) > 1:
                uit.append(sorted(deel))

    for v in sorted(graaf):
        if v not in index:
            bezoek(v)
    return uit


def test_the_circle_finder_finds_a_circle():
    assert _cirkels({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cirkels({"a": {"b"}, "b": set()}) == []


def test_no_import_circle():
    graaf = {m: set(imports(m)) - BOVENAAN for m in MODULES if m not in BOVENAAN}
    assert sum(len(v) for v in graaf.values()) > 50, "de importgraaf is verdacht klein: leest de test de imports?"
    assert _cirkels(graaf) == []


def test_every_module_is_short_enough_to_read_in_one_sitting():
    lang = {str(p.relative_to(PAKKET)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_REGELS}
    assert not lang, f"modules langer dan {MAX_REGELS} regels: {lang}"


def _buiten_taal():
    for module, pad in MODULES.items():
        if module != "wijklab.basis.taal":
            yield module, _boom(module)


def test_month_names_live_in_taal():
    fouten = []
    for module, boom in _buiten_taal():
        for knoop in ast.walk(boom):
            if isinstance(knoop, ast.Constant) and isinstance(knoop.value, str):
                woorden = set(knoop.value.lower().replace(",", " ").replace('"', " ").split())
                if len(woorden & set(MAANDEN)) >= 2:
                    fouten.append(f"{module}:{knoop.lineno}")
    assert not fouten, f"maandnamen buiten wijklab.basis.taal: {fouten}"


def _is_komma_wissel(knoop: ast.AST) -> bool:
    """`x.replace(".", ",")` or `.replace(",", ".")`: writing a Dutch number by hand."""
    if not (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute) and knoop.func.attr == "replace"):
        return False
    waarden = [a.value for a in knoop.args if isinstance(a, ast.Constant)]
    return len(waarden) == 2 and set(waarden) in ({".", ","}, {",", "X"}, {".", "X"})


def _is_meervoud(knoop: ast.AST) -> bool:
    """`"vraag" if n == 1 else "vragen"`: a Dutch plural rule written on the spot."""
    if not (isinstance(knoop, ast.IfExp) and isinstance(knoop.test, ast.Compare)):
        return False
    vergelijk = knoop.test
    een = any(isinstance(c, ast.Constant) and c.value == 1 for c in [vergelijk.left, *vergelijk.comparators])
    tekst = all(isinstance(t, (ast.Constant, ast.JoinedStr)) and (not isinstance(t, ast.Constant)
                                                                    or isinstance(t.value, str))
                for t in (knoop.body, knoop.orelse))
    return een and tekst and isinstance(vergelijk.ops[0], (ast.Eq, ast.NotEq))


def test_the_dutch_formatting_checks_see_what_they_look_for():
    assert _is_komma_wissel(ast.parse('f"{x:.1f}".replace(".", ",")').body[0].value)
    assert _is_meervoud(ast.parse('"vraag" if n == 1 else "vragen"').body[0].value)
    assert not _is_meervoud(ast.parse('"a" if n == 2 else "b"').body[0].value)


def test_dutch_numbers_and_plurals_live_in_taal():
    fouten = []
    for module, boom in _buiten_taal():
        for knoop in ast.walk(boom):
            if _is_komma_wissel(knoop):
                fouten.append(f"{module}:{knoop.lineno}: getal met de hand naar Nederlands (gebruik taal.nl_getal)")
            elif _is_meervoud(knoop):
                fouten.append(f"{module}:{knoop.lineno}: meervoud met de hand (gebruik taal.aantal)")
    assert not fouten, "\n".join(fouten)


@pytest.mark.parametrize("laagnaam", LAGEN)
def test_every_layer_says_what_it_is(laagnaam):
    doc = ast.get_docstring(ast.parse((PAKKET / laagnaam / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "Layer" in doc, f"wijklab.{laagnaam} heeft geen docstring die de laag beschrijft"


def test_templates_leave_plurals_to_taal():
    """The page templates count with the `aantal` filter and `meervoud()` (both from basis.taal)."""
    import re

    fouten = [f"{p.name}:{n}" for p in sorted((PAKKET / "templates").glob("*.j2"))
              for n, regel in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if re.search(r'"[^"]*" if [^{}]+ == 1 else "', regel)]
    assert not fouten, f"meervoud met de hand in een template: {fouten}"
