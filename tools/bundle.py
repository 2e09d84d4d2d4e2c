"""Build isp as one folder that runs without Python, for the system this runs on.

Usage: python tools/bundle.py

First install the build tool: python -m pip install -e ".[bundle]" (PyInstaller).

Writes ``dist/isp-<version>-<system>-<arch>/`` (the ``isp`` executable, ``isp.exe`` on
Windows, with everything it needs beside it in ``_internal/``; the example session in
``examples/``; LICENSE; README.txt, how to start it) and the same folder as
``dist/isp-<version>-<system>-<arch>.zip``. PyInstaller's work files go in ``build/``.

The bundle is one folder, not one file: a one-file executable unpacks itself into a
temporary folder at every start, which managed laptops often mount ``noexec``, and it
starts about three times slower. Before zipping, the bundle is run once: it must
print its version and render the example session, or the build fails.
"""

from __future__ import annotations

import os
import platform
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ENTRY = REPO / "tools" / "isp_entry.py"
WORK = REPO / "build" / "bundle"
DIST = REPO / "dist"
EXAMPLE = Path("examples") / "metro-area-victim-referrals.isp.yaml"
EXAMPLE_TEXT = "Metro Area Anti-Trafficking Task Force"  # the example's task force

# isp's own data, where a built wheel has it (pyproject.toml,
# [tool.hatch.build.targets.wheel.force-include]): inside the package, in isp_cli/data/,
# where storage/resources.py:data_path looks first. tests/test_bundle.py checks that this
# table and pyproject.toml's agree.
DATA = {
    "checklist.yaml": "isp_cli/data/checklist.yaml",
    "provisions.yaml": "isp_cli/data/provisions.yaml",
    "authorities.yaml": "isp_cli/data/authorities.yaml",
    "examples/metro-area-victim-referrals.isp.yaml": (
        "isp_cli/data/examples/metro-area-victim-referrals.isp.yaml"
    ),
    "templates": "isp_cli/data/templates",
}

