"""Findings are ordered by part, table and rule (cli.md), then in reading order."""

from __future__ import annotations

import random

from perfgoals.findings import Finding, Location, make_fingerprint


def finding(rule: str, *, table: int, line: int, row: int | None = None) -> Finding:
    location = Location(part=3, table=table, indicator_row=row, line=line, field="target")
    return Finding(
        rule=rule,
        name="x",
        severity="warning",
        message="m",
        location=location,
        fingerprint=make_fingerprint(rule, "a.txt", location, f"key-{line}"),
    )


def test_ties_within_part_table_and_rule_follow_the_lines() -> None:
    expected = [
        finding("PG401", table=1, line=40),
        finding("PG401", table=1, line=52),
        finding("PG401", table=1, line=97),
        finding("PG403", table=1, line=12),
        finding("PG401", table=2, line=130),
        finding("PG401", table=2, line=141),
    ]
    for seed in range(5):
        shuffled = expected[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=Finding.sort_key) == expected


def test_an_indicator_row_outranks_the_line() -> None:
    later_row = finding("PG402", table=4, line=10, row=3)
    earlier_row = finding("PG402", table=4, line=90, row=1)
    assert sorted([later_row, earlier_row], key=Finding.sort_key) == [earlier_row, later_row]
