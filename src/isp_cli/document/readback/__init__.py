"""Reading a Word file back: its text, anchors, fingerprint and the edits in it."""
