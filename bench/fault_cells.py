#!/usr/bin/env python3
"""A Cells-like HTTP/1.1 server that rotates through faults, for the soak benchmark (stdlib only,
asyncio, 127.0.0.1 only). The healthy answers are fake_cells.py's (imported from it).

Every --rotate-seconds (default 20) the next fault of this list applies to every request, then the
list starts again; the monitor's expected failure reason (and step) is in brackets:

    healthy          token and user answer normally                                [success]
    token-500        token: 500 application/json {"error": "server_error"}        [http_error, token]
    token-html       token: 200 text/html, the web login page                      [bad_response, token]
    user-html        user:  200 text/html, the web login page                      [bad_response, user]
    user-401         user:  401 text/plain "Unauthorized."                        [unauthorized, user]
    user-404         user:  404 application/json                                   [user_not_found, user]
    unavailable-503  token: 503 with "Retry-After: 2"                             [http_error, token]
    hang             token: the request is read, never answered                    [timeout, token]
    big-body         token: 200 application/json announcing and streaming 4 MiB    [bad_response, token]
    reset            token: the request is read, then a TCP reset (SO_LINGER 0)    [connect, token]
    bad-json         token: 200 application/json that is not JSON                  [bad_response, token]
    expired-token    token: 200 with an id_token whose exp is an hour ago          [token_invalid, token]

No fault rejects the credentials: the monitor backs off and then suspends a target after rejected
credentials (README, "Account-lockout safety and backoff"), so such a fault would stop the probing
this server exists to exercise.

Endpoints besides Cells' own (never counted as probe requests):

    GET  /control                          the current fault, the mode and the rotation (JSON)
    POST /control/hold?fault=NAME          stay on one fault (default healthy) until told otherwise
    POST /control/rotate?seconds=S&cycles=N  rotate from the first fault, S seconds per fault (default
                                           --rotate-seconds); after N full cycles (default: forever) hold healthy
    GET  /stats                            requests by fault and step, connections open now and in all,
                                           big bodies cut short by the client (JSON)

Every answer carries "Connection: close", as the probe uses no keep-alive. With --port 0 (the
default) the kernel picks the port: printed first ("listening 127.0.0.1:<port>") and written to
--port-file. The rotation schedule and every switch are printed to stdout with a timestamp.
"""
import argparse
import asyncio
import json
import os
import socket
import struct
import sys
import time
from urllib.parse import parse_qs, unquote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_cells import HEADER, SIGNATURE, answer, b64url, serve_until_stopped, token_body  # noqa: E402

FAULTS = [  # name, expected result "reason/step" (or success)
    ("healthy", "success"),
    ("token-500", "http_error/token"),
    ("token-html", "bad_response/token"),
    ("user-html", "bad_response/user"),
    ("user-401", "unauthorized/user"),
    ("user-404", "user_not_found/user"),
    ("unavailable-503", "http_error/token"),
    ("hang", "timeout/token"),
    ("big-body", "bad_response/token"),
    ("reset", "connect/token"),
    ("bad-json", "bad_response/token"),
    ("expired-token", "token_invalid/token"),
]
NAMES = [name for name, _ in FAULTS]
LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Pydio Cells</title></head>"
              b"<body><div id=\"login\">Please log in</div></body></html>")
CHUNK = b"x" * 65536


class State:
    def __init__(self, seconds: float):
        self.fault = "healthy"
        self.mode = "hold"
        self.seconds = seconds
        self.cycles = 0  # 0 = forever
        self.started = 0.0  # loop time of the current rotation's start
        self.task = None
        self.requests = {name: {"token": 0, "user": 0} for name in NAMES}
        self.open = 0
        self.connections = 0
        self.big_cut = 0  # big bodies the client stopped reading (reset/closed) before the end
        self.big_done = 0


def log(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)


