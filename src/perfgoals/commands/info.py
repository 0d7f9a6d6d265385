"""``perfgoals rules`` and ``perfgoals explain``, and docs/rules.md, from the registry.

Imports neither pydantic nor lxml: the registry and rule modules are light.
"""

from __future__ import annotations

import sys

from perfgoals.rules.explain import SECTION_TITLES, explanation, principle_text
from perfgoals.rules.registry import all_rules, get_rule, severity_word

__all__ = ["SECTION_TITLES", "explain_rule", "explanation", "list_rules", "rules_markdown"]


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
