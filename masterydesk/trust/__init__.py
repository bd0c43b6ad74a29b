"""Mastery with others: the journal's identity (an Ed25519 key shown as a did:key), signed review
requests and answers, and Open Badges 3.0 credentials anyone can verify offline.

PyNaCl (signatures) and rfc8785 (canonical JSON) are imported here and in masterydesk.sync only.
"""
