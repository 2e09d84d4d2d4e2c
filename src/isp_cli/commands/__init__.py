"""The commands: one module per command, each the whole flow from its arguments to
the file on disk."""
