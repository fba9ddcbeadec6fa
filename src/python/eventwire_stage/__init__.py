"""Write an eventwire stage in Python.

    from eventwire_stage import Stage, StageError, description, serve

    class Shout(Stage):
        def describe(self):
            return description("shout", "1.0.0", needs=["text"], provides=["shout"])

        def process(self, doc):          # an eventwire.v1.Document; change it in place
            if not doc.text:
                raise StageError("the document has no text")   # costs this document alone
            doc.attributes["shout"] = doc.text.upper()[:20]

    if __name__ == "__main__":
        serve(Shout())

serve() gives the stage what the C++ SDK gives a C++ stage: the eventwire.v1.Stage
service (Describe, Process, ProcessStream), the standard gRPC health service
(NOT_SERVING while starting and draining), --listen / --port_file / --drain_seconds
flags, Prometheus metrics at --metrics_listen (the C++ stages' names and labels; needs
Debian's python3-prometheus-client), a trace entry and the stage's capabilities on every document it processes, and
errors that name the stage and the document. Needs Debian's python3-grpcio and
python3-protobuf and the generated eventwire modules (cmake builds them into
BUILD/python; `cmake --install` into share/eventwire/python).
"""

import argparse
import concurrent.futures
import contextlib
import json
import os
import signal
import sys
import threading
import time

import grpc

from eventwire.v1 import document_pb2, stage_pb2, stage_pb2_grpc

STAGE_API_VERSION = 1

__all__ = ["Stage", "StageError", "description", "serve", "document_pb2", "stage_pb2"]


class StageError(Exception):
    """A document this stage cannot handle: it becomes a dead letter naming the stage."""

    def __init__(self, message, code=grpc.StatusCode.INVALID_ARGUMENT):
        super().__init__(message)
        self.code = code


class Stage:
    """Implement describe() and process(doc). process() is called from several threads."""

    def describe(self):
        raise NotImplementedError

    def process(self, doc):
        raise NotImplementedError


def description(name, version, needs=(), provides=(), idempotent=True, text=""):
    d = stage_pb2.StageDescription(name=name, version=version, api_version=STAGE_API_VERSION,
                                   idempotent=idempotent, description=text)
    d.needs.extend(needs)
    d.provides.extend(provides)
    return d


def _log(level, message, document_id="", trace_id=""):
    """One line as the C++ services write it: time level component[pid]
    message, then the document and trace the line is about; with
    EVENTWIRE_LOG_FORMAT=json, their JSON object instead."""
    now = time.time()
    if os.environ.get("EVENTWIRE_LOG_FORMAT") == "json":
        record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z",
                  "level": level, "component": _component, "pid": os.getpid(), "message": message}
        if document_id:
            record["document"] = document_id
        if trace_id:
            record["trace"] = trace_id
        print(json.dumps(record, ensure_ascii=False), file=sys.stderr, flush=True)
        return
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}"
    context = (f" document={document_id}" if document_id else "") + (f" trace={trace_id}" if trace_id else "")
    print(f"{stamp} {level} {_component}[{os.getpid()}] {message}{context}", file=sys.stderr, flush=True)


_component = "stage"


def _trace_ids(context):
    """The trace ids the call's metadata names, in document order."""
    return [v for k, v in (context.invocation_metadata() or ()) if k == "x-eventwire-trace-id"]


class _Metrics:
    """What the stage exports to Prometheus: the C++ stage server's metrics,
    same names, labels and buckets, so one dashboard shows stages in any language."""

    BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
               0.5, 1, 2.5, 5, 10)

    def __init__(self, stage_name, listen):
        try:
            import prometheus_client
        except ImportError:
            sys.exit(f"stage '{stage_name}': --metrics_listen needs Debian's python3-prometheus-client")
        registry = prometheus_client.CollectorRegistry()
        documents = prometheus_client.Counter(
            "eventwire_stage_documents", "Documents processed, by outcome", ["stage", "outcome"],
            registry=registry)
        self.ok = documents.labels(stage=stage_name, outcome="ok")
        self.failed = documents.labels(stage=stage_name, outcome="error")
        self.seconds = prometheus_client.Histogram(
            "eventwire_stage_document_seconds", "Time to process one document", ["stage"],
            buckets=self.BUCKETS, registry=registry).labels(stage=stage_name)
        self.in_flight = prometheus_client.Gauge(
            "eventwire_stage_calls_in_flight", "Process and ProcessStream calls being served",
            ["stage"], registry=registry).labels(stage=stage_name)
        host, _, port = listen.rpartition(":")
        try:
            prometheus_client.start_http_server(int(port), addr=host.strip("[]") or "0.0.0.0",
                                                registry=registry)
        except (OSError, ValueError) as e:
            sys.exit(f"stage '{stage_name}': cannot serve metrics on {listen}: {e}")


