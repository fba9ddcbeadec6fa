"""tools/stories/ecbplus.py on a tiny corpus in ECB+'s format: the text keeps
each token's offsets, events align with gold mentions by stem, and merges
are scored pairwise across articles."""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                "tools", "stories"))
import ecbplus  # noqa: E402


def article(name, sentences, actions, cross):
    """sentences: lists of words; actions: {m_id: [t_id, ...]};
    cross: {instance: [m_id, ...]}."""
    tokens, t_id = [], 0
    for number, words in enumerate(sentences):
        for i, word in enumerate(words):
            t_id += 1
            tokens.append('<token t_id="%d" sentence="%d" number="%d">%s</token>'
                          % (t_id, number, i, word))
    markables = "".join(
        '<ACTION_OCCURRENCE m_id="%s">%s</ACTION_OCCURRENCE>' % (
            m, "".join('<token_anchor t_id="%d"/>' % t for t in ts))
        for m, ts in actions.items())
    relations = "".join(
        '<CROSS_DOC_COREF r_id="%d" note="%s">%s<target m_id="99"/>'
        '</CROSS_DOC_COREF>' % (
            k, inst, "".join('<source m_id="%s"/>' % m for m in ms))
        for k, (inst, ms) in enumerate(cross.items()))
    return ('<Document doc_name="%s">%s<Markables>%s</Markables>'
            '<Relations>%s</Relations></Document>' % (
                name, "".join(tokens), markables, relations))


class EcbPlusTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, "ECB+", "1"))
        arrest = ["Police", "arrested", "John", "Doe", "in", "Paris", "."]
        files = {
            "1_1ecb.xml": article("1_1ecb.xml", [["``", "Hi", "''"], arrest],
                                  {"5": [5]}, {"ACT1": ["5"]}),
            "1_2ecb.xml": article("1_2ecb.xml", [arrest], {"2": [2]},
                                  {"ACT1": ["2"]}),
            "1_3ecb.xml": article("1_3ecb.xml", [arrest], {"2": [2]},
                                  {"ACT2": ["2"]}),
        }
        for name, xml in files.items():
            with open(os.path.join(self.dir, "ECB+", "1", name), "w") as f:
                f.write(xml)
        with open(os.path.join(self.dir, "ECBplus_coreference_sentences.csv"),
                  "w") as f:
            f.write("Topic,File,Sentence Number\n1,1ecb,1\n1,2ecb,0\n1,3ecb,0\n")

    def test_the_text_keeps_each_tokens_offsets(self):
        path = os.path.join(self.dir, "ECB+", "1", "1_1ecb.xml")
        text, spans, sentence_of, mentions = ecbplus._read_article(path)
        self.assertEqual(text, "\u201cHi\u201d\nPolice arrested John Doe in Paris.")
        begin, end = spans["5"]
        self.assertEqual(text[begin:end], "arrested")
        self.assertEqual(sentence_of["5"], 1)
        self.assertEqual(mentions, [(["5"], "ACT1")])

    def test_merges_are_scored_pairwise_across_articles(self):
        def doc(name, feed_event_id, trigger="arrest"):
            path = os.path.join(self.dir, "ECB+", "1", "1_%s.xml" % name)
            text = ecbplus._read_article(path)[0]
            begin = text.index("Police")
            return {"id": "1/" + name, "text": text, "events": [{
                "type": "COERCE", "trigger": trigger,
                "feed_event_id": feed_event_id,
                "evidence": {"begin": begin, "end": len(text)}}]}

        # 1 and 2 report one arrest (merged: right); 3 another (merged with
        # 2: wrong); 1 and 3 not merged: right.
        docs = [doc("1ecb", "fe-a"), doc("2ecb", "fe-a"), doc("3ecb", "fe-a")]
        out = os.path.join(self.dir, "out.jsonl")
        with open(out, "w") as f:
            for d in docs:
                f.write(json.dumps(d) + "\n")
        with contextlib.redirect_stdout(io.StringIO()):
            precision, recall, f1 = ecbplus.score(self.dir, out)
        self.assertAlmostEqual(precision, 1 / 3)
        self.assertAlmostEqual(recall, 1.0)
        # A trigger of another stem aligns with nothing: no pair is scored.
        docs[1]["events"][0]["trigger"] = "meet"
        with open(out, "w") as f:
            for d in docs:
                f.write(json.dumps(d) + "\n")
        with contextlib.redirect_stdout(io.StringIO()):
            precision, recall, f1 = ecbplus.score(self.dir, out)
        self.assertEqual(recall, 0.0)
        self.assertEqual(precision, 0.0)


if __name__ == "__main__":
    unittest.main()
