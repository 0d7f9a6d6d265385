"""``perfgoals rules`` and ``perfgoals explain``, and docs/rules.md, from the registry.

Imports neither pydantic nor lxml: the registry and rule modules are light.
"""

from __future__ import annotations

import sys
import tomllib
from functools import cache
from pathlib import Path

from perfgoals.rules.registry import RuleSpec, all_rules, get_rule, severity_word

SECTION_TITLES = {
    "zh": ("这条规则检查什么", "为什么", "错误示例", "正确示例", "如何修改", "依据原则"),
    "en": ("What it does", "Why", "Failing example", "Passing example", "How to fix", "Principle"),
}


PRINCIPLES_FILE = Path(__file__).resolve().parent.parent / "data" / "principles.toml"


@cache
def _principles() -> dict[str, dict[str, str]]:
    principles: dict[str, dict[str, str]] = tomllib.loads(PRINCIPLES_FILE.read_text("utf-8"))[
        "principles"
    ]
    return principles


def principle_text(spec: RuleSpec, lang: str) -> str | None:
    """The guidance principle a rule enforces, explained in ``lang``; None if it
    names none."""
    if not spec.principle:
        return None
    return _principles().get(spec.principle, {}).get(lang, spec.principle)


def list_rules(lang: str) -> None:
    out = sys.stdout
    on, off = ("开", "关") if lang == "zh" else ("on", "off")
    specs = list(all_rules().values())
    if lang == "zh":
        title_width = max(_cells(spec.title(lang)) for spec in specs)
    for spec in specs:
        state = on if spec.enabled else off
        severity = severity_word(spec.severity, lang)
        if lang == "zh":
            title = spec.title(lang)
            padding = " " * (title_width - _cells(title))
            out.write(f"{spec.code}  {title}{padding}  {spec.name:<34} {severity}  {state}\n")
        else:
            out.write(f"{spec.code}  {spec.name:<34} {severity:<8} {state}\n")


def _cells(text: str) -> int:
    """Terminal columns: a CJK character takes two."""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(char) in "WF" else 1 for char in text)


def explanation(spec: RuleSpec, lang: str) -> str:
    doc = spec.doc(lang)
    titles = SECTION_TITLES[lang]
    state = (
        ("默认开启" if spec.enabled else "默认关闭")
        if lang == "zh"
        else ("on by default" if spec.enabled else "off by default")
    )
    heading = f"{spec.code} {spec.title(lang)}"
    if lang == "zh":
        heading += f" {spec.name}"
    lines = [f"{heading} ({severity_word(spec.severity, lang)}，{state})"
             if lang == "zh" else f"{heading} ({spec.severity}, {state})", ""]
    for title, text in zip(titles, (doc.what, doc.why, doc.bad, doc.good, doc.fix), strict=False):
        lines += [f"{title}:", f"  {text}", ""]
    principle = principle_text(spec, lang)
    if principle:
        lines += [f"{titles[5]}:", f"  {principle}", ""]
    if spec.options:
        title = "选项" if lang == "zh" else "Options"
        lines.append(f"{title} [rules.{spec.code}]:")
        lines += [f"  {key} = {value!r}" for key, value in spec.options.items()]
        lines.append("")
    return "\n".join(lines)


def explain_rule(code: str, lang: str) -> bool:
    spec = get_rule(code)
    if spec is None:
        return False
    sys.stdout.write(explanation(spec, lang))
    return True


def rules_markdown() -> str:
    """docs/rules.md, generated from the registry (a test keeps it current)."""
    lines = [
        "# perfgoals rules",
        "",
        "Generated from the rule registry by `python -m perfgoals.commands.info`; do not edit.",
        "",
        "| code | 名称 | name | severity | default |",
        "|---|---|---|---|---|",
    ]
    specs = list(all_rules().values())
    for spec in specs:
        lines.append(
            f"| [{spec.code}](#{spec.code.lower()}) | {spec.title('zh')} | {spec.name} | "
            f"{spec.severity} | "
            f"{'on' if spec.enabled else 'off'} |"
        )
    for spec in specs:
        lines += [
            "",
            f"## {spec.code}",
            "",
            f"{spec.title('zh')} `{spec.name}` — {spec.severity}, {'on' if spec.enabled else 'off'} by default",
            "",
            f"Source: `{spec.source_file}` · tests: `{spec.test_file}`",
            "",
        ]
        for lang in ("zh", "en"):
            doc = spec.doc(lang)
            titles = SECTION_TITLES[lang]
            for title, text in zip(
                titles, (doc.what, doc.why, doc.bad, doc.good, doc.fix), strict=False
            ):
                lines.append(f"- **{title}**: {text}")
            principle = principle_text(spec, lang)
            if principle:
                lines.append(f"- **{titles[5]}**: {principle}")
            lines.append("")
        if spec.options:
            lines.append(
                "Options (`[rules."
                + spec.code
                + "]`): "
                + ", ".join(f"`{k} = {v!r}`" for k, v in spec.options.items())
            )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(rules_markdown())
