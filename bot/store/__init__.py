"""The store: the only place with SQL.

reader.py  -- async, read-only access returning domain records (the bot's side)
writer.py  -- builds a new database file and swaps it in atomically
checks.py  -- the rules `db check` enforces
state.py   -- per-server settings (the small read-write database)
"""
