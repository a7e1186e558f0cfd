"""The owner's commands: `python -m lazyathlete describe ...`, `python -m lazyathlete build`."""
