#!/usr/bin/env python3
"""A real SMTP server on loopback for the integration tests.

Records every accepted message as one JSON line (envelope, decoded headers,
both MIME parts, and each attachment's name, type and the path of its bytes,
saved in FILE.jsonl.files/) so the Rust tests can check what was received,
and injects
the faults a mail server really produces:

  --tempfail-data N   answer "451" to the first N DATA commands
  --drop-data N       close the connection instead of answering the first N DATA
  --reject-rcpt ADDR  answer "550" to RCPT TO:<ADDR> (repeatable)
  --defer-rcpt ADDR   answer "450" to RCPT TO:<ADDR> (repeatable)
  --hold-quit FILE    on QUIT, append a line to FILE and never answer (the
                      client is killed there by the test: the crash window)

Usage: smtp_server.py --out FILE.jsonl --port-file FILE [faults...]
The port is chosen by the OS and written to --port-file once listening.
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import sys

try:
    from aiosmtpd.smtp import SMTP
except ImportError:  # pragma: no cover
    sys.stderr.write("aiosmtpd is missing: pip install -r tests/requirements.txt\n")
    sys.exit(3)


class Recorder:
    def __init__(self, args):
        self.args = args
        self.tempfail_left = args.tempfail_data
        self.drop_left = args.drop_data
        self.reject = {a.lower() for a in args.reject_rcpt}
        self.defer = {a.lower() for a in args.defer_rcpt}
        self.saved = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if address.lower() in self.defer:
            return "450 4.2.1 <%s>: mailbox busy, try later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_left > 0:
            self.drop_left -= 1
            server.transport.close()
            return "421 closing"  # never reaches the client
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return "451 4.3.0 temporary failure, try again later"
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        plain = msg.get_body(("plain",))
        html = msg.get_body(("html",))
        attachments = []
        for part in msg.iter_attachments():
            folder = self.args.out + ".files"
            os.makedirs(folder, exist_ok=True)
            self.saved += 1
            path = os.path.join(folder, "%d-%s" % (self.saved, part.get_filename()))
            with open(path, "wb") as f:
                f.write(part.get_content())
            attachments.append({
                "filename": part.get_filename(),
                "content_type": part.get_content_type(),
                "path": path,
            })
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": msg["Message-ID"],
            "subject": str(msg["Subject"]),
            "to": str(msg["To"] or ""),
            "cc": str(msg["Cc"] or ""),
            "x_budget_kind": msg["X-Budget-Kind"],
            "x_budget_projects": msg["X-Budget-Projects"],
            "content_type": msg.get_content_type(),
            "text": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
            "attachments": attachments,
        }
        with open(self.args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        return "250 2.0.0 accepted"


class HoldingSMTP(SMTP):
    """Never answers QUIT when --hold-quit is given."""

    hold_quit = None

    async def smtp_QUIT(self, arg):
        if self.hold_quit:
            with open(self.hold_quit, "a") as f:
                f.write("quit\n")
                f.flush()
                os.fsync(f.fileno())
            await asyncio.sleep(3600)
        return await super().smtp_QUIT(arg)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--tempfail-data", type=int, default=0)
    p.add_argument("--drop-data", type=int, default=0)
    p.add_argument("--reject-rcpt", action="append", default=[])
    p.add_argument("--defer-rcpt", action="append", default=[])
    p.add_argument("--hold-quit", default=None)
    args = p.parse_args()
    HoldingSMTP.hold_quit = args.hold_quit
    handler = Recorder(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: HoldingSMTP(handler, hostname="test.local", decode_data=False), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, args.port_file)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
