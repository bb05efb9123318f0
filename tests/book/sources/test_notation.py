"""One notation for the whole book (issue 13): the Notation page and the chapters agree.

* The page ``notation.md`` exists in every edition, with the label ``notation``,
  in the table of contents just before the glossary, and its ``{ref}`` targets
  exist.
* Its symbol tables have the same rows in every edition: the same number of
  rows, table by table, and the same math, in the same order, in each row
  (only the words are translated).
* Retired symbols do not come back in the chapters' math (prose, captions and
  the ``$...$`` strings of code cells, which are displayed on figures): the
  learning rate ``\\rho`` (now ``\\eta``), a pre-activation or a neuron output
  written ``a`` (now ``z`` and ``h``), a probability of ``\\hat y_i = y_i``
  (now ``q_\\theta(y_i \\mid x_i)``), the layer index ``\\ell`` (the per-sample
  loss), the state size ``h`` and the cell state ``C_t`` of the recurrent
  chapter, ``\\sqrt{d}`` for the key dimension, ``d`` for the dilation.
"""

from __future__ import annotations

import re

import pytest
import yaml

from _sources import BOOK, LANGUAGES, ROOT, chapters

FIRST, OTHERS = LANGUAGES[0], LANGUAGES[1:]
CHAPTERS = chapters(FIRST)
#: Pages whose math is checked: the chapters and the glossary, which repeats their formulas.
CHECKED = CHAPTERS + ["glossary"]

_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+(?:\n[^$\n]+)*?\$", re.S)
_CELL_STRING_MATH = re.compile(r"\$[^$\n\"']+\$")


def _split(text: str) -> tuple[str, str]:
    """(prose and cell headers, code-cell bodies) of a MyST page."""
    prose, code = [], []
    in_cell = in_header = in_yaml = False
    for line in text.splitlines():
        if not in_cell and line.startswith("```{code-cell}"):
            in_cell = in_header = True
            continue
        if in_cell:
            if in_header:
                if line.strip() == "---":
                    in_yaml = not in_yaml
                    prose.append("")
                    continue
                if in_yaml or line.startswith(":"):
                    prose.append(line)  # captions and alt text are prose
                    continue
                in_header = False
            if line.startswith("```"):
                in_cell = False
                continue
            code.append(line)
            continue
        prose.append(line)
    return "\n".join(prose), "\n".join(code)


def math_spans(text: str) -> list[str]:
    """Every math span of a page: ``$...$`` and ``$$...$$`` in the prose, and
    the ``$...$`` inside the strings of code cells (figure labels)."""
    prose, code = _split(text)
    return _MATH.findall(prose) + _CELL_STRING_MATH.findall(code)


def _page(lang: str, name: str) -> str:
    return (BOOK / lang / f"{name}.md").read_text(encoding="utf-8")


# --- the Notation page ----------------------------------------------------------

def symbol_tables(text: str) -> list[list[list[str]]]:
    """The tables of a page, each a list of rows, each row the list of its math spans.

    The header and separator rows are skipped; a row is a line starting with ``|``.
    """
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
                continue  # header row
            if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip()):
                continue
            current.append(_MATH.findall(line))
        else:
            current = None
    return tables


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notation_page_is_labelled_and_listed(lang):
    text = _page(lang, "notation")
    assert text.splitlines()[0] == "(notation)=", "the page must start with the label (notation)="
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    assert files.index("notation") == files.index("glossary") - 1, "notation goes just before the glossary"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notation_page_refs_exist(lang):
    text = _page(lang, "notation")
    known = set()
    for page in (BOOK / lang).glob("*.md"):
        known |= set(re.findall(r"^\(([\w-]+)\)=$", page.read_text(encoding="utf-8"), re.M))
    missing = sorted(set(re.findall(r"\{ref\}`([\w-]+)`", text)) - known)
    assert not missing, f"book/{lang}/notation.md refers to labels that do not exist: {missing}"


def test_notation_page_has_symbol_rows():
    tables = symbol_tables(_page(FIRST, "notation"))
    assert len(tables) >= 8, "one table per topic"
    for table in tables:
        assert table, "a table without rows"
        for row in table:
            assert row, f"a row without a symbol: {row}"


@pytest.mark.parametrize("lang", OTHERS)
def test_notation_rows_agree_across_editions(lang):
    first, other = symbol_tables(_page(FIRST, "notation")), symbol_tables(_page(lang, "notation"))
    assert [len(t) for t in other] == [len(t) for t in first], (
        f"book/{lang}/notation.md must have the same tables and rows as book/{FIRST}/notation.md"
    )
    for number, (table_first, table_other) in enumerate(zip(first, other), start=1):
        for row_first, row_other in zip(table_first, table_other):
            assert row_other == row_first, (
                f"table {number}: the row of {row_first[0]} differs in book/{lang}: {row_other}"
            )


# --- retired symbols in the chapters ---------------------------------------------

