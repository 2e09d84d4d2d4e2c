"""The interview: its questions as data, the steps that ask them, and the terminal widgets."""
