"""From Markdown to a Word file: the builder, the body XML, styles and package checks."""
