"""perfgoals: parse and validate 绩效目标表 (budget performance-goal filings)."""

__version__ = "0.1.0"
