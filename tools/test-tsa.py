#!/usr/bin/env python3
"""A small RFC 3161 time-stamp authority on loopback, for tests only.

    python3 tools/test-tsa.py --key TSA.key --cert TSA.crt --dir WORK [--port PORT]

Listens on 127.0.0.1 on PORT (default: a free one), prints the port on the first line of stdout, and answers each POST of an
application/timestamp-query with `openssl ts -reply` (signed with KEY and CERT, the certificate included) as
application/timestamp-reply. A POST to /bad is answered with bytes that are not a time-stamp response. It stops
when its standard input is closed (or it is killed).
"""

import argparse
import http.server
import os
import subprocess
import sys
import tempfile
import threading


def write_config(directory, key, cert):
    serial = os.path.join(directory, "serial")
    if not os.path.exists(serial):
        with open(serial, "w") as handle:
            handle.write("01\n")
    config = os.path.join(directory, "tsa.cnf")
    with open(config, "w") as handle:
        handle.write(
            "[ tsa ]\ndefault_tsa = tsa_config\n\n[ tsa_config ]\n"
            f"serial = {serial}\ncrypto_device = builtin\nsigner_cert = {cert}\nsigner_key = {key}\n"
            "signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\n"
            "accuracy = secs:1\nordering = no\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n"
        )
    return config


def main():
    parser = argparse.ArgumentParser(description="a loopback RFC 3161 authority for tests")
    parser.add_argument("--key", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0, help="the port to listen on (default: a free one)")
    args = parser.parse_args()
    config = write_config(args.dir, os.path.abspath(args.key), os.path.abspath(args.cert))
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            query = self.rfile.read(min(length, 1 << 20))
            if self.path == "/bad":
                return self.answer(200, b"this is not a time-stamp response")
            with lock, tempfile.TemporaryDirectory(dir=args.dir) as scratch:
                query_file = os.path.join(scratch, "query.tsq")
                reply_file = os.path.join(scratch, "reply.tsr")
                with open(query_file, "wb") as handle:
                    handle.write(query)
                done = subprocess.run(
                    ["openssl", "ts", "-reply", "-config", config, "-queryfile", query_file, "-out", reply_file],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                )
                if done.returncode != 0:
                    sys.stderr.write(done.stderr.decode(errors="replace"))
                    return self.answer(500, b"openssl ts -reply failed")
                with open(reply_file, "rb") as handle:
                    self.answer(200, handle.read())

        def answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    server = http.server.HTTPServer(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
