"""Background work: the `perspectief worker` process and the job queue it consumes.

Web processes and command-line tools only *enqueue* (in their own transaction); a
worker process embeds, imports and runs the scheduled sweeps. See `queue.py` for the
enqueue helpers, `jobs.py` for what each job does and `main.py` for the process.
"""
