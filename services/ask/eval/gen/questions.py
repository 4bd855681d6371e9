"""Collects the questions (`add`) and writes them as the eval's TOML."""
import re

QUESTIONS = []


def add(id, lang, tool, text, expect, sql="", after="", currency=None, ordered=True):
    assert re.fullmatch(r"[a-z0-9-]+", id), id
    assert lang in ("en", "de", "fr", "es", "it"), lang
    assert expect in ("amount", "count", "list", "percent", "date", "none"), expect
    assert not any(q["id"] == id for q in QUESTIONS), f"duplicate id {id}"
    if after == "^":
        after = QUESTIONS[-1]["id"]
    if after:
        assert any(q["id"] == after for q in QUESTIONS), f"{id} follows unknown {after}"
    if currency is None:
        currency = "EUR" if expect == "amount" else ""
    if expect == "none":
        assert sql == ""
    else:
        assert sql, id
    QUESTIONS.append(dict(id=id, lang=lang, tool=tool, text=text, after=after, expect=expect,
                          currency=currency, sql=sql, ordered=ordered))


def s(v):
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write(path, header):
    out = [header.rstrip("\n"), ""]
    for q in QUESTIONS:
        assert '"""' not in q["sql"] and "\\" not in q["sql"], q["id"]
        out.append("[[question]]")
        for k in ("id", "lang", "tool", "text", "after", "expect", "currency"):
            out.append(f"{k} = {s(q[k])}")
        if q["expect"] == "list":
            out.append(f"ordered = {'true' if q['ordered'] else 'false'}")
        if q["sql"]:
            out.append('sql = """')
            out.append(q["sql"].strip() + '"""')
        else:
            out.append('sql = ""')
        out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def stats():
    from collections import Counter
    langs = Counter(q["lang"] for q in QUESTIONS)
    tools = Counter(q["tool"] for q in QUESTIONS)
    n = len(QUESTIONS)
    print(n, "questions")
    print("langs:", {k: f"{v} ({100 * v / n:.0f}%)" for k, v in sorted(langs.items())})
    print("tools:", dict(sorted(tools.items())))
    print("follow-ups:", sum(1 for q in QUESTIONS if q["after"]),
          "out of scope:", sum(1 for q in QUESTIONS if q["expect"] == "none"))
