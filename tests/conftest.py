"""Test-wide settings: property tests explore the same examples on every run (no flaky CI)."""

from hypothesis import settings

settings.register_profile("atlas", derandomize=True, deadline=None, database=None)
settings.load_profile("atlas")
