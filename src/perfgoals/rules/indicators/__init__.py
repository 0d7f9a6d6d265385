"""PG4xx: the indicator grid (一级/二级/三级指标, 绩效指标描述, 指标值, 指标值确定依据).

One module per kind of check; the facts they share are in :mod:`.facts`:

- :mod:`.values` — values and targets (PG403–PG405, PG417, PG418, PG420)
- :mod:`.categories` — categories and pairing (PG406–PG411)
- :mod:`.names` — names and copies (PG401, PG402, PG412–PG414)
- :mod:`.costs` — costs and weights (PG415, PG416, PG419)

The registry imports each module (``rules/registry.py``, ``FAMILY_MODULES``).
"""
