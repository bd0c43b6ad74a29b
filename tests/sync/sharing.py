"""Setting up a share between two journals on the test hub, as File ▸ Sync ▸ Share… does."""

from __future__ import annotations

from masterydesk.sync import shares
from masterydesk.trust.did_key import public_key_from_did
from masterydesk.trust.feedback import me
from masterydesk.trust.identity import journal_identity


def share_between(client, client_url: str, reader, reader_url: str, reader_user: str) -> None:
    """The reader publishes its journal's key; the client shares its figures with the reader's hub user."""
    with shares.share_hub(reader_url) as reader_hub:
        shares.publish_key(reader_hub, me(journal_identity(reader)).did)
    with shares.share_hub(client_url) as client_hub:
        shares.share_with(client, client_hub, me(journal_identity(client)), reader_user, public_key_from_did)
