"""isp: write a task force's Information Sharing Protocol, one checklist item at a time."""

__version__ = "0.1.0"
