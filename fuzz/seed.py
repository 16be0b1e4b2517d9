#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the repository's own examples.

    python3 fuzz/seed.py        # from anywhere; needs PyYAML

decode_response: for every spec in spec/*.yaml (sorted by method, the order of
taobao_top::apis::ALL), its documented XML answer and error and the JSON texts derived from
them, each prefixed by the selector byte the target reads: (API index << 1) | (1 for XML),
plus the XML answer as real bodies come (declaration first, a comment after the root).
load_and_generate: spec/*.yaml and tests/fixtures/edge-specs/*.yaml, as they are.
import_and_generate: spec/pages/*.txt and tests/fixtures/pages/*.txt, as they are.
"""

import pathlib
import shutil

import yaml

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
CORPUS = FUZZ / "corpus"


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def decode_response_seeds():
    specs = []
    for path in sorted((ROOT / "spec").glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        specs.append((spec["method"], spec["examples"]))
    specs.sort(key=lambda item: item[0])
    for index, (method, examples) in enumerate(specs):
        json, xml = index << 1, (index << 1) | 1
        bodies = {
            "response.xml": (xml, examples["response_xml"]),
            "response.json": (json, examples["response_json"]["text"]),
            "error.xml": (xml, examples["error_xml"]),
            "error.json": (json, examples["error_json"]["text"]),
            "response-declared.xml": (
                xml,
                '<?xml version="1.0" encoding="utf-8" ?>'
                + examples["response_xml"].rstrip()
                + "<!--top010.cm1-->\n",
            ),
        }
        for suffix, (selector, body) in bodies.items():
            write("decode_response", f"{method}.{suffix}", bytes([selector]) + body.encode())


def copy_seeds(target, folders, pattern):
    for folder in folders:
        for path in sorted((ROOT / folder).glob(pattern)):
            write(target, path.name, path.read_bytes())


def main():
    # Seeds are overwritten in place; what the fuzzers added (files named by their SHA-1,
    # ignored by git) is left alone.
    decode_response_seeds()
    copy_seeds("load_and_generate", ["spec", "tests/fixtures/edge-specs"], "*.yaml")
    copy_seeds("import_and_generate", ["spec/pages", "tests/fixtures/pages"], "*.txt")
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(f"fuzz/corpus/{target}: {len(list((CORPUS / target).iterdir()))} files")


if __name__ == "__main__":
    main()