#: (regular expression on one math span, chapters where it is retired or "*", what to write instead).
#: The forms of ``NAMED_ONCE`` may appear once per page: the clause that names
#: the symbol of a paper or a framework ("written $C_t$ in many texts").
RETIRED = [
    (r"\\rho(?![a-z])", ["intro", "mlp", "losses", "optim", "regularization", "glossary"],
     "the learning rate is \\eta (\\rho remains only as the norm of W_h in the rnn chapter)"),
    (r"\\alpha\s*=\s*0[.,{]", ["optim"], "Adam's learning rate is \\eta (its paper's \\alpha is named once in prose)"),
    (r"(?<![\\\w])a\s*=\s*\\varphi|\\varphi'?\(\s*a\b|\\sigma'?\(\s*a\b|(?<![\\\w])a\^\{\(|(?<![\\\w])a_k\b"
     r"|\\operatorname\{Var\}\(a\)|\[a\s*>\s*0\]|'\(a\)",
     "*", "a pre-activation is z and a neuron's output is h (the letter a is retired)"),
    (r"pre-activation \$a\$|pré-activation \$a\$", "*", "a pre-activation is z"),
    (r"\\hat\{y\}_i\s*=\s*y_i\s*\\mid|p_\\theta\(\s*\\hat", ["losses"],
     "the model's law is q_\\theta(y_i \\mid x_i); \\hat y_i is deterministic"),
    (r"\\sum_\{?\\ell|W\^\{\(\\ell\)\}", "*", "layers are indexed by l; \\ell is the per-sample loss"),
    (r"\\lVert W(\^\{\(l\)\})? \\rVert\^2", ["regularization"], "the squared norm of a weight matrix is Frobenius, \\lVert W \\rVert_F^2"),
    (r"\\mathbb\{R\}\^h\b|(?<![\\\w{])h \\times|(?<![\\\w])h\(h", ["rnn"], "the size of the state is n_h"),
    (r"(?<![\\\w])C_\{?t|\\tilde C", ["rnn"], "the LSTM cell state is c_t (C_t is named once in prose)"),
    (r"h_t \+ c\b", ["rnn"], "the output bias is b_y"),
    (r"\\sqrt\{d\}", ["attention"], "the key dimension is d_k"),
    (r"[+-] d u|[+-] d v|d\(k\s*-\s*1\)", ["cnn", "glossary"], "the dilation rate is r (d is the input dimension)"),
    (r"dilation (rate )?\$d\$|dilatation \$d\$|every \$d\$-th|une position sur \$d\$", ["cnn", "glossary"],
     "the dilation rate is r (d is the input dimension)"),
]


NAMED_ONCE = {r"(?<![\\\w])C_\{?t|\\tilde C"}


def _applies(where, chapter: str) -> bool:
    return where == "*" or chapter in where


def retired_uses(text: str, chapter: str) -> list[str]:
    found = []
    for pattern, where, instead in RETIRED:
        if not _applies(where, chapter):
            continue
        hits = [span for span in math_spans(text) if re.search(pattern, span)]
        if pattern in NAMED_ONCE:
            hits = hits[1:]
        found += [f"{span.strip()[:70]!r}: {instead}" for span in hits]
    # "pre-activation $a$" spans a word and a math span: look for it in the text itself
    for pattern, where, instead in RETIRED:
        if "\\$" in pattern and _applies(where, chapter) and re.search(pattern, text):
            found.append(f"{pattern}: {instead}")
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("chapter", CHECKED)
def test_no_retired_symbols(chapter, lang):
    problems = retired_uses(_page(lang, chapter), chapter)
    assert not problems, f"book/{lang}/{chapter}.md:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("planted", "chapter"),
    [
        (r"$w_{t+1} = w_t - \rho\, g$", "intro"),
        (r"$a_k = \langle w_k, x \rangle + b_k$", "optim"),
        (r"$h = \varphi(a)$", "mlp"),
        (r"$-\log p_\theta(\hat{y}_i = y_i \mid x_i)$", "losses"),
        (r"$\lambda \sum_\ell \lVert W^{(\ell)} \rVert^2$", "regularization"),
        (r"$h_t \in \mathbb{R}^h$", "rnn"),
        (r"$C_t$ (written once) and $C_t = f_t \odot C_{t-1}$", "rnn"),
        (r"$D = \sigma(a)$", "generative"),
        (r"$\sqrt{d}$", "attention"),
        (r"with dilation $d$ the kernel reads every $d$-th position", "glossary"),
        ('xlabel="pre-activation $a$"', "optim"),
    ],
)
def test_retired_symbols_are_caught(planted, chapter):
    """The check is not vacuous: each retired form, planted in a page, is reported."""
    assert retired_uses(f"Some prose with {planted} in it.\n", chapter)


def test_allowed_forms_are_not_caught():
    """Symbols that look alike but are kept: PyTorch's parameter a, the rnn norm rho, c_t, d_k, r."""
    allowed = {
        "optim": r"$\sqrt{2 / (1 + a^2)}$ and $a = \sqrt{5}$, $\eta = 0.001$, $z^{(1)}_k$",
        "rnn": r"$\rho = 0.5$, $h_t \in \mathbb{R}^{n_h}$, $c_t = f_t \odot c_{t-1}$, $y_t = W_y h_t + b_y$",
        "attention": r"$\sqrt{d_k}$, $[a, b]$",
        "cnn": r"$x_{s i + r u}$, $2P - r(k-1)$",
    }
    for chapter, text in allowed.items():
        assert retired_uses(text, chapter) == [], chapter