def schedule_text(seconds: float, cycles: int) -> str:
    lines = [f"rotation: {seconds:g} s per fault, cycle {seconds * len(FAULTS):g} s, "
             + (f"{cycles} cycle(s) then hold healthy" if cycles else "repeating until told otherwise")]
    for i, (name, expect) in enumerate(FAULTS):
        lines.append(f"  +{i * seconds:7.1f} s  {name:16} expect {expect}")
    return "\n".join(lines)


async def rotate(state: State) -> None:
    loop = asyncio.get_running_loop()
    state.started = loop.time()
    step = 0
    try:
        while not state.cycles or step < state.cycles * len(FAULTS):
            state.fault = NAMES[step % len(FAULTS)]
            log(f"fault {state.fault} (cycle {step // len(FAULTS) + 1}, phase {step % len(FAULTS) + 1}/{len(FAULTS)})")
            step += 1
            # absolute deadlines: no drift over a long soak
            await asyncio.sleep(max(0.0, state.started + step * state.seconds - loop.time()))
        state.fault, state.mode = "healthy", "hold"
        log(f"rotation done after {state.cycles} cycle(s): holding healthy")
    except asyncio.CancelledError:
        pass


def control(state: State, method: str, path: str, query: dict, args) -> bytes:
    def param(name, default):
        return query.get(name, [default])[0]

    if method == "POST" and path in ("/control/hold", "/control/rotate"):
        if state.task is not None:
            state.task.cancel()
            state.task = None
        if path == "/control/hold":
            fault = param("fault", "healthy")
            if fault not in NAMES:
                return answer("400 Bad Request", "text/plain", f"unknown fault {fault}; known: {' '.join(NAMES)}".encode())
            state.fault, state.mode = fault, "hold"
            log(f"holding fault {fault}")
        else:
            state.seconds = float(param("seconds", args.rotate_seconds))
            state.cycles = int(param("cycles", "0"))
            if state.seconds <= 0:
                return answer("400 Bad Request", "text/plain", b"seconds must be positive")
            state.mode = "rotate"
            log(schedule_text(state.seconds, state.cycles))
            state.task = asyncio.get_running_loop().create_task(rotate(state))
            state.fault = NAMES[0]
    elif not (method == "GET" and path == "/control"):
        return answer("404 Not Found", "text/plain", b"not found")
    body = {"fault": state.fault, "mode": state.mode, "seconds": state.seconds, "cycles": state.cycles,
            "faults": [{"name": n, "expect": e} for n, e in FAULTS]}
    return answer("200 OK", "application/json", json.dumps(body).encode())


def expired_token_body() -> bytes:
    now = int(time.time())
    payload = b64url(json.dumps({"iss": "http://127.0.0.1/auth/dex", "sub": "bench", "aud": "cells-front",
                                 "exp": now - 3600, "iat": now - 4200, "name": "monitor"}).encode())
    return json.dumps({"access_token": "a", "token_type": "bearer", "expires_in": 599,
                       "id_token": HEADER + "." + payload + "." + SIGNATURE}).encode()


async def until_client_goes(reader: asyncio.StreamReader, limit_s: float) -> None:
    """Holds the connection without answering until the client closes or resets it."""
    async def drain_input():
        while await reader.read(65536):
            pass

    try:
        await asyncio.wait_for(drain_input(), limit_s)
    except asyncio.TimeoutError:
        pass


