"""French typography in book/fr: non-breaking spaces and « guillemets ».

Rules (Imprimerie nationale): a non-breaking space (U+00A0, or the narrow
U+202F) before « : ; ! ? % » and inside « guillemets »; no English quotation
marks in prose.  Code, math, roles, directive options and front matter are
not prose and are skipped (see ``_sources.prose_lines``).
"""

from __future__ import annotations

import re

import pytest

from _sources import BOOK, EDITIONS, chapter_files, prose_lines

NBSP = "\u00a0\u202f"
RULES = [
    (re.compile(rf"[^{NBSP}\s]([;!?%])"), "missing non-breaking space before « {0} »"),
    (re.compile(rf"[^{NBSP}\sX]:(?=\s|$)"), "missing non-breaking space before « : »"),
    (re.compile(r" ([;:!?%»])"), "ordinary space before « {0} » (use U+00A0 or U+202F)"),
    (re.compile(rf"«(?![{NBSP}])"), "« must be followed by a non-breaking space"),
    (re.compile(rf"(?<![{NBSP}])»"), "» must be preceded by a non-breaking space"),
    (re.compile(r"[\"“”]"), "English quotation marks in French prose: use « … »"),
]


def problems(text: str) -> list[str]:
    found = []
    for number, line in prose_lines(text):
        for pattern, message in RULES:
            for match in pattern.finditer(line):
                sign = match.group(1) if match.groups() else match.group(0)
                found.append(f"line {number}: {message.format(sign)}: {line.strip()[:90]}")
    return found


#: The editions in French (by their babel language in book/editions.yml).
FRENCH = [code for code, edition in EDITIONS.items() if edition["babel"] == "french"]


@pytest.mark.parametrize("page", chapter_files(FRENCH[0]))
@pytest.mark.parametrize("lang", FRENCH)
def test_french_typography(lang, page):
    path = BOOK / lang / page
    found = problems(path.read_text(encoding="utf-8"))
    assert not found, f"book/{lang}/{page}:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Le modèle\u00a0: un neurone.", True),
        ("Pourquoi\u202f? Parce que.", True),
        ("Une erreur de 15,3\u202f%.", True),
        ("Le «\u00a0perceptron\u00a0» est simple.", True),
        ("Le code `a: b` et $x : y$ ne comptent pas.", True),
        ("Le modèle : un neurone.", False),
        ("Le modèle: un neurone.", False),
        ("Pourquoi? Parce que.", False),
        ("Une erreur de 15,3 %.", False),
        ("Le « perceptron » est simple.", False),
        ('Le "perceptron" est simple.', False),
    ],
)
def test_rules_catch_mistakes(text, expected):
    assert (not problems(text)) == expected, problems(text)
