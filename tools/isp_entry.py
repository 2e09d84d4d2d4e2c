"""The script PyInstaller freezes into the bundle's ``isp`` executable (tools/bundle.py).

It does what ``python -m isp_cli`` does (src/isp_cli/__main__.py), from outside the
package, so that the package is frozen as a package, like any installed one.
"""

from isp_cli.cli import main

main()
