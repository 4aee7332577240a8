"""Turning files into Datasets: the native JSON format and the open formats we import.

Importers read and validate; they never write a database (bot/store/writer.py does).
The package itself holds no code, so any module here can import any other without a cycle:
the built-in data is listed in builtin.py, one file is imported by pipeline.py.
"""
