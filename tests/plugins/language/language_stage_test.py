"""The Python SDK and the language stage without a server: identification,
and what the SDK does with a document (trace, capabilities, errors that name
the stage and the document). Run with PYTHONPATH=BUILD/python."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../plugins/language"))

import eventwire_stage  # noqa: E402
import language_stage  # noqa: E402
from eventwire.v1 import document_pb2  # noqa: E402


class LanguageTest(unittest.TestCase):
    def test_identifies_languages(self):
        texts = {
            "en": "The minister said on Monday that the talks with the rebels would resume in "
                  "Geneva, and that he was hopeful.",
            "fr": "Le ministre a déclaré lundi que les discussions avec les rebelles "
                  "reprendraient à Genève et qu'il était optimiste.",
            "es": "El ministro dijo el lunes que las conversaciones con los rebeldes se "
                  "reanudarían en Ginebra y que era optimista.",
            "de": "Der Minister sagte am Montag, dass die Gespräche mit den Rebellen in Genf "
                  "wieder aufgenommen werden und er zuversichtlich sei.",
            "pt": "O ministro disse na segunda-feira que as conversas com os rebeldes seriam "
                  "retomadas em Genebra e que estava otimista.",
        }
        for want, text in texts.items():
            got, confidence = language_stage.identify(text)
            self.assertEqual(got, want, text)
            self.assertGreater(confidence, 0.5)
        self.assertEqual(language_stage.identify("Kyiv, 2025"), (None, 0.0))


class SdkTest(unittest.TestCase):
    def setUp(self):
        self.stage = language_stage.LanguageStage()
        self.desc = self.stage.describe()

    def test_a_processed_document_carries_trace_and_capability(self):
        doc = document_pb2.Document(id="d1", text="The talks in Geneva will resume on the first day of the week.")
        result = eventwire_stage._run(self.stage, self.desc, doc)
        self.assertEqual(result.code, 0)
        self.assertEqual(result.document.attributes["language"], "en")
        self.assertEqual(result.document.metadata.language, "en")
        self.assertEqual([t.stage for t in result.document.trace], ["language"])
        self.assertIn("language", result.document.provided)

    def test_errors_name_stage_and_document(self):
        result = eventwire_stage._run(self.stage, self.desc, document_pb2.Document(id="blank", text="  "))
        self.assertNotEqual(result.code, 0)
        self.assertIn("stage 'language' failed on document 'blank'", result.error)
        self.assertFalse(result.HasField("document"))

    def test_a_bug_in_a_stage_costs_only_that_document(self):
        class Broken(eventwire_stage.Stage):
            def process(self, doc):
                raise KeyError("oops")
        result = eventwire_stage._run(Broken(), self.desc, document_pb2.Document(id="x", text="t"))
        self.assertEqual(result.code, 13)  # INTERNAL
        self.assertIn("KeyError", result.error)


class JsonLogTest(unittest.TestCase):
    def test_json_lines_when_asked(self):
        import contextlib
        import io
        import json
        err = io.StringIO()
        os.environ["EVENTWIRE_LOG_FORMAT"] = "json"
        try:
            with contextlib.redirect_stderr(err):
                eventwire_stage._log("warning", 'failed: "x"\n', "doc-1", "0af7")
        finally:
            del os.environ["EVENTWIRE_LOG_FORMAT"]
        record = json.loads(err.getvalue())
        self.assertEqual(record["level"], "warning")
        self.assertEqual(record["message"], 'failed: "x"\n')
        self.assertEqual((record["document"], record["trace"]), ("doc-1", "0af7"))
        self.assertTrue(record["time"].endswith("Z"))


class ServedStageTest(unittest.TestCase):
    """The stage as a server: Process over gRPC, and its Prometheus metrics
    under the names the C++ stages use."""

    def test_exports_metrics_like_the_cpp_stages(self):
        import shutil
        import socket
        import subprocess
        import tempfile
        import time
        import urllib.request

        import grpc
        from eventwire.v1 import stage_pb2, stage_pb2_grpc

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            metrics_port = s.getsockname()[1]
        work = tempfile.mkdtemp()
        port_file = os.path.join(work, "port")
        script = os.path.join(os.path.dirname(__file__), "../../../plugins/language/language_stage.py")
        stage = subprocess.Popen([sys.executable, script, "--listen", "127.0.0.1:0", "--port_file", port_file,
                                  "--metrics_listen", f"127.0.0.1:{metrics_port}", "--drain_seconds", "1"],
                                 stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                if os.path.exists(port_file) or stage.poll() is not None:
                    break
                time.sleep(0.05)
            self.assertIsNone(stage.poll(), "the stage exited")
            with open(port_file) as f:
                port = f.read().strip()
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                request = stage_pb2.ProcessRequest()
                request.documents.add(id="ok", text="The talks in Geneva will resume on Monday, officials said.")
                request.documents.add(id="blank", text=" ")
                response = stage_pb2_grpc.StageStub(channel).Process(request, timeout=30)
            self.assertEqual([r.code != 0 for r in response.results], [False, True])
            body = urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).read().decode()
            self.assertIn('eventwire_stage_documents_total{outcome="ok",stage="language"} 1.0', body)
            self.assertIn('eventwire_stage_documents_total{outcome="error",stage="language"} 1.0', body)
            self.assertIn('eventwire_stage_document_seconds_count{stage="language"} 2.0', body)
            self.assertIn('eventwire_stage_calls_in_flight{stage="language"} 0.0', body)
        finally:
            stage.terminate()
            stage.wait(timeout=30)
            shutil.rmtree(work)


if __name__ == "__main__":
    unittest.main()
