"""Rule families; the registry is in registry.py."""
