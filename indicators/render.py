"""A Word document rendered to PDF by LibreOffice headless (Debian's libreoffice-writer), and that PDF's
first page to PNG by Ghostscript (LibreOffice's own PNG export needs its drawing module): what an
officer sees when printing the annual report, for a person to check."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 180


PNG_DPI = 110  # an A4 page about 900 px wide: readable on a screen


def _program(*names: str) -> str:
    found = next((path for name in names if (path := shutil.which(name))), None)
    if found is None:
        raise RuntimeError(f"{names[0]} is not installed (Debian: libreoffice-writer, ghostscript)")
    return found


def to_pdf(docx: Path, out: Path) -> Path:
    """A private LibreOffice profile each time: two conversions at once would otherwise share one."""
    with tempfile.TemporaryDirectory(prefix="render-") as work:
        subprocess.run(
            [
                _program("soffice", "libreoffice"),
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_S,
        )
        produced = Path(work) / f"{docx.stem}.pdf"
        if not produced.exists():  # soffice says "source file could not be loaded" yet exits 0
            raise RuntimeError(f"LibreOffice did not convert {docx.name} (is libreoffice-writer installed?)")
        shutil.move(produced, out)
    return out


def first_page_png(pdf: Path, out: Path) -> Path:
    subprocess.run(
        [
            _program("gs"),
            "-q",
            "-dSAFER",
            "-dBATCH",
            "-dNOPAUSE",
            "-sDEVICE=png16m",
            f"-r{PNG_DPI}",
            "-dFirstPage=1",
            "-dLastPage=1",
            f"-sOutputFile={out}",
            str(pdf),
        ],
        check=True,
        capture_output=True,
        timeout=TIMEOUT_S,
    )
    return out
