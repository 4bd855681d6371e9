"""aiosmtpd's Maildir handler with the refusals real servers give, by recipient, for the
e-mail delivery tests:

- ``nobody@…``: ``550 5.1.1`` (no such user: permanent, RFC 5321 4.2.2);
- ``busy@…``: ``451 4.3.0`` (try again later: temporary).

Everyone else is accepted and stored as Maildir, as ``aiosmtpd.handlers.Mailbox`` does.
"""

from aiosmtpd.handlers import Mailbox


class Handler(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local == "nobody":
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local == "busy":
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"
