"""Tests of book/_ext/offline_math.py: the parts of MathJax the book loads are
in the wheel, the configuration loads them, and a page without formulas
loads no MathJax."""

from types import SimpleNamespace

from docutils import nodes
from sphinx.builders.html._assets import _JavaScript

import offline_math  # book/_ext/, on pytest's pythonpath


def test_every_published_part_is_in_the_wheel():
    source = offline_math.mathjax_source()
    for part in offline_math.PARTS:
        assert (source / part).exists(), part
    assert not any("tex-chtml" in part or part.startswith("ui") for part in offline_math.PARTS)


def test_configuration_adds_the_components_and_keeps_other_options():
    config = offline_math.mathjax_config({"options": {"processHtmlClass": "math"}})
    assert config["options"] == {"processHtmlClass": "math"}
    assert config["loader"]["load"] == ["input/tex-base", "[tex]/ams", "[tex]/boldsymbol",
                                        "output/chtml"]
    assert config["tex"]["packages"] == {"[+]": ["ams", "boldsymbol"]}


def _page(*children):
    document = nodes.document(None, None)
    section = nodes.section()
    section += list(children)
    document += section
    return document


def test_mathjax_is_taken_off_pages_without_formulas():
    app = SimpleNamespace(config=SimpleNamespace(mathjax_path="mathjax/startup.js"))
    scripts = [_JavaScript("_static/doctools.js"),
               _JavaScript("", body="window.MathJax = {}"),
               _JavaScript("_static/mathjax/startup.js", defer="defer")]

    context = {"script_files": list(scripts)}
    offline_math._only_pages_with_math(app, "index", "page.html", context,
                                       _page(nodes.paragraph(text="no formula")))
    assert context["script_files"] == scripts[:1]

    context = {"script_files": list(scripts)}
    paragraph = nodes.paragraph()
    paragraph += nodes.math(text="x_1")
    offline_math._only_pages_with_math(app, "intro", "page.html", context, _page(paragraph))
    assert context["script_files"] == scripts
