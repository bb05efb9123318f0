"""One French vocabulary: book/terms.yml, enforced on the French sources.

- No `avoid` variant of book/terms.yml in the French prose, captions, alt
  text, titles of exercises, admonitions and tables, code comments and
  displayed strings (printed text, plot labels);
  code identifiers, inline code and math are not checked.
- The French glossary's headwords are the terms file's French terms, and
  its « En anglais » forms are the English glossary's headwords, entry for
  entry, with the same {ref} targets.
- Exercise statements use the imperative (« Calculez »), not the
  infinitive (« Calculer »).
- Intervals in French mathematics are written ]0, 1[ and [0, +∞[, not
  (0, 1) and [0, ∞).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import pytest
import yaml

from _sources import BOOK, DISPLAYED_KEYWORD, EDITIONS, TITLED_DIRECTIVE, chapter_files, prose_lines

TERMS = yaml.safe_load((BOOK / "terms.yml").read_text(encoding="utf-8"))
FRENCH = [code for code, edition in EDITIONS.items() if edition["babel"] == "french"]
ENGLISH = [code for code, edition in EDITIONS.items() if edition["babel"] != "french"]
SPACES = re.compile("[\u00a0\u202f]")


def _norm(text: str) -> str:
    return SPACES.sub(" ", text).replace("\u2019", "'")


def _phrase(phrase: str) -> re.Pattern:
    words = r"\s+".join(re.escape(w) for w in _norm(phrase).split())
    return re.compile(rf"(?<![\w-]){words}(?![\w-])", re.I)


AVOID = [
    (english, entry["fr"] + {"f": ", feminine", "m": ", masculine"}.get(entry.get("gender"), ""),
     _phrase(variant), [_phrase(e) for e in entry.get("except", [])])
    for english, entry in TERMS.items()
    for variant in entry.get("avoid", [])
]

# --- the French text of a page: prose, captions and alt text, comments and
# --- displayed strings of the code cells ------------------------------------

CELL = re.compile(r"^```\{code-cell\}.*\n((?:.*\n)*?)```\s*$", re.M)


def _code_text(code: str, first_line: int):
    """Comments and displayed strings of a cell's code, by line number."""
    lines = code.splitlines()
    options = 0  # short cell options, « :tags: [keras] », before the code
    while options < len(lines) and lines[options].startswith(":"):
        options += 1
    lines = ["" if number < options or line.lstrip().startswith(("%", "!")) else line
             for number, line in enumerate(lines)]
    source = "\n".join(lines)
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                yield first_line + token.start[0] - 1, token.string
        tree = ast.parse(source)
    except (SyntaxError, tokenize.TokenError):
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        shown = []
        if isinstance(node.func, ast.Name) and node.func.id == "print":
            shown += node.args
        shown += [k.value for k in node.keywords if k.arg and DISPLAYED_KEYWORD.search(k.arg)]
        for value in shown:
            for sub in ast.walk(value):
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    yield first_line + sub.lineno - 1, sub.value


def french_text(text: str):
    """Yield ``(line_number, text)`` for what a reader of the page reads."""
    yield from prose_lines(text)
    for number, line in enumerate(text.splitlines(), start=1):
        title = TITLED_DIRECTIVE.match(line)  # exercises', admonitions' and tables' titles
        if title:
            yield number, title.group(3)
    for match in CELL.finditer(text):
        first = text.count("\n", 0, match.start(1)) + 1
        body = match.group(1)
        code = body
        if body.startswith("---\n"):
            header, _, code = body[4:].partition("\n---\n")
            for offset, line in enumerate(header.splitlines(), start=1):
                if re.match(r"\s*(caption|alt):|\s{4,}\S", line):
                    yield first + offset, re.sub(r"^\s*(caption|alt):", "", line)
            first += header.count("\n") + 2
        yield from _code_text(code, first)


def vocabulary_problems(text: str) -> list[str]:
    """Avoided variants, also those a line break cuts in two (« variance /
    unité »): each line is read alone, then joined to the next one."""
    found = []
    lines = [(number, _norm(line)) for number, line in french_text(text)]
    following = lines[1:] + [(None, "")]
    for (number, line), (next_number, next_line) in zip(lines, following):
        joined = line.rstrip() + " " + next_line.lstrip() if next_number == number + 1 else line
        for english, french, pattern, exceptions in AVOID:
            for match in pattern.finditer(joined):
                if match.start() >= len(line.rstrip()):
                    continue  # wholly on the next line: found there
                excused = any(e.start() < match.end() and match.start() < e.end()
                              for exception in exceptions for e in exception.finditer(joined))
                if not excused:
                    found.append(f"line {number}: « {match.group(0)} »: use the term for {english!r} "
                                 f"(« {french} », book/terms.yml): {line.strip()[:90]}")
    return found


def test_a_variant_cut_by_a_line_break_is_found():
    text = "Une moyenne nulle et une variance\nunité sur ses composantes.\n"
    assert [problem.split(":")[0] for problem in vocabulary_problems(text)] == ["line 1"]


