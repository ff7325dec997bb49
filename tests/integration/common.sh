# Shared helpers for the integration tests (bundles, runtimes).
