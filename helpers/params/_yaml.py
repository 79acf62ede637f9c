"""Reading params YAML: a strict SafeLoader (no YAML 1.1 guessing, no repeated keys) with size,
depth and alias limits, so a hostile file is refused in one line instead of hanging or recursing."""

from __future__ import annotations

import re
from typing import Any

import yaml

from helpers.errors import ParamsError

#: A params or calendar file is a few kB; these bounds are far above any real one and far below
#: what hurts (a "billion laughs" file expands 9 aliases per level into 10^9 nodes; 100k nested
#: brackets exhaust Python's recursion).
MAX_YAML_CHARS = 2_000_000
MAX_YAML_DEPTH = 40
MAX_YAML_ALIASES = 200
MAX_YAML_NODES = 200_000


class _LimitError(yaml.YAMLError):
    def __init__(self, problem: str, mark: yaml.Mark | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.mark = mark


class _DuplicateKeyError(yaml.constructor.ConstructorError):
    def __init__(self, key: Any, first: yaml.Mark, again: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", again)
        self.key = key
        self.first_line = first.line + 1
        self.line = again.line + 1


class ParamsLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without YAML 1.1 type guessing, refusing repeated keys.

    Plain scalars resolve only to: null (``null``, ``~``, empty), booleans ``true``/``false`` (any
    case of those two words), decimal integers, decimal floats (``1.5``, ``1e3``, ``.inf``, ``.nan``)
    and strings — so ``NO``, ``yes``, ``2026-07-01``, ``010`` and ``1:30`` all stay strings.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    # -- limits: depth and aliases while composing, expanded size once the document is composed --
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise _LimitError(
                    f"more than {MAX_YAML_ALIASES} aliases (*name)", self.peek_event().start_mark
                )
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _LimitError(
                    f"nesting deeper than {MAX_YAML_DEPTH} levels", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        if node is not None and _expanded_size(node) > MAX_YAML_NODES:
            raise _LimitError(
                f"more than {MAX_YAML_NODES:,} values once its aliases are expanded", node.start_mark
            )
        return node

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, yaml.Mark] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # unhashable key: let PyYAML raise its own error
                    continue
                if first is not None:
                    raise _DuplicateKeyError(key, first, key_node.start_mark)
                seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_KEEP = {"tag:yaml.org,2002:null"}
ParamsLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag in _KEEP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
ParamsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9]+[eE][-+]?[0-9]+"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _expanded_size(node: yaml.Node) -> int:
    """How many nodes the document holds with every alias expanded (shared nodes counted each time
    they are used; a node that contains itself counts as unbounded)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(item: yaml.Node) -> int:
        key = id(item)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            return MAX_YAML_NODES + 1
        open_nodes.add(key)
        total = 1
        if isinstance(item, yaml.SequenceNode):
            total += sum(size(child) for child in item.value)
        elif isinstance(item, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in item.value)
        open_nodes.discard(key)
        sizes[key] = min(total, MAX_YAML_NODES + 1)
        return sizes[key]

    return size(node)


def load_yaml(text: str, *, source: str = "<string>") -> Any:
    """Parse YAML text with :class:`ParamsLoader`; any YAML problem becomes a one-line ParamsError.

    >>> load_yaml("marketplace: NO\\nstart: 2026-07-01\\nok: true")
    {'marketplace': 'NO', 'start': '2026-07-01', 'ok': True}
    """
    if len(text) > MAX_YAML_CHARS:
        raise ParamsError(
            f"params file must be at most {MAX_YAML_CHARS:,} characters; got {len(text):,} (in {source})"
        )
    try:
        return yaml.load(text, Loader=ParamsLoader)  # noqa: S506 - ParamsLoader is a SafeLoader
    except _LimitError as error:
        where = f", line {error.mark.line + 1}" if error.mark is not None else ""
        raise ParamsError(
            f"params file must be plain YAML; got {error.problem} (in {source}{where})"
        ) from None
    except _DuplicateKeyError as error:
        raise ParamsError(
            f"params key {error.key!r} must appear only once in its section; got it again on line "
            f"{error.line} (first on line {error.first_line}) (in {source})"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = error.problem or error.context or "unreadable YAML"
        raise ParamsError(f"params file must be valid YAML; got {problem} (in {source}{where})") from None
    except yaml.YAMLError as error:
        raise ParamsError(f"params file must be valid YAML; got {error} (in {source})") from None