async def big_body(state: State, writer: asyncio.StreamWriter, size: int) -> None:
    writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n"
                 f"Connection: close\r\n\r\n".encode("ascii") + b'{"pad":"')
    sent = 8
    while sent < size:
        n = min(len(CHUNK), size - sent)
        writer.write(CHUNK[:n] if n < len(CHUNK) else CHUNK)
        sent += n
        await writer.drain()  # raises once the client has reset: never more than one chunk queued here
    state.big_done += 1


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, state: State, args) -> None:
    state.open += 1
    state.connections += 1
    fault = None
    try:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        if length:
            await reader.readexactly(length)
        path, _, query = target.partition("?")
        if path.startswith("/control"):
            writer.write(control(state, method, path, parse_qs(query), args))
        elif method == "GET" and path == "/stats":
            stats = {"fault": state.fault, "mode": state.mode, "open": state.open - 1,
                     "connections": state.connections, "big_cut": state.big_cut, "big_done": state.big_done,
                     "requests": state.requests}
            writer.write(answer("200 OK", "application/json", json.dumps(stats).encode()))
        elif method == "POST" and path == "/auth/dex/token":
            fault = state.fault
            state.requests[fault]["token"] += 1
            if fault == "token-500":
                writer.write(answer("500 Internal Server Error", "application/json",
                                    b'{"error":"server_error","error_description":"storage unavailable"}'))
            elif fault == "token-html":
                writer.write(answer("200 OK", "text/html; charset=utf-8", LOGIN_PAGE))
            elif fault == "unavailable-503":
                body = b"Service Unavailable"
                writer.write((f"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                              f"Content-Length: {len(body)}\r\nRetry-After: 2\r\nConnection: close\r\n\r\n")
                             .encode("ascii") + body)
            elif fault == "hang":
                await until_client_goes(reader, args.hang_limit)
            elif fault == "big-body":
                try:
                    await big_body(state, writer, int(args.big_body_mib * 1024 * 1024))
                except (ConnectionError, OSError):
                    state.big_cut += 1
                    raise
            elif fault == "reset":
                sock = writer.get_extra_info("socket")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            elif fault == "bad-json":
                writer.write(answer("200 OK", "application/json", b'{"access_token": "a", "id_token": '))
            elif fault == "expired-token":
                writer.write(answer("200 OK", "application/json", expired_token_body()))
            else:  # healthy and the user-step faults
                writer.write(answer("200 OK", "application/json", token_body()))
        elif method == "GET" and path.startswith("/a/user/"):
            fault = state.fault
            state.requests[fault]["user"] += 1
            if fault == "user-html":
                writer.write(answer("200 OK", "text/html; charset=utf-8", LOGIN_PAGE))
            elif fault == "user-401":
                writer.write(answer("401 Unauthorized", "text/plain; charset=utf-8", b"Unauthorized."))
            elif fault == "user-404":
                writer.write(answer("404 Not Found", "application/json",
                                    b'{"Title":"Cannot find user","Detail":"user not found"}'))
            else:
                login = unquote(path[len("/a/user/"):])
                writer.write(answer("200 OK", "application/json", json.dumps({"Login": login}).encode()))
        else:
            writer.write(answer("404 Not Found", "text/plain", b"not found"))
        if not writer.transport.is_closing():
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, OSError, ValueError, asyncio.LimitOverrunError):
        pass
    finally:
        state.open -= 1
        writer.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--rotate-seconds", type=float, default=20.0, help="seconds per fault (default 20)")
    parser.add_argument("--hold", metavar="FAULT",
                        help="start holding this fault instead of rotating (POST /control/rotate starts it)")
    parser.add_argument("--big-body-mib", type=float, default=4.0, help="size of the big-body answer (default 4)")
    parser.add_argument("--hang-limit", type=float, default=120.0,
                        help="seconds after which a hanging answer is closed anyway (default 120)")
    args = parser.parse_args()
    if args.hold and args.hold not in NAMES:
        parser.error(f"unknown fault {args.hold}; known: {' '.join(NAMES)}")
    state = State(args.rotate_seconds)
    server = await asyncio.start_server(lambda r, w: handle(r, w, state, args), "127.0.0.1", args.port,
                                        backlog=4096, reuse_address=True)
    port = server.sockets[0].getsockname()[1]
    print(f"listening 127.0.0.1:{port}", flush=True)
    if args.hold:
        state.fault = args.hold
        log(f"holding fault {args.hold} until POST /control/rotate")
        log(schedule_text(state.seconds, 0))
    else:
        state.mode = "rotate"
        log(schedule_text(state.seconds, 0))
        state.task = asyncio.get_running_loop().create_task(rotate(state))
    await serve_until_stopped(server, args.port_file)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
