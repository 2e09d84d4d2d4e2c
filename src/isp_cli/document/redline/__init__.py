"""The Word redline: aligning two texts and writing tracked changes."""
