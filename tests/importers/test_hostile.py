"""The hostile corpus: XML attacks, truncated XML, JSON of the wrong shape, and tens of megabytes
of junk all fail with an error naming the file, and nothing is written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.importers.conftest import HOSTILE
from workbench.cli import main
from workbench.importers import Format, ImportFailure, parse
from workbench.importers.model import MAX_INPUT_BYTES
from workbench.services.importing import read_catalogue

CASES = {
    "billion-laughs.edmx": (Format.EDMX, "declares a DTD"),
    "external-entity.edmx": (Format.EDMX, "declares a DTD"),
    "external-dtd.object-meta.xml": (Format.SALESFORCE, "declares a DTD"),
    "truncated.edmx": (Format.EDMX, "line 7, column 9: not well-formed XML \\(unclosed token\\)"),
    "wrong-types.json": (Format.SALESFORCE, "'fields' must be a list"),
    "not-utf8.csv": (Format.CSV, "not UTF-8 text"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_file_fails_cleanly(name: str) -> None:
    kind, message = CASES[name]
    with pytest.raises(ImportFailure, match=message) as failure:
        read_catalogue([HOSTILE / name], kind)
    assert failure.value.source.endswith(name)
    assert "passwd" not in str(failure.value) and "root:" not in str(failure.value)


@pytest.mark.parametrize("kind", [Format.EDMX, Format.SALESFORCE, Format.CSV])
def test_the_parsers_refuse_an_attack_however_it_arrives(kind: Format) -> None:
    name = {Format.EDMX: "a.edmx", Format.SALESFORCE: "x.json", Format.CSV: "a.csv"}[kind]
    data = (HOSTILE / "billion-laughs.edmx").read_bytes()
    with pytest.raises(ImportFailure):
        parse(kind, {name: data})


def test_entities_are_refused_even_without_a_dtd_check() -> None:
    # defusedxml's own entity guard is on as well: an internal subset alone is refused.
    from workbench.importers.safexml import parse_xml

    with pytest.raises(ImportFailure, match="DTD"):
        parse_xml("x.xml", b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>')


def test_fifty_megabytes_of_junk_are_refused_unread(tmp_path: Path) -> None:
    junk = tmp_path / "junk.edmx"
    with junk.open("wb") as out:
        out.write(os.urandom(1024) * (50 * 1024))  # 50 MB, generated: never committed
    assert junk.stat().st_size > MAX_INPUT_BYTES
    with pytest.raises(ImportFailure, match="50 MB is more than the 32 MB"):
        read_catalogue([junk], Format.EDMX)


@pytest.mark.parametrize(
    ("kind", "suffix", "message"),
    [
        (Format.EDMX, ".edmx", "not well-formed XML"),
        (Format.SALESFORCE, ".json", "not valid JSON|not UTF-8"),
        (Format.CSV, ".csv", "not UTF-8|NUL bytes|header needs the columns"),
    ],
)
def test_junk_under_the_limit_fails_at_once(
    tmp_path: Path, kind: Format, suffix: str, message: str
) -> None:
    junk = tmp_path / f"junk{suffix}"
    junk.write_bytes(os.urandom(4096) * 2500)  # 10 MB of random bytes
    with pytest.raises(ImportFailure, match=message):
        read_catalogue([junk], kind)


def _state(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_import_leaves_the_workspace_exactly_as_it_was(tmp_path: Path, name: str) -> None:
    runner = CliRunner()
    root = tmp_path / "ws"
    assert runner.invoke(main, ["init", str(root)]).exit_code == 0
    assert runner.invoke(main, ["sync", str(root)]).exit_code == 0
    before = _state(root)
    kind = CASES[name][0]
    result = runner.invoke(
        main, ["import", str(kind), str(HOSTILE / name), "-w", str(root), "--system", "crm"]
    )
    assert result.exit_code == 2
    assert name in result.output and "Traceback" not in result.output
    assert _state(root) == before
