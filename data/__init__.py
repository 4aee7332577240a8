"""The built-in datasets, shipped as package data: installed as `bot.builtin_data`.

Read with importlib.resources (see bot/config.py); nothing here is code.
"""
