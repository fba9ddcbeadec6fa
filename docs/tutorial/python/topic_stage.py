#!/usr/bin/env python3
"""The "write your own stage" tutorial in Python: the C++ tutorial's topic
stage (docs/tutorial/cpp) again. Labels each document with the topics its text
is about, from a keyword table (document attribute "topics").

    PYTHONPATH=PREFIX/share/eventwire/python /usr/bin/python3 topic_stage.py --listen 127.0.0.1:7410
"""

import sys

from eventwire_stage import Stage, StageError, description, serve

TOPICS = {
    "elections": ("election", "ballot", "vote", "polls"),
    "unrest": ("protest", "riot", "demonstrat", "strike"),
    "diplomacy": ("talks", "summit", "minister", "negotiat"),
    "violence": ("attack", "killed", "bomb", "shell"),
}


class TopicStage(Stage):
    """Labels documents with topics from a keyword table."""

    def __init__(self, name="topics-py"):
        self.name = name

    def describe(self):
        # Checked at start: this stage reads the cleaned text and adds "topics".
        return description(self.name, "1.0.0", needs=["text"], provides=["topics"],
                           idempotent=True, text="labels documents with topics")

    def process(self, doc):
        # Called from several threads at once: no per-call state on self.
        if not doc.text:
            raise StageError("the document has no text")  # a dead letter naming this stage
        lower = doc.text.lower()
        found = [t for t, keywords in TOPICS.items() if any(k in lower for k in keywords)]
        doc.attributes["topics_py"] = ",".join(found)


if __name__ == "__main__":
    serve(TopicStage(), sys.argv[1:])