@pytest.mark.parametrize("page", chapter_files(FRENCH[0]))
@pytest.mark.parametrize("lang", FRENCH)
def test_french_vocabulary(lang, page):
    path = BOOK / lang / page
    found = vocabulary_problems(path.read_text(encoding="utf-8"))
    assert not found, f"book/{lang}/{page}:\n" + "\n".join(found)


# --- the glossary -------------------------------------------------------------


def glossary_entries(lang: str) -> list[tuple[int, str, str]]:
    """``(line, headword, body)`` of each entry of a glossary page."""
    text = (BOOK / lang / "glossary.md").read_text(encoding="utf-8")
    start = text.index("```{glossary}")
    end = text.index("\n```", start + 3)
    entries = []
    for match in re.finditer(r"^(\S[^\n]*)\n((?:  [^\n]*\n|\n)*)", text[start:end + 1], re.M):
        head = match.group(1)
        if head.startswith(("```", ":")):
            continue
        entries.append((text.count("\n", 0, start + match.start()) + 1, head, match.group(2)))
    return entries


ENGLISH_FORM = re.compile(r"En anglais\s*:\s*\*([^*]+)\*")
REF = re.compile(r"\{ref\}`([^`]+)`")


@pytest.mark.parametrize("lang", FRENCH)
def test_french_glossary_uses_the_terms(lang):
    english_refs = {head: REF.findall(body) for code in ENGLISH for _, head, body in glossary_entries(code)}
    english_heads = set(english_refs)
    missing = sorted(english_heads - set(TERMS))
    assert not missing, f"book/terms.yml lacks the glossary's terms: {missing}"
    found, forms = [], set()
    for line, head, body in glossary_entries(lang):
        match = ENGLISH_FORM.search(_norm(" ".join(body.split())))
        if not match:
            found.append(f"line {line}: « {head} » has no « En anglais : *…* »")
            continue
        english = match.group(1)
        forms.add(english)
        if english not in english_refs:
            found.append(f"line {line}: « {head} »: *{english}* is not a headword of the "
                         "English glossary (same entries, same spelling)")
        elif REF.findall(body) != english_refs[english]:
            found.append(f"line {line}: « {head} » links to {REF.findall(body)}, the English "
                         f"entry *{english}* to {english_refs[english]}")
        if english not in TERMS:
            found.append(f"line {line}: « {head} »: *{english}* is not a key of book/terms.yml")
        elif TERMS[english]["fr"] != head:
            found.append(f"line {line}: headword « {head} »: write « {TERMS[english]['fr']} » "
                         f"({english}, book/terms.yml)")
    for english in sorted(english_heads - forms):
        found.append(f"no French entry says « En anglais : *{english}* »")
    assert not found, f"book/{lang}/glossary.md:\n" + "\n".join(found)


# --- exercises in the imperative ----------------------------------------------

EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}.*\n((?:.*\n)*?)\1\s*$", re.M)
#: Words ending in -er, -ir or -re that open a French sentence without being
#: an infinitive.
NOT_INFINITIVES = {
    "entre", "contre", "notre", "votre", "autre", "autres", "premier", "dernier",
    "outre", "quatre", "hier", "leur", "sur", "pour", "par", "car", "or", "chaque",
    "ordre", "nombre", "centre", "filtre", "paramètre", "fenêtre", "matrice",
}
INFINITIVE = re.compile(r"^[a-zàâçéèêëîïôûùüÿœ-]+(er|ir|re)$")
SENTENCE_END = re.compile(r"[.?!:][\s\u00a0\u202f]+(?=[A-ZÀÂÇÉÈÊÎÔ])")


def _infinitive(word: str) -> bool:
    word = word.lower().split("'")[-1]
    return bool(INFINITIVE.match(word)) and word not in NOT_INFINITIVES


def exercise_problems(text: str) -> list[str]:
    """Sentences of exercise statements that open with an infinitive
    (« Établir », « En déduire », « À partir de …, établir »)."""
    found = []
    for match in EXERCISE.finditer(text):
        first = text.count("\n", 0, match.start(2)) + 1
        opening = True  # the next line opens a paragraph or a list item
        for offset, raw in enumerate(match.group(2).splitlines()):
            if raw.startswith(":") or not raw.strip():
                opening = True
                continue
            item = re.match(r"\s*(\d+\.|-)\s+", raw)
            line = raw[item.end():] if item else raw.strip()
            starts = [0] if (opening or item) else []
            starts += [m.end() for m in SENTENCE_END.finditer(line)]
            opening = False
            for start in starts:
                sentence = line[start:]
                words = re.findall(r"[^\W\d][\w'-]*", sentence.split(".")[0])
                if not words:
                    continue
                opener = words[0].lower().replace("\u2019", "'").split("'")[-1]  # « Qu'en déduire »
                candidates = words[1:2] if opener in {"en", "puis", "ensuite"} else words[:1]
                # « À partir de …, établir » : the word after the first comma
                clause = sentence.split(".")[0]
                if "," in clause and not _infinitive(words[0]):
                    after = re.findall(r"[^\W\d][\w'-]*", clause.split(",", 1)[1])
                    if after and not after[0][0].isupper():
                        candidates.append(after[0])
                for candidate in candidates:
                    if _infinitive(candidate):
                        found.append(f"line {first + offset}: « {candidate} » (infinitive): "
                                     f"write the imperative with « vous »: {raw.strip()[:80]}")
    return found


