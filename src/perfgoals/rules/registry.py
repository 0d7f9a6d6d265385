"""The one place rules are registered: code, name, severity, state, messages, docs.

A rule is a plain function decorated with :func:`rule`. Table rules take one
:class:`~perfgoals.model.ProjectTable` and a :class:`RuleContext`; filing rules
take the whole :class:`~perfgoals.model.Filing`. Both yield :class:`Hit`
objects; the engine turns hits into findings. ``perfgoals rules``,
``perfgoals explain`` and docs/rules.md all read this registry.

This module and the rule modules import neither pydantic nor lxml at import
time, so listing rules stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from perfgoals.model import Filing, ProjectTable, Source

Severity = Literal["error", "warning", "info"]
Scope = Literal["table", "filing", "batch"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
SEVERITY_WORDS: dict[str, dict[str, str]] = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def severity_word(severity: str, lang: str) -> str:
    return SEVERITY_WORDS.get(lang, SEVERITY_WORDS["en"]).get(severity, severity)
FAMILY_MODULES = (
    "structure",
    "identity",
    "budget",
    "schedule",
    "indicators.names",
    "indicators.values",
    "indicators.categories",
    "indicators.costs",
    "goals",
    "text",
    "batch",
)


class Doc(NamedTuple):
    """A rule's explanation, in the fixed shape users scan for the fix."""

    what: str
    why: str
    bad: str
    good: str
    fix: str


class Hit(NamedTuple):
    """One defect as a rule sees it; the engine adds location and message.

    ``args`` fill the message template; ``key`` distinguishes several hits of
    one rule on the same field and row in the fingerprint (e.g. a goal's text).
    ``table`` is set by filing rules; table rules leave it to the engine.
    ``source`` is where the record the hit is about stands (a goal, a plan
    point), where the field and row alone do not say which cell it is.
    """

    args: Mapping[str, object] = MappingProxyType({})
    field: str | None = None
    indicator_row: int | None = None
    line: int | None = None
    key: str | None = None
    suggestion: str | None = None
    variant: str = "default"
    table: ProjectTable | None = None
    severity: Severity | None = None  # a lower or higher level for this case only
    source: Source | None = None


@dataclass(frozen=True)
class RuleContext:
    """What a rule may consult besides its table: the filing and its options."""

    filing: Filing
    options: Mapping[str, Any]
    lang: str = "zh"
    # Facts of the filing computed once and read by every rule (the indicator
    # views of rules/indicators/view.py). The engine hands the rules of one
    # filing the same dict; it lives as long as that filing's check.
    memo: dict[Any, Any] = field(default_factory=dict)


TableCheck = Callable[["ProjectTable", RuleContext], Iterable[Hit]]
FilingCheck = Callable[["Filing", RuleContext], Iterable[Hit]]


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    severity: Severity
    enabled: bool
    scope: Scope
    messages: Mapping[str, tuple[str, str]]  # variant → (zh, en) templates
    zh: Doc
    en: Doc
    check: Callable[..., Iterable[Any]]
    options: Mapping[str, Any] = field(default_factory=dict)
    # Document kinds the rule applies to; see layouts.md.
    kinds: frozenset[str] = frozenset({"goal", "approval", "self_evaluation", "unknown"})
    # ProjectTable fields the rule reads: a table whose layout lacks one (None)
    # is not checked, a filing none of whose tables has them not at all.
    needs: frozenset[str] = frozenset()
    principle: str | None = None

    @property
    def family(self) -> str:
        return self.code[:3]

    @property
    def module(self) -> str:
        """The module that registers the rule: its check, messages, explanation
        and options are all in that one place (e.g. ``perfgoals.rules.goals``)."""
        return self.check.__module__

    @property
    def source_file(self) -> str:
        """The rule's module as a path from the repository root."""
        return "src/" + self.module.replace(".", "/") + ".py"

    @property
    def test_file(self) -> str:
        """The test module that mirrors the rule's module: ``rules/indicators/values.py``
        is tested in ``tests/rules/test_indicators_values.py``."""
        within = self.module.removeprefix("perfgoals.rules.")
        return f"tests/rules/test_{within.replace('.', '_')}.py"

    def message(self, lang: str, variant: str, args: Mapping[str, object]) -> str:
        zh, en = self.messages.get(variant, self.messages["default"])
        template = zh if lang == "zh" else en
        return template.format_map(_Defaults(args))

    def doc(self, lang: str) -> Doc:
        return self.zh if lang == "zh" else self.en

    def title(self, lang: str) -> str:
        """The short title readers see beside the code: Chinese, or the name in English."""
        return rule_title(self.code, self.name, lang)


class _Defaults(dict[str, object]):
    """Format map that shows a missing placeholder as empty, never raises."""

    def __init__(self, args: Mapping[str, object]) -> None:
        super().__init__(args)

    def __missing__(self, key: str) -> str:
        return ""


_REGISTRY: dict[str, RuleSpec] = {}
GOAL_SETTING_KINDS = frozenset({"goal", "approval", "unknown"})


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    message: tuple[str, str],
    zh: Doc,
    en: Doc,
    enabled: bool = True,
    scope: Scope = "table",
    variants: Mapping[str, tuple[str, str]] | None = None,
    options: Mapping[str, Any] | None = None,
    kinds: frozenset[str] | None = None,
    needs: frozenset[str] = frozenset(),
    principle: str | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register a rule function with its metadata (used as a decorator)."""

    def register(func: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        if code in _REGISTRY:
            raise ValueError(f"rule {code} registered twice")
        _REGISTRY[code] = RuleSpec(
            code=code,
            name=name,
            severity=severity,
            enabled=enabled,
            scope=scope,
            messages={"default": message, **(variants or {})},
            zh=zh,
            en=en,
            check=func,
            options=dict(options or {}),
            kinds=kinds if kinds is not None else RuleSpec.kinds,
            needs=needs,
            principle=principle,
        )
        return func

    return register


@cache
def _titles() -> dict[str, str]:
    from perfgoals.compiled import load_toml

    titles: dict[str, str] = load_toml("rule_titles.toml")["titles"]
    return titles


def rule_title(code: str, name: str, lang: str) -> str:
    """A rule's short Chinese title (data/rule_titles.toml); its name in English
    or where no title is recorded."""
    return _titles().get(code, name) if lang == "zh" else name


def all_rules() -> dict[str, RuleSpec]:
    """Every registered rule by code, in code order (imports the families once)."""
    import importlib

    # Always import every family (a no-op once imported): importing one family
    # module directly must not hide the others.
    for module in FAMILY_MODULES:
        importlib.import_module(f"perfgoals.rules.{module}")
    return dict(sorted(_REGISTRY.items()))


def get_rule(code: str) -> RuleSpec | None:
    return all_rules().get(code.upper())
