"""From a session to Markdown: the context, the Jinja2 templates and their budget."""