@pytest.mark.parametrize("page", chapter_files(FRENCH[0]))
@pytest.mark.parametrize("lang", FRENCH)
def test_french_exercises_in_the_imperative(lang, page):
    found = exercise_problems((BOOK / lang / page).read_text(encoding="utf-8"))
    assert not found, f"book/{lang}/{page}:\n" + "\n".join(found)


# --- French intervals -----------------------------------------------------------

#: An English-style interval, (a, b), [a, b) or (a, b], inside $...$ after
#: « dans », « sur », « ∈ » or \in, or alone in a table cell.
BOUND = r"\s*[-+]?\s*(?:\\infty|∞|\\alpha|[\d.,{}]+|\w)\s*"
ENGLISH_INTERVAL = rf"(?:\({BOUND},{BOUND}[)\]]|\[{BOUND},{BOUND}\))"
INTERVAL_CONTEXTS = [
    re.compile(rf"\b(?:dans|sur)\s+\$\s*{ENGLISH_INTERVAL}\s*\$", re.I),
    re.compile(rf"\$[^$]*(?:\\in\b|∈)\s*{ENGLISH_INTERVAL}[^$]*\$"),
    re.compile(rf"\|\s*\$\s*{ENGLISH_INTERVAL}\s*\$\s*(?=\|)"),
]
#: a bare (unsigned) infinity in a French interval: [0, +∞[
BARE_INFINITY = re.compile(r"(?:\]|\[)\s*[^$\[\]]*,\s*(?:\\infty|∞)\s*\[")


def interval_problems(text: str) -> list[str]:
    found = []
    lines = text.splitlines()
    prose = {number for number, _ in french_text(text)}
    for number in sorted(prose):
        line = lines[number - 1]
        for pattern in INTERVAL_CONTEXTS:
            for match in pattern.finditer(line):
                found.append(f"line {number}: English interval « {match.group(0).strip()} »: "
                             f"write ]a, b[, [a, b[ or [0, +\\infty[: {line.strip()[:80]}")
        for match in BARE_INFINITY.finditer(line):
            found.append(f"line {number}: « {match.group(0)} »: write +\\infty")
    return found


@pytest.mark.parametrize("page", chapter_files(FRENCH[0]))
@pytest.mark.parametrize("lang", FRENCH)
def test_french_intervals(lang, page):
    found = interval_problems((BOOK / lang / page).read_text(encoding="utf-8"))
    assert not found, f"book/{lang}/{page}:\n" + "\n".join(found)


# --- the rules catch what they should -------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La softmax des logits.", True),
        ("Le softmax des logits.", False),
        ("Les frameworks Keras et PyTorch.", True),
        ("Les bibliothèques Keras et PyTorch.", False),
        ("La bibliothèque NumPy.", True),
        ("Un neurone ReLU mort.", True),
        ("Un ReLU « mort ».", False),
        ("Les variables latentes du modèle.", True),
        ("On standardise chaque variable.", False),
        ("Proche de zéro, puis entraîné à partir de zéro.", True),
        ("Entraîné de zéro.", False),
        ("```{code-cell} ipython3\nprint(\"le softmax\")\n```\n", False),
        ("```{code-cell} ipython3\nsoftmax = 1  # la softmax\n```\n", True),
    ],
)
def test_vocabulary_rules(text, expected):
    assert (not vocabulary_problems(text)) == expected, vocabulary_problems(text)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Calculez $w$. Montrez qu'il s'agit d'un minimum.", True),
        ("1. Établir l'égalité.", False),
        ("2. En déduire la condition.", False),
        ("À partir du coût, établir la valeur.", False),
        ("Entre deux pas, que devient $w$ ?", True),
        ("Essayer $\\eta = 0{,}03$.", False),
    ],
)
def test_exercise_rules(body, expected):
    text = f"````{{exercise}} Titre\n:label: ex\n\n{body}\n````\n"
    assert (not exercise_problems(text)) == expected, exercise_problems(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La sigmoïde prend ses valeurs dans $]0, 1[$.", True),
        ("La sigmoïde prend ses valeurs dans $(0, 1)$.", False),
        ("| ReLU | $[0, \\infty)$ |", False),
        ("| ReLU | $[0, +\\infty[$ |", True),
        ("pour tout $x \\in (-1, 1)$", False),
        ("le point $(0, 1)$ du plan, et $f(x, y)$", True),
        ("$x \\in [0, \\infty[$", False),
    ],
)
def test_interval_rules(text, expected):
    assert (not interval_problems(text)) == expected, interval_problems(text)
