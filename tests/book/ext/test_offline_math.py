"""Tests of book/_ext/offline_math.py: MathJax typesets TeX at build time in
V8 (mini-racer), a TeX error is a warning of the build, and the stylesheet
covers every formula of the book, written or not by this build."""

import io
import re
import textwrap

import pytest
from docutils import nodes

import offline_math  # book/_ext/, on pytest's pythonpath


@pytest.fixture(scope="module")
def typesetter():
    return offline_math.Typesetter()


def test_inline_and_display_formulas_become_mathjax_html(typesetter):
    inline = typesetter.typeset(r"\boldsymbol{W}^{(l)} x_1", display=False)
    assert inline.startswith('<mjx-container class="MathJax" jax="CHTML">')
    # x is U+1D465 (mathematical italic) in MathJax's italic font; W bold italic.
    assert 'class="mjx-c1D465 TEX-I"' in inline and "TEX-BI" in inline
    assert "font-size" not in inline.split(">", 1)[0], "the scale is the stylesheet's"
    display = typesetter.typeset(r"\frac{\partial L}{\partial w} = \sum_{i=1}^{n} x_i", display=True)
    assert 'display="true"' in display.split(">", 1)[0] and "<mjx-mfrac" in display
    matrix = typesetter.typeset(r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", display=True)
    assert "<mjx-mtable" in matrix


@pytest.mark.parametrize(("tex", "message"), [
    (r"\frac{a", "Missing close brace"),
    (r"\cancel{a}", r"Undefined control sequence \cancel"),  # a package not loaded
    (r"\begin{aligned} a \end{align}", r"\begin{aligned} ended with \end{align}"),
])
def test_a_tex_error_is_raised_with_mathjax_s_message(typesetter, tex, message):
    with pytest.raises(offline_math.TypesetError) as error:
        typesetter.typeset(tex, display=True)
    assert str(error.value) == message
    # The engine is still usable afterwards.
    assert "<mjx-container" in typesetter.typeset("y", display=False)


def test_without_the_engine_the_build_says_what_to_install(monkeypatch):
    import sys

    from sphinx.errors import ExtensionError

    monkeypatch.setitem(sys.modules, "py_mini_racer", None)  # import fails
    with pytest.raises(ExtensionError, match="needs the mini-racer wheel"):
        offline_math.Typesetter()


def test_tex_must_be_text(typesetter):
    with pytest.raises(TypeError, match="tex must be a str"):
        typesetter.typeset(3, display=False)


def test_a_closed_typesetter_stops_its_engine():
    typesetter = offline_math.Typesetter()
    assert typesetter.typeset("x", display=False)
    typesetter.close()
    typesetter.close()  # twice is harmless
    with pytest.raises(ValueError, match="closed"):
        typesetter.typeset("x", display=False)


def _block(text, nowrap=False):
    return nodes.math_block(text, text, nowrap=nowrap, number=None)


def test_display_tex_wraps_as_sphinx_mathjax_does():
    assert offline_math.display_tex(_block("a = b")) == "a = b"
    assert offline_math.display_tex(_block(r"a \\ b")) == r"\begin{split}a \\ b\end{split}"
    assert offline_math.display_tex(_block("a = b\n\nc = d")) == (
        r"\begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align}")
    text = r"\begin{align} a &= b \end{align}"
    assert offline_math.display_tex(_block(text, nowrap=True)) == text


def test_formulas_of_a_page():
    document = nodes.document(None, None)
    paragraph = nodes.paragraph()
    paragraph += nodes.math(text="x_1")
    document += [paragraph, _block(r"a \\ b")]
    assert offline_math.formulas(document) == {("x_1", False), (r"\begin{split}a \\ b\end{split}", True)}
    assert offline_math.has_math(document)
    assert not offline_math.has_math(nodes.document(None, None))


def test_the_stylesheet_covers_every_formula_and_names_only_copied_fonts(tmp_path):
    typesetter = offline_math.Typesetter()
    typesetter.typeset("x", display=False)
    static = tmp_path / "_static"
    (static / "mathjax").mkdir(parents=True)  # what the extension's version 2 left
    # A formula of a page this build did not write: typeset for its CSS.
    css = offline_math.stylesheet_for(typesetter, {("x", False), (r"\mathcal{N}", False)})
    offline_math.publish(css, static)
    assert (static / offline_math.STYLESHEET).read_text(encoding="utf-8") == css
    assert ".mjx-c1D465.TEX-I::before" in css  # x
    assert ".mjx-c4E.TEX-C::before" in css  # calligraphic N
    assert css.endswith(offline_math.SCALE_RULE)
    named = set(re.findall(r'url\("fonts/([^"]+)"\)', css))
    copied = {path.name for path in (static / offline_math.FONTS).iterdir()}
    assert named == copied and "MathJax_Main-Regular.woff" in copied
    assert not (static / "mathjax").exists()


def test_the_stylesheet_is_reused_only_for_the_same_formulas(tmp_path):
    cache = tmp_path / "doctrees" / "offline_math.json"
    formulas = {("x", False), (r"\sum_i x_i", True)}
    assert offline_math.cached_stylesheet(cache, formulas) is None
    offline_math.save_stylesheet(cache, formulas, "css of x")
    assert offline_math.cached_stylesheet(cache, set(formulas)) == "css of x"
    assert offline_math.cached_stylesheet(cache, formulas | {("y", False)}) is None
    assert offline_math.cached_stylesheet(cache, {("x", False)}) is None
    cache.write_text("{not json")
    assert offline_math.cached_stylesheet(cache, formulas) is None


def test_a_sphinx_build_typesets_numbers_and_fails_on_a_tex_error(tmp_path, monkeypatch):
    from sphinx.application import Sphinx

    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(textwrap.dedent(f"""\
        import sys
        sys.path.insert(0, {str(offline_math.__file__.rsplit("/", 1)[0])!r})
        extensions = ["offline_math"]
        math_numfig = True
    """))
    (source / "index.rst").write_text(textwrap.dedent("""\
        Title
        =====

        .. toctree::

           plain

        Inline :math:`x_1` and a numbered display:

        .. math:: a = b
           :label: eq-first

        A broken one: :math:`\\frac{a`.
    """))
    (source / "plain.rst").write_text("Plain\n=====\n\nNo formula.\n")
    warnings = io.StringIO()
    app = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                 "html", status=None, warning=warnings, freshenv=True)
    app.build()
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert page.count("<mjx-container") == 2
    assert '<span class="eqno">(1)' in page
    assert "_static/math/math.css" in page
    assert "mathjax/" not in page.lower() and "window.MathJax" not in page
    assert "_static/math/math.css" not in (tmp_path / "html" / "plain.html").read_text(encoding="utf-8")
    assert '<code class="math-error">\\frac{a</code>' in page
    assert re.search(r"index\.rst:\d+: WARNING: MathJax cannot typeset .*Missing close brace",
                     warnings.getvalue()), warnings.getvalue()
    assert (tmp_path / "html" / "_static" / "math" / "fonts" / "MathJax_Main-Regular.woff").exists()
    css = (tmp_path / "html" / "_static" / "math" / "math.css").read_text(encoding="utf-8")

    # A rebuild with the same formulas (a prose edit) reuses the stylesheet.
    def typeset_again(*args):
        raise AssertionError("the stylesheet was made again")

    monkeypatch.setattr(offline_math, "stylesheet_for", typeset_again)
    (source / "plain.rst").write_text("Plain\n=====\n\nStill no formula.\n")
    again = Sphinx(str(source), str(source), str(tmp_path / "html"), str(tmp_path / "doctrees"),
                   "html", status=None, warning=io.StringIO())
    again.build()
    assert "Still no formula" in (tmp_path / "html" / "plain.html").read_text(encoding="utf-8")
    assert (tmp_path / "html" / "_static" / "math" / "math.css").read_text(encoding="utf-8") == css
