"""isp's typed data and the rules over it: the checklist, provisions, authorities, the session."""
