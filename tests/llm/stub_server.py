"""A local OpenAI-compatible chat server that answers from a script, for tests and browser runs.

Why a real socket rather than a mocked client: the point is to test what LangChain and the openai client
actually put on the wire (the json_schema ``response_format``, retries, timeouts, Retry-After) and how the
reviewer survives what real servers do wrong. Every request is recorded so tests can read the prompts and
check that the key never comes back in a response.

Use in tests::

    with StubServer() as stub:
        stub.enqueue(content={"findings": []})
        stub.enqueue(status=500)          # a failure, then ...
        ...  # point LlmSettings.base_url at stub.base_url

Run as a process (for the browser tests)::

    python -m tests.llm.stub_server --port 8765

In process mode scripted answers can be queued over HTTP with ``POST /stub/enqueue`` (the keyword arguments of
``enqueue`` as JSON) and the recorded requests read with ``GET /stub/requests``. When the queue is empty the
server answers with a harmless default for the schema it was asked for (no findings, an unknown profile).
"""

from __future__ import annotations

import argparse
import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_DEFAULTS: dict[str, dict[str, Any]] = {
    "ClaimJudgement": {
        "article_strength": 0,
        "abstract_strength": 0,
        "abstract_sentence": "",
        "article_reading": {"hedges": [], "subjects": "unknown", "species": [], "scope": []},
        "abstract_reading": {"hedges": [], "subjects": "unknown", "species": [], "scope": []},
        "spin": "",
        "findings": [],
    },
    "ProfileAnswer": {
        "design": "unknown",
        "subjects": "unknown",
        "species": [],
        "sample_size": None,
        "stage": "unknown",
        "evidence_quote": "",
    },
    "RewriteAnswer": {"rewrite": "", "reason": "stub default"},
    "StrengthAnswer": {"cue": "", "strength": 0},
}


@dataclass
class Scripted:
    """One scripted reply. ``content`` is JSON-encoded unless it is already a string (to send broken JSON)."""

    content: Any = None
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    refusal: str | None = None
    body: str | None = None
    """A raw body that replaces the whole response (for error payloads)."""
    prompt_tokens: int = 100
    completion_tokens: int = 20
    when: str | None = None
    """Only answer a request whose messages contain this text (concurrent calls arrive in any order)."""
    drip_s: float = 0.0
    """Send the reply one byte every ``drip_s`` seconds (a server that never times out a per-read timeout)."""
    drip_headers: bool = False
    """With ``drip_s``: drip the status line and headers too, not only the body."""
    hang: bool = False
    """Never answer: hold the connection open until the stub stops."""


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: str
    at: float = 0.0
    """time.monotonic() when the request arrived."""

    def text(self) -> str:
        """All message contents joined: what tests search for evidence sentences."""
        return "\n".join(str(m.get("content") or "") for m in self.body.get("messages", []))


