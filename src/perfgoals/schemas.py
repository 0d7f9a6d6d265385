"""JSON Schemas shipped in ``schemas/``: the records (generated from the model)
and the report contract. ``python -m perfgoals.schemas`` rewrites the
generated one; a test fails when it is stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FILING_SCHEMA_NAME = "filing-v1.schema.json"


def filing_schema() -> dict[str, Any]:
    from perfgoals.records_io import filing_adapter

    schema = filing_adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://perfgoals.invalid/schemas/" + FILING_SCHEMA_NAME
    return schema


def render_filing_schema() -> str:
    return json.dumps(filing_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("schemas") / FILING_SCHEMA_NAME
    target.write_text(render_filing_schema(), encoding="utf-8")
