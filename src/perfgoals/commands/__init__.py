"""The implementations behind the CLI commands (imported lazily by cli.py)."""