class StubServer:
    """The server, its script and its record. Start with ``start()`` or use it as a context manager."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._script: deque[Scripted] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.requests: list[Recorded] = []
        self.responses: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.stopping = threading.Event()
        """Set on stop: hanging and dripping replies end, so no handler thread outlives the test."""

    # -- script ------------------------------------------------------------------------------------------
    def enqueue(self, content: Any = None, **kwargs: Any) -> None:
        """Queue one reply; see ``Scripted`` for the knobs (status, headers, delay_s, refusal, body...)."""
        with self._lock:
            self._script.append(Scripted(content=content, **kwargs))

    def pending(self) -> int:
        with self._lock:
            return len(self._script)

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- lifecycle ---------------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> StubServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="llm-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- replies -----------------------------------------------------------------------------------------
    def _next(self, body: dict[str, Any]) -> Scripted:
        text = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
        with self._lock:
            for reply in self._script:
                if reply.when is None or reply.when in text:
                    self._script.remove(reply)
                    return reply
        schema = ((body.get("response_format") or {}).get("json_schema") or {}).get("name", "")
        return Scripted(content=_DEFAULTS.get(schema, {}))

    def _completion(self, body: dict[str, Any], reply: Scripted) -> str:
        if reply.refusal is not None:
            message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": reply.refusal}
        else:
            text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
            message = {"role": "assistant", "content": text, "refusal": None}
        return json.dumps(
            {
                "id": f"chatcmpl-stub-{next(self._ids)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "stub"),
                "system_fingerprint": None,
                "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": "stop"}],
                "usage": {
                    "prompt_tokens": reply.prompt_tokens,
                    "completion_tokens": reply.completion_tokens,
                    "total_tokens": reply.prompt_tokens + reply.completion_tokens,
                },
            }
        )

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read .requests instead
                return

            def _send(
                self, status: int, text: str, headers: dict[str, str] | None = None, reply: Scripted | None = None
            ) -> None:
                data = text.encode("utf-8")
                try:
                    if reply is not None and reply.drip_s > 0:
                        self._drip(status, data, headers or {}, reply)
                    else:
                        self.send_response(status)
                        self._headers(len(data), headers or {})
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    return
                stub.responses.append(text)

            def _headers(self, length: int, headers: dict[str, str]) -> None:
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(length))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()

            def _drip(self, status: int, data: bytes, headers: dict[str, str], reply: Scripted) -> None:
                """One byte per ``drip_s``: the body only, or (``drip_headers``) the status line and headers too."""
                drip = _Dripping(self.wfile, reply.drip_s, stub.stopping)
                if reply.drip_headers:
                    lines = [f"HTTP/1.1 {status} OK", "Content-Type: application/json", f"Content-Length: {len(data)}"]
                    lines += [f"{name}: {value}" for name, value in headers.items()]
                    drip.write(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
                else:
                    self.send_response(status)
                    self._headers(len(data), headers)
                    self.wfile.flush()
                drip.write(data)

            def do_GET(self) -> None:
                if self.path == "/stub/requests":
                    self._send(200, json.dumps([r.body for r in stub.requests]))
                elif self.path.rstrip("/") == "/v1/models":
                    self._send(200, json.dumps({"object": "list", "data": [{"id": "stub-model"}]}))
                else:
                    self._send(404, json.dumps({"error": {"message": "not found"}}))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                try:
                    body = json.loads(raw) if raw else {}
                except json.JSONDecodeError:
                    body = {}
                if self.path == "/stub/enqueue":
                    stub.enqueue(**body)
                    self._send(200, json.dumps({"queued": stub.pending()}))
                    return
                stub.requests.append(Recorded(self.path, dict(self.headers.items()), body, raw, time.monotonic()))
                if not self.path.endswith("/chat/completions"):
                    self._send(404, json.dumps({"error": {"message": "only chat completions here"}}))
                    return
                reply = stub._next(body)
                with stub._lock:
                    stub.in_flight += 1
                    stub.max_in_flight = max(stub.max_in_flight, stub.in_flight)
                try:
                    stub.stopping.wait(reply.delay_s or 0.02)  # a little latency so concurrency is observable
                    if reply.hang:
                        stub.stopping.wait()
                        return
                finally:
                    with stub._lock:
                        stub.in_flight -= 1
                if reply.body is not None or reply.status != 200:
                    error = {"error": {"message": f"scripted {reply.status}", "type": "server_error"}}
                    self._send(reply.status, reply.body or json.dumps(error), reply.headers, reply)
                    return
                self._send(200, stub._completion(body, reply), reply.headers, reply)

        return Handler


class _Dripping:
    """A writer that sends one byte at a time with a pause between, until the stub stops."""

    def __init__(self, raw: Any, pause_s: float, stopping: threading.Event) -> None:
        self._raw, self._pause_s, self._stopping = raw, pause_s, stopping

    def write(self, data: bytes) -> int:
        for i in range(len(data)):
            if self._stopping.wait(self._pause_s):
                raise BrokenPipeError("the stub stopped")
            self._raw.write(data[i : i + 1])
            self._raw.flush()
        return len(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Scripted OpenAI-compatible chat server for Caveat's tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (printed on start).")
    args = parser.parse_args(argv)
    stub = StubServer(args.host, args.port)
    print(f"stub LLM server on {stub.base_url}", flush=True)
    try:
        stub._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stub._httpd.server_close()


if __name__ == "__main__":
    main()
