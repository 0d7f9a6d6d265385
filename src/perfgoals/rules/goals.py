"""Rule family module (rules are added here)."""
