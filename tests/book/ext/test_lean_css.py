"""Tests of book/_ext/lean_css.py: a rule survives if one of its selectors can
match the built pages, and what survives is the same CSS."""

import pytest
import tinycss2
from sphinx.errors import ExtensionError

import lean_css  # book/_ext/, on pytest's pythonpath


def _selectors(text: str) -> list[set[str]]:
    rule = tinycss2.parse_one_rule(text + "{}")
    return [lean_css.required_names(s) for s in lean_css._split_selectors(rule.prelude)]


def test_required_names_leave_out_negations_and_attributes():
    assert _selectors(".a .b>p.c, #main:hover, div") == [{"a", "b", "c"}, {"main"}, set()]
    assert _selectors(".a:not(.b)") == [{"a"}]
    assert _selectors(':is(.x, .y) .z, [class*="fa-"], .sd-tab-set>input:checked+label') == [
        {"z"}, set(), {"sd-tab-set"}]


def test_names_come_from_attributes_and_scripts():
    html = '<div class="bd-page  show" id="main"><script>el.classList.add("toggle-hidden")</script>'
    assert {"bd-page", "show", "main", "toggle-hidden"} <= lean_css.html_names(html)
    assert "dropdown-menu-dark" in lean_css.script_names('e.classList.add("dropdown-menu-dark")')


def test_purge_keeps_rules_that_can_match():
    css = (".used{color:red}.unused{color:blue}.used,.unused .used{margin:0}"
           "p{padding:0}#main .gone{x:y}"
           "@media (min-width:960px){.unused{a:b}}@media print{.used{a:b}}"
           "@keyframes spin{to{transform:rotate(1turn)}}@keyframes fade{to{opacity:0}}"
           ".used{animation:spin 1s}"
           "@font-face{font-family:X;src:url(x.woff)}@import url(basic.css);")
    lean = lean_css.purge(css, {"used", "main"})
    assert lean == (".used{color:red}.used{margin:0}p{padding:0}@media print{.used{a:b}}"
                    "@keyframes spin{to{transform:rotate(1turn)}}.used{animation:spin 1s}"
                    "@font-face{font-family:X;src:url(x.woff)}@import url(basic.css);")


def test_safe_prefixes_are_kept_and_output_is_ascii():
    lean = lean_css.purge('.bs-tooltip-auto .x{a:b}.fa-book:before{content:"\uf02d"}',
                          {"x", "fa-book"})
    assert lean == '.bs-tooltip-auto .x{a:b}.fa-book:before{content:"\\f02d "}'
    assert lean.isascii()
    icon = tinycss2.parse_stylesheet(lean)[1]
    (declaration,) = tinycss2.parse_declaration_list(icon.content)
    assert declaration.value[0].value == "\uf02d"  # the same character once parsed


def test_unparsable_css_fails_loudly():
    with pytest.raises(ExtensionError, match="cannot parse"):
        lean_css.purge(".a{color:red}}", {"a"}, "broken.css")
