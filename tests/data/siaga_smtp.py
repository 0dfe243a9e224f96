"""An aiosmtpd handler for siaga's escalation tests.

`SlowMailbox MAILDIR DELAY_MS`: stores each message in MAILDIR, as
aiosmtpd.handlers.Mailbox does, then waits DELAY_MS milliseconds before it
answers "250 OK". A client killed in that window never learns that its
message was accepted: the window where an at-least-once sender resends.

Recipients whose local part starts with `reject-` are refused for good
(550), those starting with `later-` for now (451), as a relay would.

Started by tests/common/smtp.rs with PYTHONPATH set to this directory:

    python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c siaga_smtp.SlowMailbox DIR 40
"""

import asyncio

from aiosmtpd.handlers import Mailbox


class SlowMailbox(Mailbox):
    def __init__(self, mail_dir, delay_ms=0):
        super().__init__(mail_dir)
        self.delay = int(delay_ms) / 1000.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject-"):
            return "550 5.1.1 <%s>: no such mailbox" % address
        if address.startswith("later-"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        return answer

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) not in (1, 2):
            parser.error("usage: SlowMailbox MAILDIR [DELAY_MS]")
        return cls(*args)
