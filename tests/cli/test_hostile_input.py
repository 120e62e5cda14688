"""Every file of the hostile corpus fails cleanly: a message naming the file (and line), exit 1 or
2, and the database and the mirror exactly as they were."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.factories import sample_workspace
from workbench.cli import main
from workbench.mirror import render
from workbench.services.folder import WorkspaceFolder, database_url
from workbench.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"

# corpus file -> (where it is placed in the workspace, expected line or None, message fragment)
CASES = {
    "malformed.yaml": ("models/mappings/hostile.yaml", 2, "flow sequence that starts on line 2"),
    "wrong-types.yaml": (
        "models/systems/salesforce/entities/Hostile.yaml",
        1,
        "label: Input should be a valid string",
    ),
    "unknown-key.yaml": ("models/mappings/hostile.yaml", 4, "unknown key 'sorce_field'"),
    "dangling-reference.yaml": (
        "models/mappings/hostile.yaml",
        2,
        "target s4hana:A_Kunde is not an entity",
    ),
    "duplicate-key.yaml": ("models/mappings/hostile.yaml", 4, "duplicate key 'cardinality'"),
    "alias-bomb.yaml": ("models/value-maps/hostile.yaml", 1, "anchors (&a) are not allowed"),
    "non-utf8.yaml": ("models/systems/salesforce/entities/Hostile.yaml", 1, "not UTF-8"),
    "python-tag.yaml": (
        "models/systems/salesforce/entities/Hostile.yaml",
        1,
        "!!python/object/apply:os.system is not allowed",
    ),
    "deep-nesting.yaml": ("models/systems/salesforce/entities/Hostile.yaml", 1, "nesting depth"),
    "null-byte.yaml": (
        "models/systems/salesforce/entities/Hostile.yaml",
        1,
        "is not allowed in YAML text",
    ),
    "merge-key.yaml": ("models/mappings/hostile.yaml", 1, "anchors (&b) are not allowed"),
    "empty.yaml": ("models/mappings/hostile.yaml", 1, "expected a mapping"),
    "list-not-mapping.yaml": ("models/mappings/hostile.yaml", 1, "expected a mapping"),
    "broken-front-matter.md": (
        "decisions/0042-broken.md",
        3,
        "flow sequence that starts on line 3",
    ),
    "unknown-decision-maker.md": (
        "decisions/0043-stranger.md",
        5,
        "decision-maker nobody-we-know is not a stakeholder",
    ),
}


def test_the_corpus_and_the_cases_match() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(CASES)


def _state(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".workbench" not in p.parts
    }


@pytest.fixture
def synced(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for path, data in render(sample_workspace()).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    result = CliRunner().invoke(main, ["sync", str(root)])
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["sync", "validate", "open"])
def test_hostile_file_fails_cleanly(synced: Path, name: str, command: str) -> None:
    target, line, fragment = CASES[name]
    (synced / target).parent.mkdir(parents=True, exist_ok=True)
    (synced / target).write_bytes((CORPUS / name).read_bytes())
    folder = WorkspaceFolder.at(synced)
    store = Store.open(database_url(folder))
    database_before, revision_before = store.load().workspace, store.revision()
    store.close()
    files_before = _state(synced)

    result = CliRunner().invoke(main, [command, str(synced)])

    assert result.exit_code in (1, 2), result.output
    where = f"{target}:{line}:" if line else f"{target}:"
    assert where in result.output
    assert fragment in result.output
    assert _state(synced) == files_before
    store = Store.open(database_url(folder))
    assert store.revision() == revision_before
    assert store.load().workspace == database_before
    store.close()


def test_an_oversized_file_is_refused(synced: Path) -> None:
    target = synced / "models/mappings/huge.yaml"
    target.write_bytes(b"notes: " + b"x" * (9 * 1024 * 1024) + b"\n")
    result = CliRunner().invoke(main, ["sync", str(synced)])
    assert result.exit_code == 1
    assert "models/mappings/huge.yaml: error" in result.output and "larger than" in result.output


def test_a_database_file_that_is_not_a_workbench_database(synced: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00\x01 definitely not sqlite " * 50)
    before = _state(synced)
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{junk}", "sync", str(synced)])
    assert result.exit_code == 2
    assert "junk.db" in result.output and "cannot open database" in result.output
    assert junk.read_bytes() == b"\x00\x01 definitely not sqlite " * 50
    assert _state(synced) == before
