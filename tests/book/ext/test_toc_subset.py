"""Tests of book/_ext/toc_subset.py: the labels of the pages a table of
contents leaves out, and the text that replaces a reference into them (a
teacher's table of contents, ``tools/build_book.py --toc``)."""

import pytest
from docutils import nodes
from sphinx.addnodes import pending_xref

import toc_subset  # book/_ext/, on pytest's pythonpath
from _sources import BOOK, LANGUAGES, labels

PAGE = """\
---
kernelspec:
  name: python3
---

(mlp)=
# The `multilayer` perceptron

(mlp-backprop)=
## Backpropagation

$$
y = Wx
$$ (mlp-eq-forward)

```{code-cell} ipython3
---
mystnb:
  figure:
    name: mlp-fig-xor
---
```

````{exercise} A derivative
:label: mlp-ex-derivative

Text.
````
"""

GLOSSARY = """\
# Glossary

```{glossary}
:sorted:

activation function
  The function. Introduced in {ref}`intro-neuron`.

bias
  The constant.
```
"""


def _reference(reftype: str, target: str, text: str | None = None, domain: str = "std"):
    node = pending_xref("", refdomain=domain, reftype=reftype, reftarget=target,
                        refexplicit=text is not None)
    contnode = nodes.inline("", text if text is not None else target)
    node += contnode
    return node, contnode


@pytest.fixture
def left_out():
    return toc_subset.LeftOut({"mlp": PAGE, "glossary": GLOSSARY})


def test_a_page_s_labels_and_titles():
    title, found, terms = toc_subset.page_labels(PAGE)
    assert title == "The multilayer perceptron"
    assert found["mlp"] == "The multilayer perceptron"
    assert found["mlp-backprop"] == "Backpropagation"
    for label in ("mlp-eq-forward", "mlp-fig-xor", "mlp-ex-derivative"):
        assert found[label] == title, label
    assert not terms
    assert toc_subset.page_labels(GLOSSARY)[2] == {"activation function", "bias"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_of_every_page_is_found(lang):
    """Everything tests/book/_sources.py calls a label (targets, exercises,
    equations, figure names) is collected, in every page of the book."""
    for path in sorted((BOOK / lang).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found = toc_subset.page_labels(text)[1]
        kinds = labels(text)
        expected = (kinds["targets"] + kinds["exercise labels"] + kinds["equation labels"]
                    + kinds["figure names"])
        missing = sorted({label.lower() for label in expected} - set(found))
        assert not missing, f"book/{lang}/{path.name}: labels not collected: {missing}"


@pytest.mark.parametrize(("reftype", "target", "domain", "expected"), [
    ("ref", "mlp-backprop", "std", "Backpropagation"),
    ("ref", "MLP", "std", "The multilayer perceptron"),
    ("numref", "mlp-fig-xor", "std", "The multilayer perceptron"),
    ("ref", "mlp-ex-derivative", "std", "The multilayer perceptron"),
    ("eq", "mlp-eq-forward", "math", "(The multilayer perceptron)"),
    ("doc", "mlp", "std", "The multilayer perceptron"),
    ("term", "Bias", "std", "Bias"),
])
def test_a_reference_into_a_page_left_out_becomes_text(left_out, reftype, target, domain,
                                                      expected):
    node, contnode = _reference(reftype, target, domain=domain)
    text = left_out.text(node, contnode)
    assert text is not None and text.astext() == expected
    assert not list(text.findall(nodes.reference))
    if reftype != "term":
        assert "left-out" in text["classes"]


def test_a_reference_keeps_its_own_words(left_out):
    node, contnode = _reference("ref", "mlp-backprop", "the chain rule")
    assert left_out.text(node, contnode).astext() == "the chain rule"


@pytest.mark.parametrize(("reftype", "target", "domain"), [
    ("ref", "nowhere", "std"),
    ("eq", "losses-eq-mse", "math"),
    ("term", "weight", "std"),
    ("doc", "losses", "std"),
    ("func", "dlbasics.setup", "py"),
])
def test_any_other_missing_reference_stays_an_error(left_out, reftype, target, domain):
    """A label no page left out defines is left to Sphinx, which warns (and
    the strict build fails)."""
    node, contnode = _reference(reftype, target, domain=domain)
    assert left_out.text(node, contnode) is None
