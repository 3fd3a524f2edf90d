#!/usr/bin/env python3
"""Local stand-ins for outside services, for tests only (loopback, free port).

  fixture-server.py ripestat FIXTURE.json   answers /data/rpki-validation/data.json in
                                            RIPEstat's shape from a table keyed "ASn prefix"
  fixture-server.py hostile MODE            answers every request badly: MODE is one of
                                            garbage, huge, wrongtype, status500, stall
  fixture-server.py rtr MODE                a misbehaving RPKI-to-Router cache: reset (Cache
                                            Reset), garbage, stall, nodata, truncated

Prints the port it listens on as the first line of stdout, then serves until killed or
until 60 s pass (it stops by itself so a crashed test never leaves it behind).
"""
import json
import socket
import socketserver
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

LIFETIME = 60


def ripestat_handler(table):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != '/data/rpki-validation/data.json':
                self.send_error(404)
                return
            q = urllib.parse.parse_qs(url.query)
            key = '%s %s' % (q.get('resource', [''])[0], q.get('prefix', [''])[0])
            body = table.get(key, {"status": "ok", "data": {"status": "unknown",
                                                             "validating_roas": []}})
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
    return Handler


def hostile_handler(mode):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if mode == 'stall':
                time.sleep(LIFETIME)
                return
            if mode == 'status500':
                self.send_error(500)
                return
            if mode == 'garbage':
                data = b'{"data": {"status": "valid"'  # cut off
            elif mode == 'huge':
                data = b'[' + b'1,' * (3 * 1024 * 1024) + b'1]'
            else:  # wrongtype
                data = b'{"data": {"status": 42, "validating_roas": "nope"}}'
            self.send_response(200)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)
    return Handler


def rtr_handler(mode):
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.recv(8)
            if mode == 'stall':
                time.sleep(LIFETIME)
            elif mode == 'reset':
                self.request.sendall(struct.pack('!BBHI', 1, 8, 0, 8))
            elif mode == 'garbage':
                self.request.sendall(b'\x01\x03\x00\x07\xff\xff\xff\xffHELLO')
            elif mode == 'nodata':
                text = b'no data yet'
                self.request.sendall(struct.pack('!BBHIII', 1, 10, 2, 16 + len(text), 0,
                                                 len(text)) + text)
            elif mode == 'truncated':
                self.request.sendall(struct.pack('!BBHI', 1, 3, 7, 8) +
                                     struct.pack('!BBHIBBBBII', 1, 4, 0, 20, 1, 24, 24, 0,
                                                 0xc0000200, 64500)[:12])
    return Handler


class ThreadingHTTP(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True


class ThreadingTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    kind, arg = sys.argv[1], sys.argv[2]
    if kind == 'ripestat':
        with open(arg, encoding='utf-8') as f:
            server = ThreadingHTTP(('127.0.0.1', 0), ripestat_handler(json.load(f)))
    elif kind == 'hostile':
        server = ThreadingHTTP(('127.0.0.1', 0), hostile_handler(arg))
    elif kind == 'rtr':
        server = ThreadingTCP(('127.0.0.1', 0), rtr_handler(arg))
    else:
        sys.exit('unknown kind ' + kind)
    print(server.server_address[1], flush=True)
    threading.Timer(LIFETIME, server.shutdown).start()
    server.serve_forever()


if __name__ == '__main__':
    main()
