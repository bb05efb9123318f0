"""tools/build_book.py and tools/editions.py: the configuration of each PDF
(the book, one per framework, the student edition's), and a teacher's table
of contents; no build here (tests/book/built/ checks the built ones)."""

from __future__ import annotations

import shutil

import pytest
import yaml

import build_book  # tools/, on pytest's pythonpath
from editions import (BOOK, EDITIONS, FRAMEWORKS, LANGUAGES, ROOT, pdf_name, pdf_subtitle,
                      pdf_title)

VARIANTS = [(framework, student) for student in (False, True) for framework in (None, *FRAMEWORKS)]


def test_pdf_names_and_titles():
    assert pdf_name("en") == "deep-learning-basics-en"
    assert pdf_name("en", "keras") == "deep-learning-basics-en-keras"
    assert pdf_name("fr", "pytorch", student=True) == "introduction-au-deep-learning-fr-pytorch-student"
    assert pdf_title("en") == "Deep Learning Basics"
    assert pdf_title("en", "keras") == "Deep Learning Basics, Keras edition"
    assert pdf_title("fr", "keras") == "Introduction au deep learning, édition Keras"
    assert pdf_title("en", student=True) == "Deep Learning Basics, without solutions"
    with pytest.raises(ValueError, match="unknown framework"):
        pdf_name("en", "jax")


@pytest.mark.parametrize(("framework", "student"), VARIANTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_pdf_s_configuration(lang, framework, student):
    config = build_book.edition_config(lang, framework, student)
    sphinx = config["sphinx"]["config"]
    latex = config["latex"]["latex_documents"]
    assert latex["targetname"] == f"{pdf_name(lang, framework, student)}.tex"
    assert latex["title"] == pdf_title(lang, framework, student)
    assert sphinx["book_framework"] == (framework or "")
    assert sphinx["hide_solutions"] is student and sphinx["book_student"] is student
    assert [pdf["file"] for pdf in sphinx["book_pdfs"]] == [
        f"{pdf_name(lang, other, student)}.pdf" for other in (None, *FRAMEWORKS)]
    # The site's title stays the edition's.
    assert config["title"] == EDITIONS[lang]["title"]
    maketitle = sphinx["latex_elements"].get("maketitle")
    if framework is None and not student:
        assert maketitle is None  # Sphinx's own title page
    else:
        assert maketitle.count(r"\sphinxmaketitle") == 1
        # The PDF's metadata: the same title as pdf_title.
        assert "{, " + pdf_subtitle(lang, framework, student) + "}}" in maketitle
        if framework:
            assert FRAMEWORKS[framework] in maketitle
        if student:
            assert EDITIONS[lang]["strings"]["student_edition"] in maketitle


def test_the_configuration_is_written_per_build_folder(tmp_path):
    path = build_book.write_config("en", tmp_path, "pytorch", student=True)
    assert path == tmp_path / "en" / "_config.yml"
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert written["latex"]["latex_documents"]["targetname"] == (
        "deep-learning-basics-en-pytorch-student.tex")
    # The execution cache is the book's, wherever the build writes.
    assert written["execute"]["cache"] == str(build_book.cache_dir("en"))


def _teacher_toc(tmp_path, chapters):
    toc = tmp_path / "my-toc.yml"
    toc.write_text(yaml.safe_dump({"format": "jb-book", "root": "index",
                                   "chapters": [{"file": name} for name in chapters]}))
    return toc


def test_a_teacher_s_pages_are_published_and_no_other(tmp_path):
    toc = _teacher_toc(tmp_path, ["losses", "intro", "glossary"])
    assert build_book.toc_pages(toc) == {"index", "losses", "intro", "glossary"}
    site = tmp_path / "site"
    (site / "_sources").mkdir(parents=True)
    for page in ("index", "intro", "losses", "mlp", "glossary", "api"):
        (site / f"{page}.html").write_text("page")
        (site / "_sources" / f"{page}.md").write_text("source")
    (site / "_sources" / "mlp.ipynb").write_text("{}")
    removed = build_book.prune_left_out("en", site, toc)
    assert "mlp" in removed and "api" in removed and "intro" not in removed
    assert sorted(p.name for p in site.glob("*.html")) == [
        "glossary.html", "index.html", "intro.html", "losses.html"]
    assert not list((site / "_sources").glob("mlp.*"))
    assert {p.stem for p in (BOOK / "en").glob("*.md")} - build_book.toc_pages(toc) == set(removed)


def test_a_missing_table_of_contents_is_an_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        build_book.main(["--toc", str(tmp_path / "nowhere.yml")])
    assert "no such file" in capsys.readouterr().err


def test_the_book_s_own_table_leaves_nothing_out():
    pages = build_book.toc_pages(ROOT / "_toc.yml")
    for lang in LANGUAGES:
        assert {p.stem for p in (BOOK / lang).glob("*.md")} == pages


@pytest.mark.parametrize("student", [False, True])
def test_the_executed_notebooks_are_published_with_one_per_framework(tmp_path, monkeypatch, student):
    """_sources/NAME.ipynb is the cache's executed notebook; NAME.keras.ipynb
    and NAME.pytorch.ipynb are it with one framework's cells, outputs kept
    (the download menu offers the reader's framework's)."""
    import nbformat

    cells = [nbformat.v4.new_code_cell("import dlbasics", metadata={"tags": ["hide-cell"]}),
             nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["keras"]}),
             nbformat.v4.new_code_cell("print(2)", metadata={"tags": ["pytorch"]})]
    for index, cell in enumerate(cells):
        cell.id = f"c{index}"
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"{index}\n")]
    asked = []
    monkeypatch.setattr(build_book, "executed_notebook", lambda lang, chapter: (
        asked.append((lang, chapter)) or nbformat.v4.new_notebook(cells=cells)))
    sources = tmp_path / "_sources"
    sources.mkdir()
    (sources / "intro.ipynb").write_text("{}")  # as the theme copies it, without outputs
    (sources / "intro.keras.ipynb").write_text("{}")  # from an earlier run: replaced
    build_book.publish_executed_notebooks("en", tmp_path, student)
    assert asked == [("en", "intro")]
    assert sorted(p.name for p in sources.iterdir()) == [
        "intro.ipynb", "intro.keras.ipynb", "intro.pytorch.ipynb"]
    assert [c.id for c in nbformat.read(sources / "intro.ipynb", as_version=4).cells] == ["c0", "c1", "c2"]
    for framework, kept in (("keras", "c1"), ("pytorch", "c2")):
        notebook = nbformat.read(sources / f"intro.{framework}.ipynb", as_version=4)
        assert [c.id for c in notebook.cells] == [f"{framework}-framework", "c0", kept]
        assert notebook.cells[2].outputs == cells[int(kept[1])].outputs


