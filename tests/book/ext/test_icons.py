"""Tests of book/_ext/icons.py: the icons the pages name are read from the
theme's Font Awesome bundle, a name that is no icon fails the build, and the
web fonts keep only the glyphs the stylesheets name."""

import pytest
from sphinx.errors import ExtensionError

import icons  # book/_ext/, on pytest's pythonpath

#: A bundle in the format of the theme's fontawesome.js, reduced to three icons.
BUNDLE = (
    'function d(c,l){}var p={github:[496,512,[],"f09b","M1 2"]};bunker(function(){d("fab",p)});'
    'var p={"trash-can":[448,512,[61460,"trash-alt"],"f2ed","M3 4"]};bunker(function(){d("far",p)});'
    'var p={bug:[512,512,[],"f188","M5 6"],"magnifying-glass":[512,512,[128269,"search"],"f002",'
    '"M7 8"]};bunker(function(){d("fas",p),d("fa-solid",p)});'
)


@pytest.fixture(scope="module")
def theme_bundle():
    return (icons.theme_static() / icons.SCRIPT).read_text(encoding="utf-8")


def test_parse_icons_reads_sets_names_and_aliases():
    packs = icons.parse_icons(BUNDLE)
    assert set(packs) == {"fab", "far", "fas"}
    assert packs["fas"]["bug"] == icons.Icon(512, 512, "M5 6", 0xF188)
    assert packs["fas"]["search"] is packs["fas"]["magnifying-glass"]
    assert packs["far"]["trash-alt"].path == "M3 4"


def test_the_theme_bundle_holds_the_icons_of_the_book(theme_bundle):
    packs = icons.parse_icons(theme_bundle)
    assert len(packs["fas"]) > 1000 and "github" in packs["fab"]
    for name in ("bug", "language", "magnifying-glass", "circle-half-stroke", "file-pdf", "xmark"):
        assert name in packs["fas"], name
    css = icons.dom_css(theme_bundle)
    assert ".svg-inline--fa{" in css and {"fa-lg", "fa-fw"} <= icons.utility_classes(css)


def test_used_icons_follow_the_style_class():
    packs = icons.parse_icons(BUNDLE)
    lists = [["fab", "fa-github"], ["theme-switch", "fa-solid", "fa-bug", "fa-lg"],
             ["fa-regular", "fa-trash-alt"], ["fa-solid", "fa-search"]]
    used = icons.used_icons(lists, packs, {"fa-lg"})
    assert used == {"fab": {"github"}, "fas": {"bug", "search"}, "far": {"trash-alt"}}


def test_a_name_that_is_no_icon_fails():
    packs = icons.parse_icons(BUNDLE)
    with pytest.raises(ExtensionError, match="fa-bugg"):
        icons.used_icons([["fas", "fa-bugg"]], packs, set())
    with pytest.raises(ExtensionError, match="fa-github"):  # a brand, not a solid icon
        icons.used_icons([["fas", "fa-github"]], packs, set())


def test_class_lists_come_from_pages_and_scripts(tmp_path):
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "page.html").write_text('<i class="fas fa-bug"></i><span class="fa-solid fa-bars">'
                                        '</span><div class="note">', encoding="utf-8")
    (tmp_path / "_static" / "theme.js").write_text('f.classList="fa-solid fa-xmark"', encoding="utf-8")
    (tmp_path / "_static" / icons.SCRIPT).write_text('"fas fa-everything"', encoding="utf-8")
    assert icons.class_lists(tmp_path) == [["fas", "fa-bug"], ["fa-solid", "fa-bars"],
                                           ["fa-solid", "fa-xmark"]]


def test_generated_script_carries_licence_icons_and_css():
    script = icons.generate_script("/*! licence */", {"fas": {"bug": icons.Icon(512, 512, "M5 6", 1)}},
                                   ".svg-inline--fa{height:1em}")
    assert script.startswith("/*! licence */")
    assert '"fas":{"bug":[512,512,"M5 6"]}' in script
    assert 'const CSS = ".svg-inline--fa{height:1em}";' in script


def test_font_subset_keeps_the_named_glyphs(tmp_path):
    from fontTools.ttLib import TTFont

    css = ':root{--pst-icon-bell:"\\f0f3 "}.fa-bug:before{content:"\\f188"}.x:before{content:"\\2014"}'
    points = icons.css_code_points(css)
    assert points == {0xF0F3, 0xF188}
    target = tmp_path / "solid.woff"
    icons.subset_font(icons.theme_static() / icons.WEBFONTS / "fa-solid-900.ttf", target, points)
    with TTFont(target) as font:
        assert font.flavor == "woff"
        assert set(font.getBestCmap()) == points
