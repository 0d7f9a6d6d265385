"""Pydantic over the records of ``perfgoals.model``: the JSON Schema, the
``parse`` JSON output and strict validation, all from the same dataclasses.

Kept apart from the model so that ``check`` never imports Pydantic: only
``parse --format json``, ``python -m perfgoals.schemas`` and the tests load
this module, and the adapter (whose validator and serializer take a while to
build) is made once, on first use.
"""

from __future__ import annotations

from functools import cache

from pydantic import TypeAdapter

from perfgoals.model import Filing


@cache
def filing_adapter() -> TypeAdapter[Filing]:
    return TypeAdapter(Filing)


def filing_json(filing: Filing) -> str:
    """The filing as ``parse --format json`` prints it (without the final newline)."""
    return filing_adapter().dump_json(filing, indent=2).decode("utf-8")


def validate_filing(filing: Filing) -> Filing:
    """A copy of ``filing`` made by Pydantic's strict validation of every
    record in it (required fields, types, literals, nested records); raises
    ``pydantic.ValidationError`` where a record does not match its class.
    Records are revalidated, not trusted (``revalidate_instances`` in the
    model's config), so this checks what the builder made, not a dump of it."""
    return filing_adapter().validate_python(filing, strict=True)
