"""Django project package (settings, urls, wsgi).

Named ``config`` rather than ``platform``: a top-level ``platform`` package would
shadow the standard library module that ``uuid``, Django and psycopg import.
"""
