"""Sync: a journal on every device, through a hub that only ever sees encrypted change sets.

domain.hlc and domain.merge hold the rules, store.sync_log the journal's own sync tables; this
package encrypts (crypto), talks to a hub (folder_hub, postgres_hub) and runs a sync (syncing).
PyNaCl and psycopg are imported here only, and only when a sync runs: never while the app starts.
"""
