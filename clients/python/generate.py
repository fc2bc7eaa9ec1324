"""Regenerate the Python client from the API's OpenAPI schema: `python clients/python/generate.py`.

The schema comes from `create_app()` (no server, no store); openapi-python-client writes the
package; ruff tidies it with fixed settings so any checkout produces the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PACKAGE = "aistudio_client"


def schema() -> dict[str, object]:
    """The API's OpenAPI document, as `GET /api/openapi.json` serves it."""
    sys.path.insert(0, str(REPO))  # this checkout's aistudio, not an installed one
    from aistudio.api.app import create_app
    from aistudio.core.config import Settings

    # The defaults' schema, whatever this shell or a .env configures: every checkout agrees.
    for key in [k for k in os.environ if k.startswith(("AISTUDIO_", "PREFECT_"))]:
        del os.environ[key]
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as home:
        os.chdir(home)  # no .env
        try:
            return create_app(Settings(home=Path(home))).openapi()
        finally:
            os.chdir(here)


def generate(out: Path) -> Path:
    """Write the client package into out/aistudio_client (replacing it); returns its folder."""
    package = out / PACKAGE
    with tempfile.TemporaryDirectory() as tmp:
        document = Path(tmp) / "openapi.json"
        document.write_text(json.dumps(schema(), indent=2, sort_keys=True))
        done = subprocess.run(
            [
                sys.executable, "-m", "openapi_python_client", "generate",
                "--path", str(document), "--config", str(HERE / "openapi-client.yaml"),
                "--meta", "none", "--output-path", str(package), "--overwrite",
            ],
            capture_output=True, text=True,
        )  # fmt: skip
    if done.returncode != 0 or not package.is_dir():
        raise SystemExit(f"openapi-python-client failed:\n{done.stdout}\n{done.stderr}")
    for line in done.stderr.splitlines():
        # What the client lacks (e.g. the raw-body upload PATCH): said, never silently dropped.
        if line.startswith("WARNING"):
            print(line, file=sys.stderr)
    (package / "py.typed").write_text("# Marker file for PEP 561\n")  # meta none omits it
    ruff = [sys.executable, "-m", "ruff"]
    fixed = ["--isolated", "--line-length", "100", "--target-version", "py311"]
    for args in (
        ["check", "--fix-only", "--select", "F,I,UP", "--quiet"],
        ["format", "--quiet"],
    ):
        subprocess.run([*ruff, *args, *fixed, str(package)], check=True)
    return package


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the package in")
    args = parser.parse_args()
    print(f"wrote {generate(args.out.resolve())}")


if __name__ == "__main__":
    main()
