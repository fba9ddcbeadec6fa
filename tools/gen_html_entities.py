#!/usr/bin/env python3
"""Writes services/clean/html_entities.inc: the HTML standard's named character
references (WHATWG list, as Python's html.entities.html5 carries it), sorted by
name, as C++ initialisers {name, UTF-8 text}."""
import html.entities
import pathlib

out = pathlib.Path(__file__).resolve().parent.parent / "services/clean/html_entities.inc"
lines = []
for name, text in sorted(html.entities.html5.items()):
    escaped = "".join("\\x%02X" % b for b in text.encode("utf-8"))
    lines.append('    {"%s", "%s"},' % (name, escaped))
out.write_text(
    "// The HTML named character references (WHATWG list), generated from Python's\n"
    "// html.entities.html5: name (with \";\" where the standard has it) -> UTF-8.\n"
    "// Sorted by name.\n" + "\n".join(lines) + "\n")
print(f"{len(lines)} references written to {out}")