# The documents the stage is working on now, so that a drain that has to
# abandon calls can say which documents they were.
_in_progress = {}
_in_progress_lock = threading.Lock()


def _documents_in_progress():
    with _in_progress_lock:
        return sorted(_in_progress)


def _run(stage, desc, doc, trace_id="", metrics=None):
    """Runs the stage on a copy of doc; a DocumentResult as the C++ RunStage makes it.
    trace_id names the document's trace when the document itself does not."""
    start = time.monotonic()
    with _in_progress_lock:
        _in_progress[doc.id] = _in_progress.get(doc.id, 0) + 1
    try:
        result = _run_stage(stage, desc, doc, trace_id)
    finally:
        with _in_progress_lock:
            _in_progress[doc.id] -= 1
            if not _in_progress[doc.id]:
                del _in_progress[doc.id]
    if metrics:
        metrics.seconds.observe(time.monotonic() - start)
        (metrics.failed if result.code else metrics.ok).inc()
    return result


def _run_stage(stage, desc, doc, trace_id):
    result = stage_pb2.DocumentResult(document_id=doc.id)
    work = document_pb2.Document()
    work.CopyFrom(doc)
    start = time.monotonic()
    try:
        stage.process(work)
    except StageError as e:
        code, message = e.code, str(e)
    except Exception as e:  # a bug in the stage costs this document alone
        code, message = grpc.StatusCode.INTERNAL, f"{type(e).__name__}: {e}"
    else:
        if work.id != doc.id:
            code, message = grpc.StatusCode.INTERNAL, f"the stage changed the document id to '{work.id}'"
        else:
            work.trace.add(stage=desc.name, version=desc.version,
                           micros=int((time.monotonic() - start) * 1e6))
            have = set(work.provided)
            work.provided.extend(p for p in desc.provides if p not in have)
            result.document.CopyFrom(work)
            return result
    result.code = code.value[0]
    result.error = f"stage '{desc.name}' failed on document '{doc.id}': {message}"
    _log("warning", result.error, doc.id, doc.trace_id or trace_id)
    return result


class _StageService(stage_pb2_grpc.StageServicer):
    def __init__(self, stage, desc, metrics=None):
        self._stage, self._desc, self._metrics = stage, desc, metrics

    def Describe(self, request, context):
        return self._desc

    def _in_flight(self):
        return self._metrics.in_flight.track_inprogress() if self._metrics else contextlib.nullcontext()

    def Process(self, request, context):
        response = stage_pb2.ProcessResponse()
        traces = _trace_ids(context)
        with self._in_flight():
            for i, doc in enumerate(request.documents):
                if not context.is_active():
                    context.abort(grpc.StatusCode.CANCELLED, "batch cancelled by the caller")
                response.results.append(_run(self._stage, self._desc, doc,
                                             traces[i] if i < len(traces) else "", self._metrics))
        return response

    def ProcessStream(self, request_iterator, context):
        with self._in_flight():
            for doc in request_iterator:
                yield _run(self._stage, self._desc, doc, metrics=self._metrics)


class _Health:
    """grpc.health.v1.Health, written out: HealthCheckResponse is one enum field
    (1 SERVING, 2 NOT_SERVING), so its bytes are 0x08 and the value."""

    SERVING, NOT_SERVING = b"\x08\x01", b"\x08\x02"

    def __init__(self):
        self._serving = False
        self._changed = threading.Condition()

    def set_serving(self, serving):
        with self._changed:
            self._serving = serving
            self._changed.notify_all()

    def _status(self):
        return self.SERVING if self._serving else self.NOT_SERVING

    def check(self, request, context):
        return self._status()

    def watch(self, request, context):
        last = None
        while context.is_active():
            status = self._status()
            if status != last:
                yield status
                last = status
            with self._changed:
                self._changed.wait(timeout=1.0)

    def handler(self):
        same = lambda b: b  # noqa: E731 - bytes in, bytes out
        return grpc.method_handlers_generic_handler("grpc.health.v1.Health", {
            "Check": grpc.unary_unary_rpc_method_handler(
                self.check, request_deserializer=same, response_serializer=same),
            "Watch": grpc.unary_stream_rpc_method_handler(
                self.watch, request_deserializer=same, response_serializer=same),
        })


