"""The candidates tables: one module per table group, named queries, dataclasses out.

They take a connection and never open transactions: the request (or job) does.
"""
