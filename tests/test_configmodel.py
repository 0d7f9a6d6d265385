"""The config schema's faults of kind, word for word (the wording of the
pydantic model the schema was first written as, which scripts may match),
the order in which faults are reported, and its values as validated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfgoals.configmodel import validate_config
from perfgoals.errors import UsageError

PATH = Path("perfgoals.toml")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"select": [1, "PG1", 2]}, "key 'select[0]': Input should be a valid string"),
        ({"severity": {"PG401": 1}}, "key 'severity.PG401': Input should be 'error', 'warning' or 'info'"),
        ({"fail-on": 3}, "key 'fail-on': Input should be 'error', 'warning' or 'info'"),
        ({"lang": "fr"}, "key 'lang': Input should be 'zh' or 'en'"),
        ({"extend": 3}, "key 'extend': Input should be a valid string"),
        ({"rules": []}, "key 'rules': Input should be a valid dictionary"),
        ({"rules": {"PG101": 3}}, "key 'rules.PG101': Input should be a valid dictionary"),
        ({"limits": 3}, "key 'limits': Input should be a valid dictionary"),
        ({"per-file-ignores": {"a": 3}}, "key 'per-file-ignores.a': Input should be a valid list"),
        ({"per-file-ignores": 3}, "key 'per-file-ignores': Input should be a valid dictionary"),
        ({"exclude": [["a"]]}, "key 'exclude[0]': Input should be a valid string"),
        # Faults of kind first, in key order; unknown keys after them.
        ({"zzz": 1, "select": 3}, "key 'select': Input should be a valid list"),
        ({"zzz": 1, "yyy": 2}, "key 'zzz': unknown key"),
        # The TOML spelling wins; the field name beside it is an unknown key.
        ({"extend_select": ["PG1"], "extend-select": "x"}, "key 'extend-select': Input should be a valid list"),
        ({"extend_select": ["PG1"], "extend-select": ["PG2"]}, "key 'extend_select': unknown key"),
        # A fault of meaning is reported at once, before later faults of kind.
        ({"select": ["PG999"], "lang": 5}, "key 'select[0]': unknown rule code or prefix 'PG999'"),
        ({"lang": 5, "select": ["PG999"]}, "key 'select[0]': unknown rule code or prefix 'PG999'"),
    ],
)
def test_fault_wording(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        validate_config(raw, PATH)
    assert str(caught.value) == f"{PATH}: key {message.partition('key ')[2]}"


def test_valid_config_as_plain_snake_case_values() -> None:
    raw = {
        "select": [" pg1 "],
        "fail_on": "info",
        "per-file-ignores": {"a/*.docx": ["pg2"]},
        "severity": {"pg101": "info"},
        "rules": {"pg101": {"pattern": "x"}},
        "limits": {},
        "exclude": ["archive"],
    }
    assert validate_config(raw, PATH) == {
        "select": ["PG1"],
        "per_file_ignores": {"a/*.docx": ["PG2"]},
        "severity": {"PG101": "info"},
        "fail_on": "info",
        "exclude": ["archive"],
        "rules": {"PG101": {"pattern": "x"}},
        "limits": {},
    }


def test_validating_a_config_does_not_load_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from perfgoals.configmodel import validate_config\n"
        "validate_config({'select': ['PG1'], 'rules': {'PG101': {'pattern': 'x'}}}, Path('c'))\n"
        "print('pydantic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
