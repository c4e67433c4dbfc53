"""The work list's tables and reads: one module per table group, named queries,
dataclasses out. They take a connection and never open transactions: the request does.
"""
