"""The one YAML loader of the program: PyYAML's safe loader with limits.

PyYAML's own safe loader lets a file repeat a key (the last one silently wins), expand a
few aliases into billions of nodes ("billion laughs"), and nest deeper than Python's
recursion limit. This loader keeps PyYAML's parser (libyaml's when installed, for speed) and
its safe constructor, and adds the checks through PyYAML's own hooks: the composer (which
turns events into nodes) counts depth and what aliases expand to, and the constructor's
`construct_mapping` refuses repeated keys. Each refusal is a `yaml.MarkedYAMLError`, so it
names the line like any syntax error.
"""

from __future__ import annotations

import gc
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_BYTES = 64 * 1024 * 1024  # a 60,000-neighbourhood scenario is about 6 MB
MAX_DEPTH = 64  # a scenario nests six levels; an experiment about five
# Nodes that aliases may add to a document beyond the nodes written out: plenty for sharing
# a few profiles, far below what a billion-laughs file asks for.
ALIAS_BUDGET = 100_000

try:  # libyaml's parser: an order of magnitude faster on large files
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class LimitError(yaml.MarkedYAMLError):
    """A file beyond one of the loader's limits (the mark says where)."""


class _LimitedComposer(Composer):
    """PyYAML's composer, counting nesting depth and the nodes aliases expand to."""

    def __init__(self) -> None:
        super().__init__()
        self._depth = 0  # collections being composed
        self._sizes: dict[int, int] = {}  # id(node) -> nodes it expands to
        self._aliased = 0

    def compose_document(self) -> Node:
        node = super().compose_document()
        self._sizes = {}
        return node

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            if target is not None:
                if target.end_mark is None:  # still being composed: an ancestor
                    raise LimitError(None, None, f"the alias *{event.anchor} refers to a "
                                     "node that contains it (a cycle)", event.start_mark)
                self._aliased += self._size(target)
                if self._aliased > ALIAS_BUDGET:
                    raise LimitError(None, None, f"aliases expand to more than "
                                     f"{ALIAS_BUDGET:,} nodes (an alias bomb?); write the "
                                     "values out", event.start_mark)
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor: str | None) -> Node:
        return self._nested(super().compose_sequence_node, anchor)

    def compose_mapping_node(self, anchor: str | None) -> Node:
        return self._nested(super().compose_mapping_node, anchor)

    def _nested(self, compose: Any, anchor: str | None) -> Node:
        if self._depth >= MAX_DEPTH:
            raise LimitError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                             self.peek_event().start_mark)
        self._depth += 1
        try:
            return compose(anchor)
        finally:
            self._depth -= 1

    def _size(self, node: Node) -> int:
        """Nodes `node` expands to, aliases included (each node counted once per use)."""
        size = self._sizes.get(id(node))
        if size is None:
            if isinstance(node, SequenceNode):
                children = node.value
            elif isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            else:
                children = []
            size = 1 + sum(self._size(child) for child in children)
            self._sizes[id(node)] = size
        return size


class _StrictConstructor(SafeConstructor):
    """The safe constructor, refusing a key that a mapping repeats."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *base`: its keys may be overridden, as YAML intends
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: SafeConstructor refuses it in words
                if first is not None:
                    raise LimitError(None, None, f"duplicate key {_short(key)} (first given "
                                     f"on line {first + 1})", key_node.start_mark)
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (4,300)
            raise LimitError(None, None, f"the number {node.value[:20]}... has too many "
                             "digits", node.start_mark) from None


_StrictConstructor.add_constructor("tag:yaml.org,2002:int",
                                   _StrictConstructor.construct_yaml_int)


def _short(key: Any, limit: int = 40) -> str:
    text = repr(key)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class LimitedLoader(_Parser, _LimitedComposer, _StrictConstructor, Resolver):
    """PyYAML's safe loader (libyaml's parser when available) with the limits above."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _LimitedComposer.__init__(self)
        _StrictConstructor.__init__(self)
        Resolver.__init__(self)

    # libyaml's parser brings a composer of its own (in C, without the limits): these
    # names must reach the Python composer above.
    check_node = Composer.check_node
    get_node = Composer.get_node
    get_single_node = Composer.get_single_node


def load(text: str) -> Any:
    """The single document in `text`; yaml.YAMLError (with a mark where it can) when the
    text is not YAML or goes beyond a limit."""
    if len(text) > MAX_BYTES:
        raise LimitError(None, None, f"larger than the limit of {MAX_BYTES // 2**20} MB")
    loader = LimitedLoader(text)
    # A large file makes hundreds of thousands of objects and no reference cycles; the
    # cyclic garbage collector would walk them all again and again (it halves the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
