"""A rule's explanation in words, from the registry: for ``perfgoals explain``,
docs/rules.md and the SARIF report's rule help alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from perfgoals.compiled import load_toml
from perfgoals.rules.registry import RuleSpec, severity_word

SECTION_TITLES = {
    "zh": ("这条规则检查什么", "为什么", "错误示例", "正确示例", "如何修改", "依据原则"),
    "en": ("What it does", "Why", "Failing example", "Passing example", "How to fix", "Principle"),
}


PRINCIPLES_FILE = Path(__file__).resolve().parents[1] / "data" / "principles.toml"


@cache
def _principles() -> dict[str, dict[str, str]]:
    principles: dict[str, dict[str, str]] = load_toml(PRINCIPLES_FILE.name)[
        "principles"
    ]
    return principles


def principle_text(spec: RuleSpec, lang: str) -> str | None:
    """The guidance principle a rule enforces, explained in ``lang``; None if it
    names none."""
    if not spec.principle:
        return None
    return _principles().get(spec.principle, {}).get(lang, spec.principle)


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
