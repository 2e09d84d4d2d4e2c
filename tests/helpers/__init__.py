"""What the tests share, by job: ``from helpers.sessions import write_session``.

pytest finds this package because tests/ is on ``sys.path``: tests/ has no ``__init__.py``,
so with pytest's default import mode (``prepend``) it inserts tests/ when it imports
tests/conftest.py, which it does for every run, a single test file's included. The
modules:

- ``paths``: the repository, the shared folder and its seed, the example session.
- ``sessions``: session data and files (``minimal_data``, ``write_session``, ``load``).
- ``scripted_user``: the scripted user of the ``user`` fixture and the interview's steps.
- ``screen``: isp in a pty read through a terminal emulator, with waits for what it shows.
- ``terminal``: isp in a pty read as a byte stream (pexpect's ``expect``).
- ``docx_checks``: reading a rendered .docx back.
- ``documents``: Word documents given to isp (a letterhead).
- ``clients``: LibreOffice and the OOXML validator, found or skipped.
- ``platforms``: skip markers for what a system lacks (a pty, FIFOs, signals...), with the reason.

``crash_child.py`` and ``fuzz_child.py`` are not imported: they are scripts the tests run
as child processes, by path (test_faults.py, test_hostile_input.py).
"""
