"""Parses one RFC 5322 message from stdin with Python's own e-mail package and prints JSON:
its headers, its MIME structure as one line, and each leaf part decoded. The delivery tests
read messages the real SMTP server stored through this rather than a parser of our own."""

import base64
import email
import email.policy
import json
import sys


def structure(part):
    if part.is_multipart():
        return "%s(%s)" % (part.get_content_type(), ", ".join(structure(p) for p in part.iter_parts()))
    return part.get_content_type()


def leaves(part):
    if part.is_multipart():
        for child in part.iter_parts():
            yield from leaves(child)
    else:
        yield part


message = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)
parts = []
for leaf in leaves(message):
    payload = leaf.get_payload(decode=True) or b""
    parts.append({
        "content_type": leaf.get_content_type(),
        "content_id": leaf.get("Content-ID"),
        "disposition": leaf.get_content_disposition(),
        "text": leaf.get_content() if leaf.get_content_maintype() == "text" else None,
        "base64": base64.b64encode(payload).decode(),
    })
print(json.dumps({
    "headers": [[k, str(v)] for k, v in message.items()],
    "structure": structure(message),
    "parts": parts,
}))
