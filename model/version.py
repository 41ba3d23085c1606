"""The model's version: part of every run id, so results of another version never mix."""

__version__ = "0.1.0"
