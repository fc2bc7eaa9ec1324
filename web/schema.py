"""Write the API's OpenAPI document to web/openapi.json (what `npm run types` reads)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "clients" / "python"))
from generate import schema  # the Python client's: one schema for both clients

Path(__file__).with_name("openapi.json").write_text(json.dumps(schema(), indent=2, sort_keys=True))
