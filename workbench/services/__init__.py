"""Services shared by the CLI, the TUI and the tests: opening, syncing and editing workspaces."""
