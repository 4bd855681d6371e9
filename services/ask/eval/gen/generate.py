"""Writes questions.toml from the modules beside this file (the TOML is what the runner
reads; edit the modules and regenerate rather than editing the TOML by hand):

    python3 services/ask/eval/gen/generate.py            # writes services/ask/eval/questions.toml
    python3 services/ask/eval/gen/generate.py OUT MODULE  # another set (the held-out one) from MODULE
"""
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, HERE)

import questions  # noqa: E402

SETS = ["spending", "transactions", "money", "patterns", "out_of_scope", "more_languages"]
HEADER = """# The ask engine's evaluation set (issue 20), written by gen/generate.py: edit gen/ and
# regenerate. Format and definitions: README.md beside it.
# $1 = the user's id (uuid), $2 = today in the user's zone (date). Check: ./check.sh
"""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "questions.toml")
    modules = SETS
    header = HEADER
    if len(sys.argv) > 2:
        path = os.path.abspath(sys.argv[2])
        sys.path.insert(0, os.path.dirname(path))
        modules = [os.path.splitext(os.path.basename(path))[0]]
        header = "# Written by services/ask/eval/gen/generate.py from " + os.path.basename(path) + "\n"
    for name in modules:
        importlib.import_module(name)
    questions.write(out, header)
    questions.stats()


if __name__ == "__main__":
    main()
