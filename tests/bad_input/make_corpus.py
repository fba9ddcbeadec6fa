#!/usr/bin/env python3
"""tests/bad_input/make_corpus.py DIR: writes the bad-input corpus (DIR/bad)
and a few good articles (DIR/good) that share the run with it.

Generated rather than stored: some kinds are tens of megabytes. Each bad file
is one kind of input a crawler or a user will eventually hand the pipeline;
its name says which. Deterministic."""

import gzip
import json
import os
import random
import sys

ARTICLE = ("Police arrested two protesters in Lagos on Monday after a march "
           "against fuel prices, officials said. ")


def html(body, head=""):
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def kinds():
    rng = random.Random(7)
    text = ARTICLE * 3
    yield "invalid-utf8.txt", b"Kenya and Uganda agreed \xff\xfe\xc3 to reopen the border on Friday. " + text.encode()
    yield "utf16le-no-bom.txt", text.encode("utf-16-le")
    yield "utf16be-bom.txt", b"\xfe\xff" + text.encode("utf-16-be")
    yield "binary.txt", bytes(rng.randrange(256) for _ in range(64 * 1024))
    yield "png-as-html.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(8192))
    yield "empty.txt", b""
    yield "whitespace-only.txt", b" \n\t\r\n   \n" * 100
    yield "huge-50mb.txt", (ARTICLE * (50 * 1024 * 1024 // len(ARTICLE) + 1)).encode()[: 50 * 1024 * 1024]
    yield "no-newline-8mb.txt", (ARTICLE.strip() + " ").encode() * (8 * 1024 * 1024 // len(ARTICLE))
    yield "one-word-2mb.txt", b"a" * (2 * 1024 * 1024)
    yield "deep-nesting.html", html("<div>" * 200_000 + "<p>" + text + "</p>" + "</div>" * 200_000).encode()
    yield "unclosed-tags.html", html("<p><b><i><table><tr><td>" * 5000 + text).encode()[:-14]
    yield "wrong-charset.html", html(f"<p>{text} Caf\xe9 cr\xe8me \x93quoted\x94.</p>",
                                     '<meta charset="utf-8">').encode("latin-1")
    yield "shift-jis-declared.html", html(f"<p>{text}</p>", '<meta charset="shift_jis">').encode()
    yield "nul-bytes.txt", text.encode().replace(b" ", b"\x00", 20)
    yield "control-chars.txt", ("\x1b[31m\x07\x0c" + text + "\x1b[0m\x7f").encode()
    yield "entity-overflow.html", html("<p>&#99999999999; &#xFFFFFFFFFF; &#0; &bogus; " + text + "</p>").encode()
    yield "unterminated-comment.html", html("<p>" + text + "</p><!-- never closed <script>").encode()
    yield "scripts-only.html", html("<script>" + "var x = 1;" * 10_000 + "</script><style>p{}</style>").encode()
    yield "zalgo.txt", ("".join(c + "\u0301\u0316\u0337" * 30 for c in text)).encode()
    yield "cr-only.txt", text.replace(". ", ".\r").encode()
    whole = gzip.compress(" ".join(f"{i} {ARTICLE}" for i in range(200)).encode())
    yield "truncated.txt.gz", whole[: len(whole) // 2]
    yield "not-gzip.txt.gz", text.encode()
    # 256 MiB of zeros in about 256 KiB: ingest's bounded gunzip stops it.
    yield "zip-bomb.txt.gz", gzip.compress(b"\0" * (256 * 1024 * 1024), 9)
    yield "record-no-text.json", json.dumps({"id": "record-no-text", "url": "https://example.org/x"}).encode()
    yield "record-deep-json.json", b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    yield "record-wrong-types.json", json.dumps({"id": 7, "text": ["not", "a", "string"], "published_at": {}}).encode()
    lines = [json.dumps({"id": f"jl-good-{i}", "text": ARTICLE}) for i in range(3)]
    lines.insert(1, '{"id": "jl-broken", "text": "unterminated')
    lines.insert(3, "\x00\x01 not json at all")
    yield "malformed.jsonl", ("\n".join(lines) + "\n").encode()


def main(out):
    os.makedirs(os.path.join(out, "bad"), exist_ok=True)
    os.makedirs(os.path.join(out, "good"), exist_ok=True)
    names = []
    for name, data in kinds():
        with open(os.path.join(out, "bad", name), "wb") as f:
            f.write(data)
        names.append(name)
    good = [
        "The foreign ministers of Kenya and Uganda met in Nairobi on Tuesday to discuss the border.",
        "Rebels shelled the town of Goma overnight, killing four people, officials said on Sunday.",
        "Thousands of teachers went on strike in Lima on Wednesday to demand higher pay.",
        "Police in Dhaka arrested twelve people after clashes near the parliament on Thursday.",
    ]
    for i, t in enumerate(good):
        with open(os.path.join(out, "good", f"good-{i}.txt"), "w") as f:
            f.write(t + "\n")
    print(f"{len(names)} bad inputs, {len(good)} good articles in {out}")


if __name__ == "__main__":
    main(sys.argv[1])
