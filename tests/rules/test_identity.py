from __future__ import annotations

import pytest

from factories import codes, findings, table


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("215-0205-JBN-T7K2", []),
        ("215-0205-JBN-T7K", ["PG101"]),
        ("215－0205－JBN－T7K2", ["PG101"]),  # full-width hyphens
        ("2150205JBNT7K2", ["PG101"]),
        ("", []),  # blank is PG003's finding, not a format error
    ],
)
def test_code_format(code: str, expected: list[str]) -> None:
    assert codes(findings(table(project_code=code), select="PG101")) == expected


def test_code_format_suggests_half_width() -> None:
    (finding,) = findings(table(project_code="215－0205－JBN－T7K2"), select="PG101")
    assert finding.suggestion == "215-0205-JBN-T7K2"


def test_code_pattern_is_an_option() -> None:
    options = {"PG101": {"pattern": r"^\d{6}$"}}
    assert codes(findings(table(project_code="123456"), select="PG101", options=options)) == []


def test_unit_prefix() -> None:
    assert codes(findings(table(project_code="216-0205-JBN-T7K2"), select="PG102")) == ["PG102"]
    assert findings(table(project_code="215-0205-JBN-T7K2"), select="PG102") == []
    # no unit header (part 2's header-less table): nothing to compare
    assert findings(table(project_code="000-9999-JSN-D0X6", unit_code=None), select="PG102") == []


def test_duplicate_name_reported_on_later_table() -> None:
    first = table(number=1, position=1)
    second = table(number=2, position=2, project_code="215-0205-JBN-T7K3")
    (finding,) = findings(first, second, select="PG103")
    assert finding.location.table == 2
    assert "表 1" in finding.message


def test_similar_names_are_not_duplicates() -> None:
    first = table(number=1, position=1)
    second = table(
        number=2,
        position=2,
        project_name="中小学教师培训经费（二期）",
        project_code="215-0205-JBN-T7K3",
    )
    assert findings(first, second, select="PG103") == []


def test_duplicate_code() -> None:
    first = table(number=1, position=1)
    second = table(number=2, position=2, project_name="学生资助经费")
    assert codes(findings(first, second, select="PG104")) == ["PG104"]
    third = table(
        number=2, position=2, project_name="学生资助经费", project_code="215-0205-JBN-T7K3"
    )
    assert findings(first, third, select="PG104") == []