def serve(stage, argv=None):
    parser = argparse.ArgumentParser(description=(stage.__doc__ or "an eventwire stage").strip())
    parser.add_argument("--listen", default="127.0.0.1:0", help="host:port (port 0 picks one)")
    parser.add_argument("--port_file", default="", help="write the bound port here once serving")
    parser.add_argument("--drain_seconds", type=float, default=10.0,
                        help="how long calls in flight may finish after SIGTERM")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--metrics_listen", default="",
                        help="serve Prometheus metrics at http://HOST:PORT/metrics")
    parser.add_argument("--tls_cert", default="", help="serve TLS with this certificate (PEM)")
    parser.add_argument("--tls_key", default="", help="the private key of --tls_cert (PEM)")
    parser.add_argument("--tls_ca", default="", help="verify client certificates against this CA")
    parser.add_argument("--tls_require_client_cert", action="store_true",
                        help="refuse clients without a certificate --tls_ca signed")
    args, _ = parser.parse_known_args(argv)

    desc = stage.describe()
    global _component
    _component = desc.name or "stage"
    if not desc.name:
        sys.exit("the stage's description has no name")
    server = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=args.workers),
                         options=[("grpc.max_receive_message_length", 256 << 20),
                                  ("grpc.max_send_message_length", 256 << 20),
                                  # the coordinator's keepalive pings find cut links
                                  ("grpc.keepalive_permit_without_calls", 1),
                                  ("grpc.http2.min_ping_interval_without_data_ms", 1000),
                                  ("grpc.http2.max_ping_strikes", 0)])
    metrics = _Metrics(desc.name, args.metrics_listen) if args.metrics_listen else None
    stage_pb2_grpc.add_StageServicer_to_server(_StageService(stage, desc, metrics), server)
    health = _Health()
    server.add_generic_rpc_handlers((health.handler(),))
    if args.tls_cert:
        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_server_credentials(
            [(read(args.tls_key), read(args.tls_cert))],
            root_certificates=read(args.tls_ca) if args.tls_ca else None,
            require_client_auth=args.tls_require_client_cert)
        port = server.add_secure_port(args.listen, credentials)
    else:
        port = server.add_insecure_port(args.listen)
    if port == 0:
        sys.exit(f"stage '{desc.name}': cannot listen on {args.listen}")
    server.start()
    health.set_serving(True)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    _log("info", f"stage '{desc.name}' {desc.version} serving on port {port}")

    signals = []
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, _frame: (signals.append(number), stop.set()))
    stop.wait()
    _log("info", f"draining stage '{desc.name}' (up to {args.drain_seconds} s)")
    health.set_serving(False)
    # grpc cancels the calls still running at the deadline but cannot stop a
    # handler stuck in the stage, and the interpreter would wait for its
    # thread at exit: the drain is bounded here, and a second signal ends it.
    drained = server.stop(args.drain_seconds)
    deadline = time.monotonic() + args.drain_seconds
    # grpc reports the server stopped once it has cancelled the calls at the
    # deadline, even while a handler is still inside the stage: wait for the
    # stage's own work too.
    while time.monotonic() < deadline and len(signals) < 2:
        if drained.is_set() and not _documents_in_progress():
            break
        time.sleep(0.05)
    if not drained.is_set() or _documents_in_progress():
        why = f"signal {signals[-1]} again" if len(signals) >= 2 else \
            f"deadline of {args.drain_seconds:g} s passed"
        abandoned = _documents_in_progress()
        names = ", ".join(f"'{d}'" for d in abandoned) if abandoned else "(none)"
        _log("error", f"stage '{desc.name}' did not drain ({why}): abandoning "
             f"{len(abandoned)} call(s) still running on document(s) {names}")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(3)
    _log("info", f"stage '{desc.name}' stopped")
    sys.stdout.flush()
    sys.stderr.flush()
    # Worker threads may still be parked in the thread pool: do not wait.
    os._exit(0)
