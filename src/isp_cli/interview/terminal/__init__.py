"""The terminal modules: the answer box, the plain mode, the printed commands."""
