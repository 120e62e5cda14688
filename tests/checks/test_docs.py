"""docs/checks.md documents every rule of the catalogue, with its severity and fix."""

from __future__ import annotations

import re

from tests.conftest import REPO_ROOT
from workbench.checks import rules


def test_every_rule_is_documented_with_its_severity() -> None:
    text = (REPO_ROOT / "docs" / "checks.md").read_text()
    documented = re.findall(
        r"^#### (Q2C-[A-Z]+-\d{3}): (.+)\n\n\*\*Severity:\*\* (\w+)\.", text, re.M
    )
    assert {rule_id for rule_id, _, _ in documented} == set(rules())
    for rule_id, title, severity in documented:
        rule = rules()[rule_id]
        assert (title, severity) == (rule.title, rule.severity.value), rule_id
        assert rule.hint in text, rule_id


def test_the_rules_import_no_ui_sql_or_yaml() -> None:
    import subprocess
    import sys

    code = (
        "import sys, workbench.checks, workbench.checks.output; workbench.checks.rules(); "
        "bad = [m for m in ('textual', 'sqlalchemy', 'sqlmodel', 'yaml', 'psycopg')"
        " if m in sys.modules]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
