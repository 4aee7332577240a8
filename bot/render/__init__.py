"""Turning Cards into something to show: text.py for terminals, embed.py for Discord
(the only renderer that imports discord), chart.py for pictures."""
