#!/usr/bin/env python3
"""A fast Cells-like HTTP/1.1 server for the benchmarks (stdlib only, asyncio).

    POST /auth/dex/token  -> 200 application/json, a password-grant answer with an unsigned id_token
                             (exp = now + 600, no nonce), after --token-delay-ms
    GET  /a/user/<login>  -> 200 application/json {"Login": "<login>"}, after --user-delay-ms
    GET  /healthz         -> 200 text/plain "ok" (the single-GET target of blackbox_exporter)
    GET  /stats           -> 200 application/json, requests answered so far by kind (not counted itself),
                             and how many of them came over a resumed TLS session ("tls_resumed")
    GET  /timings         -> 200 text/plain, one line per token/user request answered so far:
                             "<kind> <client> <ms>", the server's own time from the end of the request to
                             the answer handed to the kernel (the injected delay plus this server's
                             overshoot); client is "probe" (User-Agent cells-auth-probe), "curl" or "other"

Every answer carries "Connection: close" and the connection is closed after it, as the probe uses no
keep-alive. With --tls-cert and --tls-key (PEM files) it speaks HTTPS instead, the handshake on every
connection (the per-request timings start after it: they are the answer's share only). Listens on
127.0.0.1 only. With --port 0 (the default) the kernel picks a free port; the
port is printed as the first stdout line ("listening 127.0.0.1:<port>") and written to --port-file.
"""
import argparse
import asyncio
import base64
import json
import os
import signal
import ssl
import sys
import time
from urllib.parse import unquote

COUNTS = {"token": 0, "user": 0, "healthz": 0, "other": 0, "tls_resumed": 0}
TIMINGS = []  # (kind, client, ms) of token and user requests


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


HEADER = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "bench"}).encode())
SIGNATURE = b64url(b"not-a-real-signature")
_token_cache = (0, b"")


def token_body() -> bytes:
    """The token answer; rebuilt once a second (exp moves with the clock), not per request."""
    global _token_cache
    now = int(time.time())
    if _token_cache[0] != now:
        payload = b64url(json.dumps({"iss": "http://127.0.0.1/auth/dex", "sub": "bench", "aud": "cells-front",
                                     "exp": now + 600, "iat": now, "name": "monitor"}).encode())
        _token_cache = (now, json.dumps({"access_token": "a", "token_type": "bearer", "expires_in": 599,
                                         "id_token": HEADER + "." + payload + "." + SIGNATURE}).encode())
    return _token_cache[1]


def answer(status: str, content_type: str, body: bytes) -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n").encode("ascii") + body


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, args) -> None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        length = 0
        client = "other"
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value.strip())
            elif name == "user-agent":
                agent = value.strip().lower()
                client = "probe" if agent.startswith("cells-auth-probe") else "curl" if agent.startswith("curl") else "other"
        if length:
            await reader.readexactly(length)
        tls = writer.get_extra_info("ssl_object")
        if tls is not None and tls.session_reused:
            COUNTS["tls_resumed"] += 1
        received = time.perf_counter()
        kind = None
        path = target.split("?", 1)[0]
        if method == "POST" and path == "/auth/dex/token":
            COUNTS["token"] += 1
            kind = "token"
            if args.token_delay_ms:
                await asyncio.sleep(args.token_delay_ms / 1000)
            out = answer("200 OK", "application/json", token_body())
        elif method == "GET" and path.startswith("/a/user/"):
            COUNTS["user"] += 1
            kind = "user"
            if args.user_delay_ms:
                await asyncio.sleep(args.user_delay_ms / 1000)
            login = unquote(path[len("/a/user/"):])
            out = answer("200 OK", "application/json", json.dumps({"Login": login}).encode())
        elif method == "GET" and path == "/healthz":
            COUNTS["healthz"] += 1
            out = answer("200 OK", "text/plain", b"ok")
        elif method == "GET" and path == "/stats":
            out = answer("200 OK", "application/json", json.dumps(COUNTS).encode())
        elif method == "GET" and path == "/timings":
            out = answer("200 OK", "text/plain", "".join(f"{k} {c} {ms:.3f}\n" for k, c, ms in TIMINGS).encode())
        else:
            COUNTS["other"] += 1
            out = answer("404 Not Found", "text/plain", b"not found")
        writer.write(out)
        await writer.drain()
        if kind is not None and args.timings:
            TIMINGS.append((kind, client, (time.perf_counter() - received) * 1000))
    except (asyncio.IncompleteReadError, ConnectionError, ValueError, asyncio.LimitOverrunError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--token-delay-ms", type=float, default=0.0)
    parser.add_argument("--user-delay-ms", type=float, default=0.0)
    parser.add_argument("--timings", action="store_true", help="keep per-request timings for GET /timings")
    parser.add_argument("--tls-cert", help="PEM certificate (chain): serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--no-tls-tickets", action="store_true",
                        help="hand out no session tickets: no client can resume a TLS session")
    args = parser.parse_args()
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
        if args.no_tls_tickets:
            tls.num_tickets = 0  # TLS 1.3
            tls.options |= ssl.OP_NO_TICKET  # TLS 1.2
    server = await asyncio.start_server(lambda r, w: handle(r, w, args), "127.0.0.1", args.port,
                                        backlog=4096, reuse_address=True, ssl=tls)
    print(f"listening 127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    await serve_until_stopped(server, args.port_file)


async def serve_until_stopped(server, port_file) -> None:
    """Publishes the port to port_file (atomically: scripts poll it) and serves until SIGTERM/SIGINT."""
    port = server.sockets[0].getsockname()[1]
    if port_file:
        tmp = port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, port_file)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
