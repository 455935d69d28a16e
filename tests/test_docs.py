"""The documentation site has a page at every address the warnings cite."""
import configparser
import os
import re

from legacy_mongo import catalogue
from tests.conftest import REPO_ROOT, load_script


def _load_gen_docs():
    return load_script(os.path.join("tools", "gen_docs.py"), "gen_docs")


def test_every_codes_url_is_a_generated_page(tmp_path):
    gen_docs = _load_gen_docs()
    gen_docs.write_sources(str(tmp_path))
    for code, found in catalogue.CATALOGUE.items():
        assert found.url.startswith(catalogue.DOCS_URL)
        relative = found.url[len(catalogue.DOCS_URL):]
        # MkDocs (use_directory_urls: false) turns codes/lm401.md into codes/lm401.html
        source = tmp_path / re.sub(r"\.html$", ".md", relative)
        text = source.read_text(encoding="utf-8")
        assert text.startswith('<a id="%s"></a>\n# %s %s\n' % (found.anchor, code, found.name))
        assert found.message in text


def test_the_guide_page_is_migration_md():
    gen_docs = _load_gen_docs()
    with open(os.path.join(REPO_ROOT, "MIGRATION.md"), encoding="utf-8") as handle:
        assert gen_docs.catalogue.render_migration() == handle.read()


def test_the_documentation_project_url_is_the_docs_base():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(REPO_ROOT, "setup.cfg"))
    urls = dict(line.split(" = ", 1) for line in
                parser.get("metadata", "project_urls").strip().splitlines())
    assert urls["Documentation"] == catalogue.DOCS_URL
    with open(os.path.join(REPO_ROOT, "docs", "mkdocs.yml"), encoding="utf-8") as handle:
        assert "site_url: %s\n" % catalogue.DOCS_URL in handle.read()