def test_pdfs_compile_while_the_next_edition_s_latex_is_written(monkeypatch, capsys):
    """``--pdf``: Sphinx writes each edition's three LaTeX files in turn, and
    xelatex compiles them two at a time meanwhile; a failed compilation
    still fails the build and names the edition and its file."""
    import threading

    events: list[str] = []
    lock = threading.Lock()
    english_compiling = threading.Event()

    def build_edition(lang, builder, toc, root, framework=None, student=False):
        if lang == LANGUAGES[1] and framework is None:
            # the second edition's LaTeX is written while the first's PDFs compile
            assert english_compiling.wait(timeout=10), "no PDF compiled while LaTeX was written"
        with lock:
            events.append(f"tex {pdf_name(lang, framework, student)}")
        return 0

    def compile_pdf(lang, name, root):
        if lang == LANGUAGES[0]:
            english_compiling.set()
        with lock:
            events.append(f"pdf {name}")
        return 1 if name == pdf_name(LANGUAGES[1], "keras") else 0

    monkeypatch.setattr(shutil, "which", lambda command: f"/usr/bin/{command}")
    monkeypatch.setattr(build_book, "build_edition", build_edition)
    monkeypatch.setattr(build_book, "compile_pdf", compile_pdf)
    assert build_book.main(["--pdf"]) == 1
    names = [pdf_name(lang, framework) for lang in LANGUAGES for framework in (None, *FRAMEWORKS)]
    assert sorted(events) == sorted([f"tex {name}" for name in names] + [f"pdf {name}" for name in names])
    out, err = capsys.readouterr()
    assert f"{LANGUAGES[0]}: ok" in out
    assert f"{LANGUAGES[1]}: FAILED ({pdf_name(LANGUAGES[1], 'keras')}.pdf)" in out
    assert f"the build failed for: {LANGUAGES[1]}" in err


def test_with_pdf_builds_every_edition_at_once(monkeypatch, capsys):
    """``--with-pdf`` (``make test``): every edition's site builds at the same
    time as the others', each followed by its PDFs; the site is assembled
    once every PDF is compiled, and a failed PDF fails the build and names
    its edition and file."""
    import threading

    events: list[str] = []
    lock = threading.Lock()
    sites = threading.Barrier(len(LANGUAGES), timeout=10)  # every site under way at once

    def build_edition(lang, builder, toc, root, framework=None, student=False):
        if builder == "html":
            sites.wait()
        with lock:
            events.append(f"{builder} {pdf_name(lang, framework)}")
        return 0

    def compile_pdf(lang, name, root):
        with lock:
            events.append(f"pdf {name}")
        return 1 if name == pdf_name(LANGUAGES[1], "keras") else 0

    monkeypatch.setattr(shutil, "which", lambda command: f"/usr/bin/{command}")
    monkeypatch.setattr(build_book, "build_edition", build_edition)
    monkeypatch.setattr(build_book, "compile_pdf", compile_pdf)
    monkeypatch.setattr(build_book, "assemble_html", lambda *args: events.append("assembled"))
    assert build_book.main(["--with-pdf"]) == 1
    out, err = capsys.readouterr()
    names = [pdf_name(lang, framework) for lang in LANGUAGES for framework in (None, *FRAMEWORKS)]
    assert sorted(events) == sorted([f"html {pdf_name(lang)}" for lang in LANGUAGES]
                                    + [f"latex {name}" for name in names]
                                    + [f"pdf {name}" for name in names])
    for lang in LANGUAGES:  # an edition's LaTeX comes after its site
        assert events.index(f"html {pdf_name(lang)}") < events.index(f"latex {pdf_name(lang)}")
    assert f"{LANGUAGES[0]}: ok" in out
    assert f"{LANGUAGES[1]}: FAILED ({pdf_name(LANGUAGES[1], 'keras')}.pdf)" in out
    assert f"the build failed for: {LANGUAGES[1]} " in err
    # every PDF fine: all compiled before the site is assembled, once
    events.clear()
    sites.reset()
    monkeypatch.setattr(build_book, "compile_pdf", lambda lang, name, root: events.append(f"pdf {name}"))
    assert build_book.main(["--with-pdf"]) == 0
    assert events[-1] == "assembled" and events.count("assembled") == 1
    assert len([event for event in events if event.startswith("pdf ")]) == len(names)


def test_with_pdf_and_pdf_are_exclusive(capsys):
    with pytest.raises(SystemExit):
        build_book.main(["--with-pdf", "--pdf"])
    assert "choose one" in capsys.readouterr().err
