"""Every edition holds the same pages, cells and labels as the first one
(English; the editions are listed in book/editions.yml).

Only prose, comments, figure captions, alt text and displayed strings
(plot labels, printed text) may differ; see ``_sources.normalised_code``.
"""

from __future__ import annotations

import pytest
import yaml

from _sources import (
    BOOK,
    LANGUAGES,
    ROOT,
    chapter_files,
    code_cells,
    comparable_metadata,
    labels,
    normalised_code,
)

FIRST, OTHERS = LANGUAGES[0], LANGUAGES[1:]
PAGES = chapter_files(FIRST)


@pytest.mark.parametrize("lang", OTHERS)
def test_same_files_in_both_languages(lang):
    assert chapter_files(lang) == chapter_files(FIRST), (
        f"book/{FIRST} and book/{lang} must hold the same .md files"
    )


def _toc_files(node) -> list[str]:
    found = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if key in node:
                found.append(node[key])
        for value in node.values():
            found += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            found += _toc_files(item)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_toc_and_pages_agree(lang):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    in_toc = {f"{name}.md" for name in _toc_files(toc)}
    on_disk = set(chapter_files(lang))
    assert in_toc - on_disk == set(), f"in _toc.yml but missing from book/{lang}"
    assert on_disk - in_toc == set(), f"in book/{lang} but not in _toc.yml"


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("page", PAGES)
def test_same_code_cells(page, lang):
    en, fr = code_cells(FIRST, page), code_cells(lang, page)
    assert len(en) == len(fr), f"{page}: {len(en)} code cells in {FIRST}, {len(fr)} in {lang}"
    for index, (cell_en, cell_fr) in enumerate(zip(en, fr), start=1):
        where = f"{page} ({lang}), code cell {index}"
        assert comparable_metadata(cell_en.metadata) == comparable_metadata(cell_fr.metadata), (
            f"{where}: tags, options or figure names differ"
        )
        assert normalised_code(cell_en.source) == normalised_code(cell_fr.source), (
            f"{where}: the code differs beyond comments and displayed strings\n"
            f"--- {FIRST} ---\n{cell_en.source}\n--- {lang} ---\n{cell_fr.source}"
        )


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("page", PAGES)
def test_same_labels_and_directives(page, lang):
    en = labels((BOOK / FIRST / page).read_text(encoding="utf-8"))
    fr = labels((BOOK / lang / page).read_text(encoding="utf-8"))
    for kind in en:
        assert en[kind] == fr[kind], f"{page}: {kind} differ between {FIRST} and {lang}"


@pytest.mark.parametrize("page", PAGES)
def test_figures_have_caption_and_alt_text(page):
    for lang in LANGUAGES:
        for index, cell in enumerate(code_cells(lang, page), start=1):
            mystnb = cell.metadata.get("mystnb", {})
            if "figure" not in mystnb:
                continue
            where = f"book/{lang}/{page}, code cell {index}"
            assert mystnb["figure"].get("caption", "").strip(), f"{where}: no caption"
            assert mystnb["figure"].get("name", "").strip(), f"{where}: no figure name"
            assert mystnb.get("image", {}).get("alt", "").strip(), f"{where}: no alt text"


def test_normalisation_catches_code_changes():
    """The comparison is not vacuous: real code changes are seen."""
    base = 'plots.scatter(x, y, xlabel="Rooms")\nprint(f"w = {w:.3f}")'
    translated = 'plots.scatter(x, y, xlabel="Pièces")  # commentaire\nprint(f"poids = {w:.3f}")'
    assert normalised_code(base) == normalised_code(translated)
    for changed in (
        'plots.scatter(x, y, xlabel="Rooms", ax=ax)\nprint(f"w = {w:.3f}")',
        'plots.scatter(y, x, xlabel="Rooms")\nprint(f"w = {w:.3f}")',
        'plots.scatter(x, y, xlabel="Rooms")\nprint(f"w = {w:.4f}")',
        'load_dataset("iris")',
    ):
        assert normalised_code(base) != normalised_code(changed)
    assert normalised_code('load_dataset("boston")') != normalised_code('load_dataset("iris")')


def test_only_the_setup_call_names_the_edition():
    """``language=`` may differ in ``dlbasics.setup`` only, and only between the editions' names."""
    english = 'device = dlbasics.setup(seed=0, language="en")'
    assert normalised_code(english) == normalised_code('device = dlbasics.setup(seed=0, language="fr")')
    for changed in (
        'device = dlbasics.setup(seed=1, language="fr")',
        'device = dlbasics.setup(seed=0, language="de")',
        'device = dlbasics.setup(seed=0, language=lang)',
        'device = dlbasics.setup(seed=0)',
        'device = other.setup(seed=0, language="fr")',
    ):
        assert normalised_code(english) != normalised_code(changed), changed
    assert normalised_code('f(language="en")') != normalised_code('f(language="fr")')
