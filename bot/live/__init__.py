"""Election night, live: following councils and posting each declared result once.

No discord, no SQL, no HTTP here: the feed (feed.Feed), the store (store.LiveStore) and
Discord (poster.Poster) are Protocols that the rest of the bot implements.
"""
