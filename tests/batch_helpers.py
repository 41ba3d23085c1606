"""Run functions for the batch tests: module-level, so spawned worker processes and Dask
workers can import them."""

from __future__ import annotations

import os

from experiments.runs import Result, Task, execute

BROKEN_ROOM = 0.9  # the runs at this room to act fail (or crash their worker)


def fail_some(task: Task) -> Result:
    """`execute`, but the runs at room to act BROKEN_ROOM get a scenario the model cannot
    take, so the model raises inside `execute`."""
    if task.scenario["levers"]["room_to_act"] == BROKEN_ROOM:
        task = Task(task.run_id, {**task.scenario, "region": "broken"}, task.outputs)
    return execute(task)


def crash_some(task: Task) -> Result:
    """`execute`, but the runs at room to act BROKEN_ROOM end their process at once, as a
    segfault or the out-of-memory killer would."""
    if task.scenario["levers"]["room_to_act"] == BROKEN_ROOM:
        os._exit(9)
    return execute(task)
