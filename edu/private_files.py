"""Everything we write is for this service's user alone: folders 0700, files 0600.

The data folder holds the SQLite file (and its WAL and SHM), the secret key and certificate
PDFs, all personal data or secrets. `restrict_process()` sets the umask where the app and the
CLI start, so every file the process (or SQLite) creates is private from its first byte;
`secure_folder()` also tightens a folder made before, by an older version or another umask.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def restrict_process() -> None:
    """New files and folders of this process (and of its children) are private."""
    os.umask(PRIVATE_UMASK)


def secure_folder(folder: Path) -> None:
    """Create the folder private, or make it and everything in it private. A folder that is
    private already is left alone (nobody else can reach inside it), so a start does not
    walk thousands of certificates."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) == FOLDER_MODE:
        return
    folder.chmod(FOLDER_MODE)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            Path(root, name).chmod(FOLDER_MODE)
        for name in files:
            path = Path(root, name)
            if not path.is_symlink():
                path.chmod(FILE_MODE)


def write_private(path: Path, data: bytes) -> None:
    """Write a new file that is private whatever the umask (its folder made private too)."""
    path.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    path.chmod(FILE_MODE)
