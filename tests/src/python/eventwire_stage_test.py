"""The Python stage SDK's drain: a stage stops within --drain_seconds of
SIGTERM whatever its calls are doing, names the documents it abandons, and a
second SIGTERM ends it at once."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unittest

import grpc
from eventwire.v1 import stage_pb2, stage_pb2_grpc

STAGE = textwrap.dedent("""
    import time
    from eventwire_stage import Stage, description, serve

    class Sleepy(Stage):
        def describe(self):
            return description("sleepy", "1.0.0", needs=["text"], provides=["sleepy"])

        def process(self, doc):
            if "hang" in doc.text:
                time.sleep(3600)  # a call that never returns by itself

    serve(Sleepy())
""")


class DrainTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp()
        self.script = os.path.join(self.work, "sleepy_stage.py")
        with open(self.script, "w") as f:
            f.write(STAGE)
        self.stage = None
        self.log = None

    def tearDown(self):
        if self.stage and self.stage.poll() is None:
            self.stage.kill()
            self.stage.wait()
        if self.log:
            self.log.close()
        subprocess.run(["rm", "-rf", self.work], check=False)

    def start(self, drain_seconds):
        port_file = os.path.join(self.work, "port")
        self.log = open(os.path.join(self.work, "stage.log"), "w+")
        self.stage = subprocess.Popen(
            [sys.executable, self.script, "--listen", "127.0.0.1:0", "--port_file", port_file,
             "--drain_seconds", str(drain_seconds)],
            stderr=self.log, env=dict(os.environ))
        for _ in range(400):
            if os.path.exists(port_file) or self.stage.poll() is not None:
                break
            time.sleep(0.05)
        self.assertIsNone(self.stage.poll(), "the stage exited at start")
        with open(port_file) as f:
            return f.read().strip()

    def call_in_background(self, port, text, document_id):
        """Sends one document and returns once the stage is working on it."""
        def call():
            with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
                request = stage_pb2.ProcessRequest()
                request.documents.add(id=document_id, text=text)
                try:
                    stage_pb2_grpc.StageStub(channel).Process(request, timeout=60)
                except grpc.RpcError:
                    pass  # the stage goes away under the call
        threading.Thread(target=call, daemon=True).start()
        time.sleep(1.0)  # the call reaches the stage's process()

    def stop_and_time(self, signals, gap=0.3):
        start = time.monotonic()
        for i in range(signals):
            if i:
                time.sleep(gap)
            self.stage.send_signal(signal.SIGTERM)
        try:
            code = self.stage.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.fail("the stage was still running 30 s after SIGTERM")
        self.log.seek(0)
        return code, time.monotonic() - start, self.log.read()

    def test_a_hung_call_ends_at_the_drain_deadline_naming_its_document(self):
        port = self.start(drain_seconds=1)
        self.call_in_background(port, "please hang here", "stuck-doc")
        code, seconds, log = self.stop_and_time(signals=1)
        self.assertEqual(code, 3, log)
        self.assertLess(seconds, 1 + 1, log)
        self.assertIn("did not drain (deadline of 1 s passed)", log)
        self.assertIn("1 call(s) still running on document(s) 'stuck-doc'", log)

    def test_a_second_sigterm_ends_the_drain_at_once(self):
        port = self.start(drain_seconds=60)
        self.call_in_background(port, "hang", "stuck-doc")
        code, seconds, log = self.stop_and_time(signals=2)
        self.assertEqual(code, 3, log)
        self.assertLess(seconds, 2, log)
        self.assertIn("did not drain (signal 15 again)", log)

    def test_without_calls_in_flight_the_stage_stops_cleanly(self):
        port = self.start(drain_seconds=10)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            request = stage_pb2.ProcessRequest()
            request.documents.add(id="quick", text="nothing to wait for")
            response = stage_pb2_grpc.StageStub(channel).Process(request, timeout=30)
        self.assertEqual(response.results[0].code, 0)
        code, seconds, log = self.stop_and_time(signals=1)
        self.assertEqual(code, 0, log)
        self.assertLess(seconds, 5, log)
        self.assertIn("stage 'sleepy' stopped", log)
        self.assertNotIn("did not drain", log)


if __name__ == "__main__":
    unittest.main()
