"""Workshop mode: a facilitator runs rounds in which groups govern their own municipality.

The database (workshop/store.py) is the only source of truth; the pages (workshop/app.py)
read it on every poll and write it through the rules (workshop/rules.py), the round cycle
(workshop/rounds.py) and the participants' actions (workshop/sessions.py). This package's
`__init__` imports nothing, so that the command line's `--help` stays quick.
"""
