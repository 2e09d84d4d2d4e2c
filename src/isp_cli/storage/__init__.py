"""The session on disk: files, atomic writes, locking, strict YAML, loading and saving."""
