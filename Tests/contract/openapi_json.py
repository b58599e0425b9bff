#!/usr/bin/env python3
"""Writes the daemon's copy of the API contract: openapi.yaml (the source, at the repo root) as
Sources/IntelliDineServer/Contract/openapi.json, which the daemon serves at /openapi.json.

    python3 Tests/contract/openapi_json.py          # write it (`make openapi`)
    python3 Tests/contract/openapi_json.py --check  # exit 1 when the JSON is not the YAML (`make test`)
"""
import json
import os
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SOURCE = os.path.join(ROOT, "openapi.yaml")
TARGET = os.path.join(ROOT, "Sources", "IntelliDineServer", "Contract", "openapi.json")


def rendered():
    with open(SOURCE, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    return json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    text = rendered()
    if "--check" in sys.argv:
        with open(TARGET, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{TARGET} is not {SOURCE}: run `make openapi` and commit both")
        print("openapi.json is openapi.yaml")
        return
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