SYSTEMS = {"win32": "windows", "darwin": "macos", "linux": "linux"}
ARCHES = {"amd64": "x86_64", "x86_64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}
ARCHES |= {"arm64": "arm64", "i386": "x86", "i686": "x86", "x86": "x86"}
MISSING_PYINSTALLER = (
    'PyInstaller is not installed. Install it with: python -m pip install -e ".[bundle]"'
)


class BuildError(Exception):
    """Something the person building can fix; its message says what."""


def main() -> int:
    """Build the folder and its zip; 0 when both are written."""
    try:
        import PyInstaller.__main__
    except ImportError:
        print(MISSING_PYINSTALLER, file=sys.stderr)
        return 1
    sys.path.insert(0, str(REPO / "src"))  # the version of this checkout
    from isp_cli import __version__

    name = f"isp-{__version__}-{system_name()}-{arch_name()}"
    started = time.perf_counter()
    try:
        PyInstaller.__main__.run(pyinstaller_args())
        folder = assemble(WORK / "dist" / "isp", DIST / name, version=__version__)
        smoke_test(folder, version=__version__)
        archive = write_zip(folder, DIST / f"{name}.zip")
    except BuildError as error:
        print(f"tools/bundle.py: {error}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"Built {relative(folder)}/ ({megabytes(folder_size(folder))}) in {seconds:.0f} s")
    print(f"  and {relative(archive)} ({megabytes(archive.stat().st_size)})")
    return 0


def system_name() -> str:
    """windows, macos or linux (or the platform's own name elsewhere)."""
    return SYSTEMS.get(sys.platform, sys.platform)


def arch_name() -> str:
    """The processor the bundle runs on: x86_64, arm64 (x86 for a 32-bit Python)."""
    machine = platform.machine().lower()
    arch = ARCHES.get(machine, machine)
    if struct.calcsize("P") == 4 and arch == "x86_64":  # a 32-bit Python on a 64-bit system
        return "x86"
    return arch


def executable_name() -> str:
    return "isp.exe" if sys.platform == "win32" else "isp"


def pyinstaller_args() -> list[str]:
    """PyInstaller's command line: one folder, a console program, isp's data inside."""
    args = [
        str(ENTRY),
        "--name=isp",
        "--onedir",
        "--console",
        "--noconfirm",
        "--clean",
        "--log-level=WARN",
        f"--distpath={WORK / 'dist'}",
        f"--workpath={WORK / 'work'}",
        f"--specpath={WORK}",
        f"--paths={REPO / 'src'}",
        # shellingham (which shell to quote printed commands for, on Windows) imports
        # its per-system module by name (importlib.import_module(".nt")), which
        # PyInstaller cannot see; without it isp would always quote for PowerShell.
        "--collect-submodules=shellingham",
        # pydantic's hook collects its plugins for mypy and hypothesis, which pull in
        # those tools (15 MB) when the build's environment has them; isp runs neither.
        "--exclude-module=mypy",
        "--exclude-module=hypothesis",
    ]
    if sys.platform == "linux":
        # Python's libraries often carry their debugging symbols on Linux (20 MB); the
        # bundle needs none. (Not on Windows, where strip harms DLLs, nor on macOS, where
        # each library is signed.)
        args.append("--strip")
    for source, target in DATA.items():
        args.append(f"--add-data={add_data(REPO / source, target)}")
    return args


def add_data(source: Path, target: str) -> str:
    """``SOURCE:DEST`` for ``--add-data``: PyInstaller 6 splits on the one ``:`` (or
    os.pathsep) that is not a Windows drive's, on every system; DEST is a folder."""
    if not source.exists():
        raise BuildError(f"{relative(source)} is missing; is this a whole checkout of isp?")
    folder = target if source.is_dir() else target.rpartition("/")[0]
    text = str(source)
    drive = len(source.drive)  # "C:" on Windows
    if ":" in text[drive:] or os.pathsep in text[drive:]:
        raise BuildError(
            f"PyInstaller cannot take a path with ':' or {os.pathsep!r} in it ({text}); "
            "build from a folder whose path has none."
        )
    return f"{text}:{folder}"


def assemble(built: Path, folder: Path, *, version: str) -> Path:
    """PyInstaller's folder, renamed for its version and system, with the files for people."""
    if not (built / executable_name()).is_file():
        raise BuildError(f"PyInstaller wrote no {relative(built / executable_name())}")
    if folder.exists():
        shutil.rmtree(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(folder))
    (folder / "examples").mkdir()
    shutil.copy2(REPO / EXAMPLE, folder / EXAMPLE)
    shutil.copy2(REPO / "LICENSE", folder / "LICENSE.txt")
    newline = "\r\n" if sys.platform == "win32" else "\n"
    (folder / "README.txt").write_text(
        readme(version, folder.name), encoding="utf-8", newline=newline
    )
    return folder


def smoke_test(folder: Path, *, version: str) -> None:
    """Run the bundle as a person would, outside the checkout: its version, then the
    example rendered (which loads the checklist, the templates and python-docx's own
    files). A module or a data file missing from the bundle fails here."""
    executable = str(folder / executable_name())
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        shutil.copy2(folder / EXAMPLE, work / EXAMPLE.name)
        printed = run([executable, "--version"], work)
        if version not in printed:
            raise BuildError(f"the bundle printed {printed!r} for --version, not {version}")
        run([executable, "render", EXAMPLE.name], work)
        document = work / EXAMPLE.name.replace(".isp.yaml", ".docx")
        if not document.is_file():
            raise BuildError(f"the bundle wrote no {document.name} for the example")
        with zipfile.ZipFile(document) as docx:
            if EXAMPLE_TEXT not in docx.read("word/document.xml").decode("utf-8"):
                raise BuildError(f"the example's document lacks {EXAMPLE_TEXT!r}")


def run(command: list[str], cwd: Path) -> str:
    """Run one command of the smoke test; what it printed."""
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        shown = " ".join(command[1:])
        raise BuildError(
            f"the bundle failed on '{shown}' (exit {result.returncode}):\n"
            + (result.stderr or result.stdout)
        )
    return result.stdout


def write_zip(folder: Path, archive: Path) -> Path:
    """The folder as a zip whose one top folder is the folder itself.

    Each entry keeps its Unix permissions, so that the executable can still be run once
    unzipped on macOS or Linux; a symbolic link (macOS bundles hold some) stays a link.
    """
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix()
            if path.is_symlink():
                entry = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
                entry.external_attr = (stat.S_IFLNK | 0o777) << 16
                bundle.writestr(entry, str(path.readlink()))
            elif path.is_dir():
                bundle.write(path, name + "/", compress_type=zipfile.ZIP_STORED)
            else:
                entry = zipfile.ZipInfo.from_file(path, name, strict_timestamps=False)
                entry.external_attr = (stat.S_IFREG | permissions(path, folder)) << 16
                entry.compress_type = zipfile.ZIP_DEFLATED
                with path.open("rb") as data:
                    bundle.writestr(entry, data.read())
    return archive


def permissions(path: Path, folder: Path) -> int:
    """rwxr-xr-x for the executable and whatever is executable already; rw-r--r-- else.

    On Windows a file has no executable bit: only the executable gets one there."""
    executable = path == folder / executable_name() or bool(path.stat().st_mode & stat.S_IXUSR)
    return 0o755 if executable else 0o644


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def relative(path: Path) -> str:
    try:
        return path.relative_to(REPO).as_posix()
    except ValueError:
        return str(path)


def readme(version: str, folder: str) -> str:
    """README.txt: how to start isp, for people who do not program."""
    this_system = {"windows": "Windows", "macos": "macOS", "linux": "Linux"}
    system = this_system.get(system_name(), system_name())
    title = f"isp {version} - write your task force's Information Sharing Protocol"
    return README.format(
        title=title,
        underline="=" * len(title),
        folder=folder,
        system=system,
        arch=arch_name(),
        example=EXAMPLE.as_posix(),
        document=EXAMPLE.with_name(EXAMPLE.name.replace(".isp.yaml", ".docx")).as_posix(),
    )


README = """\
{title}
{underline}

isp asks about each item of the ECM information sharing checklist, in a
terminal window, and saves every answer as you give it in a session file (a
plain text file whose name ends in .isp.yaml). Then it writes the protocol as a
Word document for counsel to review and sign. isp never needs the internet.

This copy is for {system} ({arch}). You do not need to install anything else:
everything isp needs is in this folder. Keep the folder whole; the "isp"
program does not work if it is moved out of the folder on its own.


WINDOWS
-------
1. Right-click the zip file and choose "Extract All...". Put the folder
   somewhere of your own, such as your Documents folder.
2. Open the folder in File Explorer. Right-click an empty space in it and
   choose "Open in Terminal". Windows Terminal opens in this folder.
   (No such choice? Open Windows Terminal or PowerShell from the Start menu
   and type: cd "the folder's path", then press Enter.)
3. Type   .\\isp new   and press Enter. The interview starts.

If Windows says "Windows protected your PC", choose "More info", then
"Run anyway". isp is not signed by a company Microsoft knows.

To type just "isp" in any folder, put this folder on your PATH. This needs no
administrator rights:
  a. Click the address bar of this folder in File Explorer and copy its path.
  b. Press the Windows key, type "environment variables" and choose
     "Edit environment variables for your account".
  c. Under "User variables", select "Path" and click "Edit...". (No "Path"?
     Click "New...", type Path as the name and the folder's path as the
     value, click OK and go to step e.)
  d. Click "New", paste the folder's path, and click OK.
  e. Click OK, then close Windows Terminal and open it again.


MACOS
-----
1. Double-click the zip file to unzip it. Move the folder somewhere of your
   own, such as your Documents folder.
2. Open Terminal (in Applications, then Utilities). Type   cd   and a space,
   drag the folder from Finder onto the Terminal window, and press Enter.
3. The first time only: macOS blocks programs it did not get from a known,
   signed developer (this is called Gatekeeper), and isp is not signed. To
   allow isp, type this in Terminal, in this folder, and press Enter:
       xattr -dr com.apple.quarantine .
   (Or: try step 4; when macOS says isp "Not Opened" or cannot be checked,
   click Done, open System Settings > Privacy & Security, scroll down and
   click "Open Anyway" next to "isp", then try step 4 again. macOS may ask
   the same for other files in the folder; the command above allows them all.)
4. Type   ./isp new   and press Enter. The interview starts.


LINUX
-----
1. In a terminal, unzip the file:   unzip {folder}.zip
2. Go into the folder:   cd {folder}
3. Type   ./isp new   and press Enter. The interview starts.


ON MACOS AND LINUX: "isp" IN ANY FOLDER
---------------------------------------
Add this folder to your PATH. In a terminal, in this folder, type this line
(on macOS; on Linux, write ~/.bashrc instead of ~/.zprofile) and press Enter:
    echo "export PATH=\\"$(pwd):\\$PATH\\"" >> ~/.zprofile
Then close the terminal window and open a new one.


USING ISP
---------
  isp new                  start a protocol; isp names the session file
  isp resume FILE.isp.yaml continue where you stopped
  isp status FILE.isp.yaml what is decided, and what is still open
  isp render FILE.isp.yaml write the Word protocol
  isp example              copy the example session into this folder
  isp --help               every command

Until this folder is on your PATH, type .\\isp (Windows) or ./isp (macOS,
Linux) instead of isp, in this folder.

Stop at any time with Ctrl-C: every answer is kept, and isp shows the command
that continues the interview. Copy that command, paste it, and press Enter.

Try it on the example first: the examples folder holds the session of a
fictional task force.
    isp render {example}
writes the Word protocol {document}.

isp is not legal advice: counsel for each member agency reviews the protocol
before it is signed. isp is free software under the MIT License (LICENSE.txt).
"""


if __name__ == "__main__":
    sys.exit(main())
